/**
 * One resident (/warga/:nik): the record (every read is audited by the API), the case timeline,
 * and — for the counter and the kelurahan — starting the e-KTP service of a walk-in.
 */
import { call } from '../api/client';
import { timeline } from '../components/timeline';
import { h } from '../dom';
import { t } from '../i18n/i18n';
import { errorBox, heading, setFlash, type PageRender } from '../page';
import { may } from '../session';

export const residentPage: PageRender = async ({ params, signal, refresh }) => {
  const nik = params.nik ?? '';
  const { resident: r } = await call('getResident', { params: { nik }, signal });
  const title = r.full_name;
  const status = h('div', { 'aria-live': 'polite' });

  async function start(button: HTMLButtonElement): Promise<void> {
    button.disabled = true;
    status.replaceChildren();
    try {
      await call('startLifecycle', { params: { nik } });
      setFlash(t('resident.started', { name: r.full_name }));
      refresh();
    } catch (error) {
      button.disabled = false;
      status.replaceChildren(errorBox(error));
    }
  }

  const rows: Array<[string, string]> = [
    ['NIK', r.nik],
    [t('resident.kk'), r.kk_no],
    [t('resident.birth'), `${r.birth_place}, ${r.birth_date}`],
    [t('resident.sex'), r.sex === 'P' ? t('resident.female') : t('resident.male')],
    [t('resident.address'), `${r.address}, RT ${r.rt}/RW ${r.rw}, ${r.kelurahan_name}`],
    [t('resident.enrollment'), r.enrollment_status],
    [t('resident.card'), r.card_status ?? '—'],
  ];
  const startButton = may('startLifecycle')
    ? h('button', { type: 'button', class: 'primary' }, t('resident.start'))
    : null;
  startButton?.addEventListener('click', () => void start(startButton));

  const view = h(
    'article',
    {},
    h('p', { class: 'back' }, h('a', { href: '/warga' }, `← ${t('residents.title')}`)),
    heading(title),
    h(
      'div',
      { class: 'task-layout' },
      h(
        'section',
        { class: 'card', 'aria-labelledby': 'record-heading' },
        h('h2', { id: 'record-heading' }, t('resident.record')),
        h(
          'dl',
          { class: 'facts' },
          rows.map(([term, value]) => h('div', {}, h('dt', {}, term), h('dd', {}, value))),
        ),
        status,
        startButton ? h('div', { class: 'actions' }, startButton) : null,
      ),
      await timeline(nik, signal),
    ),
  );
  return { title, view };
};
