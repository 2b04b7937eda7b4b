/**
 * Administration (/admin, role admin): staff with their roles (/admin), service levels with their
 * escalation levels (/admin/sla), the work calendar with its holidays (/admin/kalender) and the
 * stations (/admin/stasiun). Every change goes to the API, which audits it; a 400's details are
 * shown next to the fields they name.
 */
import { call, type Answer, type Body } from '../api/client';
import { h } from '../dom';
import { t, type MessageKey } from '../i18n/i18n';
import { kelurahanName } from '../names';
import { heading, setFlash, type PageContext, type PageRender } from '../page';
import { navigate } from '../router';
import {
  checkboxes,
  checkedOf,
  clearErrors,
  input,
  select,
  showFailure,
  valueOf,
} from './admin-form';

type Role = Body<'createStaff'>['roles'][number];
type Unit = Body<'updateSlaPolicy'>['dueUnit'];
type Policy = Answer<'listSlaPolicies'>['items'][number];
type Staff = Answer<'listStaff'>['items'][number];
type Station = Answer<'listStations'>['items'][number];

const allRoles: Role[] = [
  'ketua-rt',
  'staf-kelurahan',
  'lurah',
  'petugas-loket',
  'operator-perekaman',
  'kasi',
  'sekcam',
  'camat',
  'dinas-siak',
  'dinas-cetak',
  'dinas-gudang',
  'kadis',
  'perancang-proses',
  'admin',
  'auditor',
];
const units: Unit[] = ['WORKING_DAYS', 'WORKING_MINUTES', 'MINUTES', 'CALENDAR_DAYS'];
const roleOptions = () => allRoles.map((r) => ({ value: r, label: t(`role.${r}` as MessageKey) }));
const unitOptions = () =>
  units.map((u) => ({ value: u, label: t(`admin.unit.${u}` as MessageKey) }));

const sections = [
  { path: '/admin', label: 'admin.tab.staff' },
  { path: '/admin/sla', label: 'admin.tab.sla' },
  { path: '/admin/kalender', label: 'admin.tab.calendar' },
  { path: '/admin/stasiun', label: 'admin.tab.stations' },
] as const;

function tabs(current: string): HTMLElement {
  return h(
    'nav',
    { class: 'tabs', 'aria-label': t('admin.sections') },
    h(
      'ul',
      {},
      sections.map((s) =>
        h(
          'li',
          {},
          h(
            'a',
            { href: s.path, 'aria-current': s.path === current ? 'page' : undefined },
            t(s.label),
          ),
        ),
      ),
    ),
  );
}

function page(path: string, title: string, ...content: Array<HTMLElement | null>) {
  return {
    title,
    view: h(
      'section',
      { class: 'admin' },
      h('p', { class: 'muted small' }, t('admin.title')),
      heading(title),
      tabs(path),
      ...content,
    ),
  };
}

export const adminPage: PageRender = async (context) => {
  switch (context.params.section) {
    case undefined:
      return staffPage(context);
    case 'sla':
      return slaPage(context);
    case 'kalender':
      return calendarPage(context);
    case 'stasiun':
      return stationsPage(context);
    default:
      return page('', t('notFound.title'), h('p', {}, t('notFound.text')));
  }
};

/* ---------- staff ---------- */

