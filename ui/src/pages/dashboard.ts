/**
 * The SLA dashboard (/pengawasan): what is overdue now and at which level, with the escalation
 * actions of the level's officer; then breaches by step, kelurahan and officer, the trend over
 * time, time to card against the promise, queue waiting, invitations delivered, blanko stock and
 * absences — each a chart with its table and the endpoint's CSV. Each block is shown only when the
 * signed-in roles may call its endpoint (the contract's x-roles); a Lurah's figures are their
 * kelurahan's, as the API scopes them.
 */
import { call, urlOf, type Answer, type Query } from '../api/client';
import { barChart, chartPanel, dataTable, lineChart, percent } from '../components/chart';
import { escalationActions, type Officer } from './dashboard-actions';
import { selectField, textField } from '../components/field';
import { h } from '../dom';
import { dateTime } from '../format';
import { hasMessage, t, type MessageKey } from '../i18n/i18n';
import { kelurahan, kelurahanName, worksInOneKelurahan } from '../names';
import { heading, type PageRender } from '../page';
import { navigate } from '../router';
import { currentUser, may } from '../session';

type Escalation = Answer<'listEscalations'>['items'][number];

const oneDay = 86_400_000;

function isoDay(ms: number): string {
  return new Date(ms + 7 * 3_600_000).toISOString().slice(0, 10);
}

function roleName(role: string): string {
  const key = `role.${role}`;
  return hasMessage(key) ? t(key) : role;
}