async function staffPage({ query, signal, refresh }: PageContext) {
  const q = query.get('q') ?? '';
  const list = await call('listStaff', { query: { q: q || undefined, pageSize: 100 }, signal });
  const search = h(
    'form',
    {
      class: 'filters',
      role: 'search',
      onsubmit: (event: Event) => {
        event.preventDefault();
        const value = valueOf(search, 'q');
        navigate(value ? `/admin?q=${encodeURIComponent(value)}` : '/admin');
      },
    },
    input(t('admin.staff.search'), { name: 'q', type: 'search', value: q }),
    h('div', { class: 'field' }, h('button', { type: 'submit' }, t('residents.submit'))),
  );

  const table = h(
    'div',
    { class: 'table-scroll' },
    h(
      'table',
      { class: 'staff' },
      h('caption', {}, t('admin.staff.count', { count: list.total })),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          [
            t('admin.staff.id'),
            t('admin.staff.name'),
            t('admin.staff.roles'),
            t('admin.staff.unit'),
            t('admin.staff.state'),
            t('tasks.col.action'),
          ].map((label) => h('th', { scope: 'col' }, label)),
        ),
      ),
      h(
        'tbody',
        {},
        list.items.map((s) =>
          h(
            'tr',
            { 'data-staff-id': s.id, class: s.active ? undefined : 'inactive' },
            h('td', { class: 'mono' }, s.id),
            h('td', {}, s.name, h('div', { class: 'muted small' }, s.position)),
            h('td', {}, s.roles.map((r) => t(`role.${r}` as MessageKey)).join(', ')),
            h(
              'td',
              {},
              kelurahanName(s.unitCode),
              h('div', { class: 'muted small mono' }, s.unitCode),
            ),
            h(
              'td',
              {},
              s.active ? t('admin.staff.active') : t('admin.staff.inactive'),
              s.canSignIn ? null : h('div', { class: 'muted small' }, t('admin.staff.noLogin')),
            ),
            h(
              'td',
              {},
              h(
                'button',
                {
                  type: 'button',
                  class: 'secondary small-button',
                  'aria-label': t('admin.editNamed', { name: s.name }),
                  onclick: () => editStaff(s, refresh),
                },
                t('admin.edit'),
              ),
            ),
          ),
        ),
      ),
    ),
  );

  const box = h('div', { 'aria-live': 'polite' });
  const form: HTMLFormElement = h(
    'form',
    {
      class: 'admin-form',
      'aria-labelledby': 'new-staff-title',
      novalidate: true,
      onsubmit: (event: Event) => {
        event.preventDefault();
        void create();
      },
    },
    h('h2', { id: 'new-staff-title' }, t('admin.staff.new')),
    h(
      'div',
      { class: 'form-grid' },
      input(t('admin.staff.id'), { name: 'id', autocomplete: 'off' }),
      input(t('admin.staff.name'), { name: 'name' }),
      input('NIP', { name: 'nip', inputmode: 'numeric' }),
      select(
        t('admin.staff.employment'),
        'employment',
        ['PNS', 'PPPK', 'NON_ASN'].map((v) => ({ value: v, label: v })),
        'PNS',
      ),
      input(t('admin.staff.unit'), { name: 'unitCode', value: '15.71.08' }),
      input(t('admin.staff.position'), { name: 'position' }),
      input(t('admin.staff.superior'), { name: 'superiorId' }),
      input(t('admin.staff.password'), {
        name: 'password',
        type: 'password',
        autocomplete: 'new-password',
      }),
    ),
    checkboxes(t('admin.staff.roles'), 'roles', roleOptions(), []),
    box,
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'submit', class: 'primary' }, t('admin.staff.create')),
    ),
  );

  async function create(): Promise<void> {
    clearErrors(form, box);
    const optional = (name: string) => valueOf(form, name) || undefined;
    try {
      const made = await call('createStaff', {
        body: {
          id: valueOf(form, 'id'),
          name: valueOf(form, 'name'),
          nip: optional('nip'),
          employment: valueOf(form, 'employment') as Staff['employment'],
          unitCode: valueOf(form, 'unitCode'),
          position: valueOf(form, 'position'),
          superiorId: optional('superiorId'),
          roles: checkedOf(form, 'roles') as Role[],
          password: optional('password'),
        },
      });
      setFlash(t('admin.staff.created', { name: made.name }));
      refresh();
    } catch (failure) {
      showFailure(form, box, failure);
    }
  }

  return page('/admin', t('admin.tab.staff'), search, table, form);
}

function editStaff(staff: Staff, refresh: () => void): void {
  const box = h('div', { 'aria-live': 'polite' });
  const passwordBox = h('div', { 'aria-live': 'polite' });
  const dialog = h('dialog', {
    class: 'action-dialog wide',
    'aria-labelledby': 'edit-staff-title',
  });
  const form: HTMLFormElement = h(
    'form',
    {
      novalidate: true,
      onsubmit: (event: Event) => {
        event.preventDefault();
        void save();
      },
    },
    h('h2', { id: 'edit-staff-title' }, t('admin.editNamed', { name: staff.name })),
    h(
      'div',
      { class: 'form-grid' },
      input(t('admin.staff.name'), { name: 'name', value: staff.name }),
      input(t('admin.staff.unit'), { name: 'unitCode', value: staff.unitCode }),
      input(t('admin.staff.position'), { name: 'position', value: staff.position }),
      input(t('admin.staff.superior'), { name: 'superiorId', value: staff.superiorId ?? '' }),
    ),
    checkboxes(t('admin.staff.roles'), 'roles', roleOptions(), staff.roles),
    checkboxes(
      t('admin.staff.state'),
      'active',
      [{ value: 'true', label: t('admin.staff.active') }],
      staff.active ? ['true'] : [],
    ),
    box,
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'submit', class: 'primary' }, t('admin.save')),
      h(
        'button',
        { type: 'button', class: 'secondary', onclick: () => dialog.close() },
        t('dash.dialog.cancel'),
      ),
    ),
  );
  const passwordForm: HTMLFormElement = h(
    'form',
    {
      novalidate: true,
      class: 'password-form',
      onsubmit: (event: Event) => {
        event.preventDefault();
        void setPassword();
      },
    },
    h('h3', {}, t('admin.staff.newPassword')),
    input(t('admin.staff.password'), {
      name: 'password',
      type: 'password',
      autocomplete: 'new-password',
    }),
    passwordBox,
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('admin.staff.setPassword'))),
  );
  dialog.append(form, passwordForm);
  dialog.addEventListener('close', () => dialog.remove());
  document.body.appendChild(dialog);
  dialog.showModal();

  async function save(): Promise<void> {
    clearErrors(form, box);
    try {
      await call('updateStaff', {
        params: { id: staff.id },
        body: {
          name: valueOf(form, 'name'),
          unitCode: valueOf(form, 'unitCode'),
          position: valueOf(form, 'position'),
          superiorId: valueOf(form, 'superiorId') || null,
          roles: checkedOf(form, 'roles') as Role[],
          active: checkedOf(form, 'active').length > 0,
        },
      });
      dialog.close();
      setFlash(t('admin.saved'));
      refresh();
    } catch (failure) {
      showFailure(form, box, failure);
    }
  }

  async function setPassword(): Promise<void> {
    clearErrors(passwordForm, passwordBox);
    try {
      await call('setStaffPassword', {
        params: { id: staff.id },
        body: { password: valueOf(passwordForm, 'password') },
      });
      passwordBox.replaceChildren(
        h('p', { class: 'notice notice-success', role: 'status' }, t('admin.staff.passwordSet')),
      );
    } catch (failure) {
      showFailure(passwordForm, passwordBox, failure);
    }
  }
}

/* ---------- service levels ---------- */

async function slaPage({ query, signal, refresh }: PageContext) {
  const { items } = await call('listSlaPolicies', { signal });
  const chosen = items.find((p) => p.code === query.get('kode'));
  const table = h(
    'div',
    { class: 'table-scroll' },
    h(
      'table',
      { class: 'policies' },
      h('caption', { class: 'visually-hidden' }, t('admin.tab.sla')),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          [
            t('admin.sla.code'),
            t('admin.sla.step'),
            t('admin.sla.due'),
            t('admin.sla.levels'),
            t('tasks.col.action'),
          ].map((label) => h('th', { scope: 'col' }, label)),
        ),
      ),
      h(
        'tbody',
        {},
        items.map((p) =>
          h(
            'tr',
            { 'data-policy': p.code, 'aria-current': p === chosen ? 'true' : undefined },
            h('td', { class: 'mono' }, p.code),
            h(
              'td',
              {},
              p.stepName,
              p.legalBasis ? h('div', { class: 'muted small' }, p.legalBasis) : null,
            ),
            h('td', {}, amount(p.dueAmount, p.dueUnit)),
            h(
              'td',
              { class: 'small' },
              p.levels.length === 0
                ? '—'
                : h(
                    'ol',
                    { class: 'levels' },
                    p.levels.map((l) =>
                      h(
                        'li',
                        {},
                        `${t(`role.${l.candidateGroup}` as MessageKey)} · +${amount(l.afterAmount, l.afterUnit)}`,
                      ),
                    ),
                  ),
            ),
            h(
              'td',
              {},
              h(
                'a',
                {
                  href: `/admin/sla?kode=${p.code}#policy-form`,
                  'aria-label': t('admin.editNamed', { name: p.code }),
                },
                t('admin.edit'),
              ),
            ),
          ),
        ),
      ),
    ),
  );
  return page('/admin/sla', t('admin.tab.sla'), chosen ? policyForm(chosen, refresh) : null, table);
}

function amount(value: number, unit: Unit): string {
  return `${value} ${t(`admin.unit.${unit}` as MessageKey)}`;
}