export const dashboardPage: PageRender = async ({ query, signal }) => {
  const title = t('dash.title');
  const me = currentUser()!;
  const ownKelurahanOnly = worksInOneKelurahan(me.roles);
  const from = query.get('from') ?? isoDay(Date.now() - 29 * oneDay);
  const to = query.get('to') ?? isoDay(Date.now());
  const area = ownKelurahanOnly ? undefined : (query.get('kelurahan') ?? undefined);
  const filter = { from, to, kelurahan: area };
  const figuresQuery: Query<'figuresPerStep'> = { ...filter };
  const status = (query.get('status') ?? 'OPEN') as 'OPEN' | 'ACKNOWLEDGED' | 'RESOLVED' | 'ALL';

  const [escalations, steps, areas, officers, periods, stock, stations, cardTimes] =
    await Promise.all([
      may('listEscalations')
        ? call('listEscalations', {
            query: {
              kelurahan: area,
              status: status === 'ALL' ? undefined : status,
              pageSize: 50,
            },
            signal,
          })
        : undefined,
      may('figuresPerStep') ? call('figuresPerStep', { query: figuresQuery, signal }) : undefined,
      may('figuresPerKelurahan')
        ? call('figuresPerKelurahan', { query: figuresQuery, signal })
        : undefined,
      may('figuresPerOfficer')
        ? call('figuresPerOfficer', { query: figuresQuery, signal })
        : undefined,
      may('figuresPerPeriod')
        ? call('figuresPerPeriod', { query: { ...figuresQuery, unit: 'week' }, signal })
        : undefined,
      may('listBlankoStock') ? call('listBlankoStock', { signal }) : undefined,
      may('listStations') ? call('listStations', { query: { pageSize: 100 }, signal }) : undefined,
      may('timeToCardDistribution')
        ? call('timeToCardDistribution', { query: figuresQuery, signal })
        : undefined,
    ]);

  function apply(changes: Record<string, string | undefined>): void {
    const next = new URLSearchParams(query);
    for (const [name, value] of Object.entries(changes)) {
      if (value) next.set(name, value);
      else next.delete(name);
    }
    const search = next.toString();
    navigate(`/pengawasan${search ? `?${search}` : ''}`);
  }

  // The filters: a period and a kelurahan, applied with one button (dates are typed, not picked).
  const fromField = textField(t('dash.from'), { name: 'from', type: 'date', value: from });
  const toField = textField(t('dash.to'), { name: 'to', type: 'date', value: to });
  const areaField = ownKelurahanOnly
    ? null
    : selectField(
        t('tasks.filter.kelurahan'),
        'kelurahan',
        [
          { value: '', label: t('tasks.filter.all') },
          ...kelurahan.map((k) => ({ value: k.code, label: k.name })),
        ],
        area ?? '',
      );
  const filters = h(
    'form',
    {
      class: 'filters',
      'aria-label': t('dash.filters'),
      onsubmit: (event) => {
        event.preventDefault();
        apply({
          from: fromField.input.value || undefined,
          to: toField.input.value || undefined,
          kelurahan: areaField?.select.value || undefined,
        });
      },
    },
    fromField.element,
    toField.element,
    areaField?.element,
    h(
      'div',
      { class: 'field' },
      h('button', { type: 'submit', class: 'primary' }, t('dash.apply')),
    ),
  );

  const officerList: Officer[] = (officers?.rows ?? []).map((r) => ({
    id: r.staffId,
    name: r.name,
  }));
  const blocks: HTMLElement[] = [];

  // What is overdue now, and at which level: the escalations with their actions.
  if (escalations)
    blocks.push(overdueNow(escalations.items, escalations.total, status, apply, area, officerList));

  const charts: HTMLElement[] = [];
  const csv = (id: 'figuresPerStep' | 'figuresPerKelurahan' | 'figuresPerOfficer') =>
    urlOf(id, { query: { ...figuresQuery, format: 'csv' } });

  if (steps) {
    const rows = [...steps.rows].sort((a, b) => b.stepsBreached - a.stepsBreached);
    charts.push(
      chartPanel({
        id: 'chart-steps',
        title: t('dash.byStep'),
        chart: barChart(
          rows.map((r) => ({ label: r.step, value: r.stepsBreached, alert: r.stepsBreached > 0 })),
        ),
        table: dataTable(
          t('dash.byStep'),
          [
            { label: t('dash.col.step'), value: (r) => r.step },
            { label: t('dash.col.due'), value: (r) => r.stepsDue, numeric: true },
            { label: t('dash.col.breached'), value: (r) => r.stepsBreached, numeric: true },
            { label: t('dash.col.rate'), value: (r) => percent(r.breachRate), numeric: true },
            { label: t('dash.col.escalated'), value: (r) => r.escalatedSteps, numeric: true },
          ],
          rows,
        ),
        csv: csv('figuresPerStep'),
      }),
    );
  }
  if (areas) {
    const rows = areas.rows;
    charts.push(
      chartPanel({
        id: 'chart-kelurahan',
        title: t('dash.byKelurahan'),
        chart: barChart(
          rows.map((r) => ({
            label: r.kelurahanName,
            value: r.breachRate === null ? null : Math.round(r.breachRate * 1000) / 10,
            alert: (r.breachRate ?? 0) > 0,
          })),
          { format: (v) => `${v}%` },
        ),
        table: dataTable(
          t('dash.byKelurahan'),
          [
            { label: t('dash.col.kelurahan'), value: (r) => r.kelurahanName },
            { label: t('dash.col.due'), value: (r) => r.stepsDue, numeric: true },
            { label: t('dash.col.breached'), value: (r) => r.stepsBreached, numeric: true },
            { label: t('dash.col.rate'), value: (r) => percent(r.breachRate), numeric: true },
          ],
          rows,
        ),
        csv: csv('figuresPerKelurahan'),
      }),
    );
  }
  if (officers) {
    const rows = [...officers.rows].sort((a, b) => b.stepsBreached - a.stepsBreached).slice(0, 12);
    charts.push(
      chartPanel({
        id: 'chart-officers',
        title: t('dash.byOfficer'),
        note: t('dash.byOfficerNote'),
        chart: barChart(
          rows.map((r) => ({
            label: r.name ?? r.staffId,
            value: r.stepsBreached,
            alert: r.stepsBreached > 0,
          })),
        ),
        table: dataTable(
          t('dash.byOfficer'),
          [
            { label: t('dash.col.officer'), value: (r) => r.name ?? r.staffId },
            { label: t('dash.col.due'), value: (r) => r.stepsDue, numeric: true },
            { label: t('dash.col.breached'), value: (r) => r.stepsBreached, numeric: true },
            { label: t('dash.col.rate'), value: (r) => percent(r.breachRate), numeric: true },
            { label: t('dash.col.absent'), value: (r) => r.absentWithoutReason, numeric: true },
            { label: t('dash.col.lateArrivals'), value: (r) => r.lateArrivals, numeric: true },
          ],
          rows,
        ),
        csv: csv('figuresPerOfficer'),
      }),
    );
  }
  if (periods) {
    const rows = periods.rows;
    const periodsCsv = urlOf('figuresPerPeriod', {
      query: { ...figuresQuery, unit: 'week', format: 'csv' },
    });
    charts.push(
      chartPanel({
        id: 'chart-trend',
        title: t('dash.trend'),
        note: t('dash.trendNote'),
        chart: lineChart(
          rows.map((r) => r.period),
          [
            { name: t('dash.col.due'), values: rows.map((r) => r.stepsDue), tone: 'a' },
            { name: t('dash.col.breached'), values: rows.map((r) => r.stepsBreached), tone: 'b' },
          ],
        ),
        table: dataTable(
          t('dash.trend'),
          [
            { label: t('dash.col.week'), value: (r) => r.period },
            { label: t('dash.col.due'), value: (r) => r.stepsDue, numeric: true },
            { label: t('dash.col.breached'), value: (r) => r.stepsBreached, numeric: true },
            { label: t('dash.col.rate'), value: (r) => percent(r.breachRate), numeric: true },
            { label: t('dash.col.cards'), value: (r) => r.cardsPrinted, numeric: true },
          ],
          rows,
        ),
        csv: periodsCsv,
      }),
    );
    // Time to card against the promise: per week, the average in working days, and the share kept.
    const promise = periods.promiseWorkingDays;
    charts.push(
      chartPanel({
        id: 'chart-time-to-card',
        title: t('dash.timeToCard'),
        note: t('dash.timeToCardNote', { days: promise }),
        // The chart shows the last 12 weeks (a long period would make it a column); the table all.
        chart: barChart(
          rows.slice(-12).map((r) => ({
            label: r.period,
            value: r.timeToCardAvgWorkingDays,
            alert: (r.timeToCardAvgWorkingDays ?? 0) > promise,
          })),
          { line: { value: promise, label: t('dash.promise', { days: promise }) } },
        ),
        table: dataTable(
          t('dash.timeToCard'),
          [
            { label: t('dash.col.week'), value: (r) => r.period },
            { label: t('dash.col.cards'), value: (r) => r.cardsPrinted, numeric: true },
            {
              label: t('dash.col.avgDays'),
              value: (r) => r.timeToCardAvgWorkingDays,
              numeric: true,
            },
            {
              label: t('dash.col.withinPromise'),
              value: (r) => percent(r.withinPromiseRate),
              numeric: true,
            },
          ],
          rows,
        ),
        csv: periodsCsv,
      }),
    );
  }
  if (cardTimes) {
    // How long the cards of the period took, in working days, against the promise: the whole
    // distribution, in ranges wide enough for about a dozen bars.
    const promise = cardTimes.promiseWorkingDays;
    const longest = Math.max(promise, ...cardTimes.buckets.map((b) => b.workingDays));
    const width = Math.max(1, Math.ceil((longest + 1) / 12));
    const ranges = new Map<number, number>();
    for (const b of cardTimes.buckets) {
      const start = Math.floor(b.workingDays / width) * width;
      ranges.set(start, (ranges.get(start) ?? 0) + b.cards);
    }
    const rangeRows = [...ranges.entries()]
      .sort(([a], [b]) => a - b)
      .map(([start, cards]) => ({
        label:
          width === 1
            ? t('dash.workingDays', { days: start })
            : t('dash.workingDayRange', { from: start, to: start + width - 1 }),
        cards,
        late: start + width - 1 > promise,
      }));
    charts.push(
      chartPanel({
        id: 'chart-time-to-card-distribution',
        title: t('dash.timeToCardDistribution'),
        note: t('dash.timeToCardDistributionNote', {
          days: promise,
          within: cardTimes.cardsWithinPromise,
          cards: cardTimes.cards,
        }),
        chart: barChart(rangeRows.map((r) => ({ label: r.label, value: r.cards, alert: r.late }))),
        table: dataTable(
          t('dash.timeToCardDistribution'),
          [
            { label: t('dash.col.workingDays'), value: (r) => r.label },
            { label: t('dash.col.cards'), value: (r) => r.cards, numeric: true },
          ],
          rangeRows,
        ),
        csv: urlOf('timeToCardDistribution', { query: { ...figuresQuery, format: 'csv' } }),
      }),
    );
  }
  if (areas) {
    const rows = areas.rows;
    const limit = areas.queueLimitMinutes;
    charts.push(
      chartPanel({
        id: 'chart-queue',
        title: t('dash.queue'),
        chart: barChart(
          rows.map((r) => ({
            label: r.kelurahanName,
            value: r.queueWaitAvgMinutes,
            alert: limit !== null && (r.queueWaitAvgMinutes ?? 0) > limit,
          })),
          {
            format: (v) => `${v} ${t('dash.minutes')}`,
            ...(limit !== null
              ? { line: { value: limit, label: t('dash.limit', { minutes: limit }) } }
              : {}),
          },
        ),
        table: dataTable(
          t('dash.queue'),
          [
            { label: t('dash.col.kelurahan'), value: (r) => r.kelurahanName },
            { label: t('dash.col.tickets'), value: (r) => r.ticketsIssued, numeric: true },
            { label: t('dash.col.waitAvg'), value: (r) => r.queueWaitAvgMinutes, numeric: true },
            { label: t('dash.col.waitMax'), value: (r) => r.queueWaitMaxMinutes, numeric: true },
            { label: t('dash.col.overLimit'), value: (r) => r.ticketsOverLimit, numeric: true },
          ],
          rows,
        ),
        csv: csv('figuresPerKelurahan'),
      }),
    );
    charts.push(
      chartPanel({
        id: 'chart-invitations',
        title: t('dash.invitations'),
        chart: barChart(
          rows.map((r) => ({
            label: r.kelurahanName,
            value: r.deliveryRate === null ? null : Math.round(r.deliveryRate * 1000) / 10,
          })),
          { format: (v) => `${v}%` },
        ),
        table: dataTable(
          t('dash.invitations'),
          [
            { label: t('dash.col.kelurahan'), value: (r) => r.kelurahanName },
            { label: t('dash.col.issued'), value: (r) => r.invitationsIssued, numeric: true },
            { label: t('dash.col.delivered'), value: (r) => r.invitationsDelivered, numeric: true },
            {
              label: t('dash.col.undeliverable'),
              value: (r) => r.invitationsUndeliverable,
              numeric: true,
            },
            {
              label: t('dash.col.deliveryRate'),
              value: (r) => percent(r.deliveryRate),
              numeric: true,
            },
          ],
          rows,
        ),
        csv: csv('figuresPerKelurahan'),
      }),
    );
    charts.push(
      chartPanel({
        id: 'chart-absences',
        title: t('dash.absences'),
        chart: barChart(
          rows.map((r) => ({
            label: r.kelurahanName,
            value: r.absentWithoutReason,
            alert: r.absentWithoutReason > 0,
          })),
        ),
        table: dataTable(
          t('dash.absences'),
          [
            { label: t('dash.col.kelurahan'), value: (r) => r.kelurahanName },
            { label: t('dash.col.absent'), value: (r) => r.absentWithoutReason, numeric: true },
            { label: t('dash.col.lateArrivals'), value: (r) => r.lateArrivals, numeric: true },
          ],
          rows,
        ),
        csv: may('listAttendance')
          ? urlOf('listAttendance', { query: { from, to, format: 'csv' } })
          : csv('figuresPerKelurahan'),
      }),
    );
  }
  if (stock) {
    const rows = stock.items;
    charts.push(
      chartPanel({
        id: 'chart-blanko',
        title: t('dash.blanko'),
        note: t('dash.blankoNote', {
          days: stock.usageWindowDays,
          waiting: stock.printJobsWaitingForBlanko,
        }),
        chart: barChart(
          rows.map((r) => ({
            label: `${r.item} ${kelurahanName(r.locationCode)}`,
            value: r.daysOfCover,
            alert: r.daysOfCover !== null && r.daysOfCover < 7,
          })),
          { format: (v) => `${v} ${t('dash.days')}` },
        ),
        table: dataTable(
          t('dash.blanko'),
          [
            { label: t('dash.col.location'), value: (r) => kelurahanName(r.locationCode) },
            { label: t('dash.col.item'), value: (r) => r.item },
            { label: t('dash.col.onHand'), value: (r) => r.onHand, numeric: true },
            { label: t('dash.col.reserved'), value: (r) => r.reserved, numeric: true },
            { label: t('dash.col.available'), value: (r) => r.available, numeric: true },
            { label: t('dash.col.used'), value: (r) => r.usedInWindow, numeric: true },
            { label: t('dash.col.cover'), value: (r) => r.daysOfCover, numeric: true },
          ],
          rows,
        ),
        csv: urlOf('listBlankoStock', { query: { format: 'csv' } }),
      }),
    );
  }
  if (stations) {
    const rows = stations.items;
    charts.push(
      chartPanel({
        id: 'chart-stations',
        title: t('dash.stations'),
        chart: null,
        table: dataTable(
          t('dash.stations'),
          [
            { label: t('admin.station.name'), value: (r) => r.name },
            { label: t('admin.station.kind'), value: (r) => r.kind },
            { label: t('admin.station.capacity'), value: (r) => r.dailyCapacity, numeric: true },
            {
              label: t('dash.col.state'),
              value: (r) =>
                r.down
                  ? h(
                      'span',
                      { class: 'badge badge-overdue' },
                      t('dash.down'),
                      ' ',
                      r.downCause ?? '',
                    )
                  : t('dash.up'),
            },
          ],
          rows,
        ),
        csv: urlOf('listStations', { query: { format: 'csv' } }),
      }),
    );
  }

  const view = h(
    'section',
    { class: 'dashboard' },
    heading(title),
    h(
      'p',
      { class: 'muted' },
      t('dash.period', { from, to }),
      area ? ` · ${kelurahanName(area)}` : '',
    ),
    filters,
    ...blocks,
    h('div', { class: 'chart-grid' }, charts),
  );
  return { title, view };
};