function policyForm(policy: Policy, refresh: () => void): HTMLElement {
  const box = h('div', { 'aria-live': 'polite' });
  const levelsHost = h('div', { class: 'levels-editor', 'data-name': 'levels' });
  let count = 0;
  function levelRow(level?: Policy['levels'][number]): HTMLElement {
    const i = count;
    count += 1;
    const row: HTMLElement = h(
      'fieldset',
      { class: 'level-row' },
      h('legend', {}, t('dash.level', { level: i + 1 })),
      input(t('admin.sla.after'), {
        name: `levels.${i}.afterAmount`,
        type: 'number',
        min: 1,
        value: level?.afterAmount ?? 1,
      }),
      select(
        t('admin.sla.unit'),
        `levels.${i}.afterUnit`,
        unitOptions(),
        level?.afterUnit ?? 'WORKING_DAYS',
      ),
      select(
        t('admin.sla.group'),
        `levels.${i}.candidateGroup`,
        roleOptions(),
        level?.candidateGroup ?? 'camat',
      ),
    );
    return row;
  }
  for (const level of policy.levels) levelsHost.append(levelRow(level));

  const form: HTMLFormElement = h(
    'form',
    {
      id: 'policy-form',
      class: 'admin-form',
      'aria-labelledby': 'policy-form-title',
      novalidate: true,
      onsubmit: (event: Event) => {
        event.preventDefault();
        void save();
      },
    },
    h('h2', { id: 'policy-form-title' }, t('admin.sla.edit', { code: policy.code })),
    h('p', { class: 'muted' }, policy.stepName),
    h(
      'div',
      { class: 'form-grid' },
      input(t('admin.sla.dueAmount'), {
        name: 'dueAmount',
        type: 'number',
        min: 0,
        value: policy.dueAmount,
      }),
      select(t('admin.sla.unit'), 'dueUnit', unitOptions(), policy.dueUnit),
    ),
    levelsHost,
    h(
      'div',
      { class: 'actions' },
      h(
        'button',
        {
          type: 'button',
          class: 'secondary',
          onclick: () => {
            if (count < 4) levelsHost.append(levelRow());
          },
        },
        t('admin.sla.addLevel'),
      ),
      h(
        'button',
        {
          type: 'button',
          class: 'secondary',
          onclick: () => {
            if (count > 0) {
              levelsHost.lastElementChild?.remove();
              count -= 1;
            }
          },
        },
        t('admin.sla.removeLevel'),
      ),
    ),
    h('p', { class: 'muted small' }, t('admin.sla.appliesAfter')),
    box,
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'submit', class: 'primary' }, t('admin.save')),
      h('a', { href: '/admin/sla' }, t('dash.dialog.cancel')),
    ),
  );

  async function save(): Promise<void> {
    clearErrors(form, box);
    const levels = Array.from({ length: count }, (_, i) => ({
      level: i + 1,
      afterAmount: Number(valueOf(form, `levels.${i}.afterAmount`)),
      afterUnit: valueOf(form, `levels.${i}.afterUnit`) as Unit,
      candidateGroup: valueOf(form, `levels.${i}.candidateGroup`) as Role,
    }));
    try {
      await call('updateSlaPolicy', {
        params: { code: policy.code },
        body: {
          dueAmount: Number(valueOf(form, 'dueAmount')),
          dueUnit: valueOf(form, 'dueUnit') as Unit,
          levels,
        },
      });
      setFlash(t('admin.sla.saved', { code: policy.code }));
      history.replaceState(null, '', '/admin/sla');
      refresh();
    } catch (failure) {
      showFailure(form, box, failure);
    }
  }
  return form;
}

/* ---------- work calendar ---------- */

async function calendarPage({ query, signal, refresh }: PageContext) {
  const year = Number(query.get('tahun')) || new Date().getFullYear();
  const calendar = await call('getWorkCalendar', { query: { year }, signal });
  const weekdays = [1, 2, 3, 4, 5, 6, 7].map((d) => ({
    value: String(d),
    label: t(`admin.weekday.${d}` as MessageKey),
  }));

  const hoursBox = h('div', { 'aria-live': 'polite' });
  const hours: HTMLFormElement = h(
    'form',
    {
      class: 'admin-form',
      'aria-labelledby': 'hours-title',
      novalidate: true,
      onsubmit: (event: Event) => {
        event.preventDefault();
        void saveHours();
      },
    },
    h('h2', { id: 'hours-title' }, t('admin.calendar.hours')),
    checkboxes(
      t('admin.calendar.weekdays'),
      'workingWeekdays',
      weekdays,
      calendar.workingWeekdays.map(String),
    ),
    h(
      'div',
      { class: 'form-grid' },
      input(t('admin.calendar.opens'), { name: 'opens', type: 'time', value: calendar.opens }),
      input(t('admin.calendar.closes'), { name: 'closes', type: 'time', value: calendar.closes }),
    ),
    hoursBox,
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'submit', class: 'primary' }, t('admin.save')),
    ),
  );
  async function saveHours(): Promise<void> {
    clearErrors(hours, hoursBox);
    try {
      await call('updateWorkCalendar', {
        body: {
          workingWeekdays: checkedOf(hours, 'workingWeekdays').map(Number),
          opens: valueOf(hours, 'opens'),
          closes: valueOf(hours, 'closes'),
        },
      });
      setFlash(t('admin.saved'));
      refresh();
    } catch (failure) {
      showFailure(hours, hoursBox, failure);
    }
  }

  const listBox = h('div', { 'aria-live': 'polite' });
  const holidays = h(
    'section',
    { 'aria-labelledby': 'holidays-title' },
    h('h2', { id: 'holidays-title' }, t('admin.calendar.holidays', { year })),
    h(
      'p',
      {},
      h('a', { href: `/admin/kalender?tahun=${year - 1}` }, `← ${year - 1}`),
      ' · ',
      h('a', { href: `/admin/kalender?tahun=${year + 1}` }, `${year + 1} →`),
    ),
    listBox,
    calendar.holidays.length === 0
      ? h('p', { class: 'empty' }, t('admin.calendar.none'))
      : h(
          'table',
          { class: 'holidays' },
          h('caption', { class: 'visually-hidden' }, t('admin.calendar.holidays', { year })),
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              [
                t('admin.calendar.day'),
                t('admin.calendar.name'),
                t('admin.calendar.kind'),
                t('tasks.col.action'),
              ].map((label) => h('th', { scope: 'col' }, label)),
            ),
          ),
          h(
            'tbody',
            {},
            calendar.holidays.map((d) =>
              h(
                'tr',
                { 'data-day': d.day },
                h('td', {}, h('time', { datetime: d.day }, d.day)),
                h('td', {}, d.name),
                h('td', {}, t(`admin.calendar.${d.kind}` as MessageKey)),
                h(
                  'td',
                  {},
                  h(
                    'button',
                    {
                      type: 'button',
                      class: 'secondary small-button',
                      'aria-label': t('admin.calendar.removeNamed', { name: d.name, day: d.day }),
                      onclick: () => void removeHoliday(d),
                    },
                    t('admin.remove'),
                  ),
                ),
              ),
            ),
          ),
        ),
  );

  async function removeHoliday(d: { day: string; name: string }): Promise<void> {
    if (!confirm(t('admin.calendar.confirmRemove', { name: d.name }))) return;
    try {
      await call('removeHoliday', { params: { day: d.day } });
      setFlash(t('admin.calendar.removed', { name: d.name }));
      refresh();
    } catch (failure) {
      showFailure(holidays, listBox, failure);
    }
  }

  const addBox = h('div', { 'aria-live': 'polite' });
  const add: HTMLFormElement = h(
    'form',
    {
      class: 'admin-form',
      'aria-labelledby': 'add-holiday-title',
      novalidate: true,
      onsubmit: (event: Event) => {
        event.preventDefault();
        void addHoliday();
      },
    },
    h('h2', { id: 'add-holiday-title' }, t('admin.calendar.add')),
    h(
      'div',
      { class: 'form-grid' },
      input(t('admin.calendar.day'), { name: 'day', type: 'date' }),
      input(t('admin.calendar.name'), { name: 'name' }),
      select(
        t('admin.calendar.kind'),
        'kind',
        [
          { value: 'LIBUR_NASIONAL', label: t('admin.calendar.LIBUR_NASIONAL') },
          { value: 'CUTI_BERSAMA', label: t('admin.calendar.CUTI_BERSAMA') },
        ],
        'LIBUR_NASIONAL',
      ),
    ),
    addBox,
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'submit', class: 'primary' }, t('admin.calendar.addButton')),
    ),
  );
  async function addHoliday(): Promise<void> {
    clearErrors(add, addBox);
    try {
      const made = await call('addHoliday', {
        body: {
          day: valueOf(add, 'day'),
          name: valueOf(add, 'name'),
          kind: valueOf(add, 'kind') as 'LIBUR_NASIONAL' | 'CUTI_BERSAMA',
        },
      });
      setFlash(t('admin.calendar.added', { name: made.name, day: made.day }));
      const madeYear = Number(made.day.slice(0, 4));
      if (madeYear !== year) history.replaceState(null, '', `/admin/kalender?tahun=${madeYear}`);
      refresh();
    } catch (failure) {
      showFailure(add, addBox, failure);
    }
  }

  return page(
    '/admin/kalender',
    t('admin.tab.calendar'),
    h('div', { class: 'two-columns' }, hours, add),
    holidays,
  );
}