function overdueNow(
  items: Escalation[],
  total: number,
  status: string,
  apply: (changes: Record<string, string | undefined>) => void,
  area: string | undefined,
  officers: readonly Officer[],
): HTMLElement {
  const me = currentUser()!;
  const statusField = selectField(
    t('dash.status'),
    'status',
    [
      { value: 'OPEN', label: t('dash.status.OPEN') },
      { value: 'ACKNOWLEDGED', label: t('dash.status.ACKNOWLEDGED') },
      { value: 'RESOLVED', label: t('dash.status.RESOLVED') },
      { value: 'ALL', label: t('tasks.filter.all') },
    ],
    status,
  );
  statusField.select.addEventListener('change', () =>
    apply({ status: statusField.select.value === 'OPEN' ? undefined : statusField.select.value }),
  );
  const notice = h('div', { 'aria-live': 'polite', class: 'action-status' });
  const table =
    items.length === 0
      ? h('p', { class: 'empty' }, t('dash.noneOverdue'))
      : h(
          'div',
          { class: 'table-scroll' },
          h(
            'table',
            { class: 'escalations' },
            h('caption', { class: 'visually-hidden' }, t('dash.overdueNow')),
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                [
                  t('dash.col.step'),
                  t('dash.col.kelurahan'),
                  t('dash.col.dueAt'),
                  t('dash.col.level'),
                  t('dash.col.status'),
                  t('dash.col.lastAction'),
                  t('tasks.col.action'),
                ].map((label) => h('th', { scope: 'col' }, label)),
              ),
            ),
            h(
              'tbody',
              {},
              items.map((e) => {
                const last = e.actions[e.actions.length - 1];
                const mine =
                  e.awaitingAction !== null &&
                  (e.awaitingAction.assignee
                    ? e.awaitingAction.assignee === me.id
                    : e.awaitingAction.candidateGroups.some((g) => me.roles.includes(g)));
                return h(
                  'tr',
                  {
                    'data-breach-id': e.breachId,
                    class: e.status === 'OPEN' ? 'row-overdue' : undefined,
                  },
                  h(
                    'td',
                    {},
                    h('strong', {}, e.step),
                    h('div', { class: 'muted small' }, e.policy),
                  ),
                  h('td', {}, kelurahanName(e.kelurahanCode)),
                  h('td', {}, h('time', { datetime: e.dueAt }, dateTime(e.dueAt))),
                  h(
                    'td',
                    {},
                    h(
                      'span',
                      { class: `level level-${Math.min(e.level, 3)}` },
                      t('dash.level', { level: e.level }),
                    ),
                    h('div', { class: 'small' }, roleName(e.candidateGroup)),
                  ),
                  h(
                    'td',
                    {},
                    h(
                      'span',
                      { class: `status status-${e.status}` },
                      t(`dash.status.${e.status}` as MessageKey),
                    ),
                  ),
                  h(
                    'td',
                    { class: 'small' },
                    last
                      ? [
                          t(`dash.action.${last.action}` as MessageKey),
                          ' · ',
                          last.actorName ?? last.actor ?? t('dash.system'),
                          last.note ? h('div', { class: 'muted' }, `“${last.note}”`) : null,
                        ]
                      : '—',
                  ),
                  h(
                    'td',
                    {},
                    mine
                      ? escalationActions(e, notice, officers)
                      : e.awaitingAction
                        ? h(
                            'span',
                            { class: 'muted small' },
                            t('dash.awaiting', {
                              who: e.awaitingAction.candidateGroups.map(roleName).join(', '),
                            }),
                          )
                        : null,
                  ),
                );
              }),
            ),
          ),
        );
  const csvQuery = {
    kelurahan: area,
    status: status === 'ALL' ? undefined : (status as 'OPEN'),
    format: 'csv' as const,
  };
  return h(
    'section',
    { class: 'overdue-now', 'aria-labelledby': 'overdue-now-title' },
    h('h2', { id: 'overdue-now-title' }, t('dash.overdueNow')),
    h(
      'div',
      { class: 'overdue-tools' },
      statusField.element,
      h('p', { class: 'count', role: 'status' }, t('dash.escalationCount', { count: total })),
      h(
        'p',
        { class: 'csv-link' },
        h(
          'a',
          { href: urlOf('listEscalations', { query: csvQuery }), download: '' },
          t('dash.csvEscalations'),
        ),
        ' · ',
        h(
          'a',
          { href: urlOf('listBreaches', { query: csvQuery }), download: '' },
          t('dash.csvBreaches'),
        ),
      ),
    ),
    notice,
    table,
  );
}