/* ---------- stations ---------- */

async function stationsPage({ signal, refresh }: PageContext) {
  const list = await call('listStations', { query: { pageSize: 100 }, signal });
  const kinds = ['RECORDING', 'PRINTER', 'CARD_READER'].map((k) => ({
    value: k,
    label: t(`admin.station.${k}` as MessageKey),
  }));

  function row(s: Station): HTMLElement {
    const box = h('div', { 'aria-live': 'polite' });
    const form: HTMLFormElement = h(
      'form',
      {
        class: 'inline-form',
        novalidate: true,
        'aria-label': t('admin.editNamed', { name: s.name }),
        onsubmit: (event: Event) => {
          event.preventDefault();
          void save();
        },
      },
      input(t('admin.station.name'), { name: 'name', value: s.name }),
      input(t('admin.station.capacity'), {
        name: 'dailyCapacity',
        type: 'number',
        min: 1,
        value: s.dailyCapacity,
      }),
      h('div', { class: 'field' }, h('button', { type: 'submit' }, t('admin.save'))),
      box,
    );
    async function save(): Promise<void> {
      clearErrors(form, box);
      try {
        await call('updateStation', {
          params: { id: s.id },
          body: {
            name: valueOf(form, 'name'),
            dailyCapacity: Number(valueOf(form, 'dailyCapacity')),
          },
        });
        setFlash(t('admin.saved'));
        refresh();
      } catch (failure) {
        showFailure(form, box, failure);
      }
    }
    return h(
      'tr',
      { 'data-station': s.id },
      h('td', { class: 'mono' }, s.id),
      h('td', {}, t(`admin.station.${s.kind}` as MessageKey)),
      h('td', {}, kelurahanName(s.locationCode)),
      h(
        'td',
        {},
        s.down ? h('span', { class: 'badge badge-overdue' }, t('dash.down')) : t('dash.up'),
      ),
      h('td', {}, form),
    );
  }

  const table = h(
    'div',
    { class: 'table-scroll' },
    h(
      'table',
      { class: 'stations' },
      h('caption', { class: 'visually-hidden' }, t('admin.tab.stations')),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          [
            'ID',
            t('admin.station.kind'),
            t('admin.station.location'),
            t('dash.col.state'),
            t('admin.edit'),
          ].map((label) => h('th', { scope: 'col' }, label)),
        ),
      ),
      h('tbody', {}, list.items.map(row)),
    ),
  );

  const box = h('div', { 'aria-live': 'polite' });
  const form: HTMLFormElement = h(
    'form',
    {
      class: 'admin-form',
      'aria-labelledby': 'new-station-title',
      novalidate: true,
      onsubmit: (event: Event) => {
        event.preventDefault();
        void create();
      },
    },
    h('h2', { id: 'new-station-title' }, t('admin.station.new')),
    h(
      'div',
      { class: 'form-grid' },
      input('ID', { name: 'id', autocomplete: 'off' }),
      select(t('admin.station.kind'), 'kind', kinds, 'RECORDING'),
      input(t('admin.station.name'), { name: 'name' }),
      input(t('admin.station.location'), { name: 'locationCode', value: '15.71.08' }),
      input(t('admin.station.capacity'), {
        name: 'dailyCapacity',
        type: 'number',
        min: 1,
        value: 60,
      }),
    ),
    box,
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'submit', class: 'primary' }, t('admin.station.create')),
    ),
  );
  async function create(): Promise<void> {
    clearErrors(form, box);
    try {
      const made = await call('createStation', {
        body: {
          id: valueOf(form, 'id'),
          kind: valueOf(form, 'kind') as Station['kind'],
          name: valueOf(form, 'name'),
          locationCode: valueOf(form, 'locationCode'),
          dailyCapacity: Number(valueOf(form, 'dailyCapacity')),
        },
      });
      setFlash(t('admin.station.created', { name: made.name }));
      refresh();
    } catch (failure) {
      showFailure(form, box, failure);
    }
  }
  return page('/admin/stasiun', t('admin.tab.stations'), table, form);
}
