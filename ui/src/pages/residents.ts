/** Residents (/warga): search by name or NIK within the officer's area. */
import { call } from '../api/client';
import { textField } from '../components/field';
import { h } from '../dom';
import { t } from '../i18n/i18n';
import { kelurahanName } from '../names';
import { heading, type PageRender } from '../page';
import { navigate } from '../router';

export const residentsPage: PageRender = async ({ query, signal }) => {
  const title = t('residents.title');
  const q = (query.get('q') ?? '').trim();
  const search = textField(
    t('residents.search'),
    { name: 'q', type: 'search', value: q, minlength: 3, maxlength: 100, autocomplete: 'off' },
    t('residents.searchHint'),
  );
  const form = h(
    'form',
    {
      class: 'search',
      role: 'search',
      onsubmit: (event) => {
        event.preventDefault();
        const value = search.input.value.trim();
        if (value.length < 3) {
          search.setError(t('residents.tooShort'));
          search.input.focus();
          return;
        }
        navigate(`/warga?q=${encodeURIComponent(value)}`);
      },
    },
    search.element,
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'submit', class: 'primary' }, t('residents.submit')),
    ),
  );

  let results: HTMLElement | null = null;
  if (q.length >= 3) {
    const found = await call('searchResidents', { query: { q, pageSize: 50 }, signal });
    results =
      found.items.length === 0
        ? h('p', { class: 'empty' }, t('residents.none'))
        : h(
            'table',
            {},
            h('caption', {}, t('residents.count', { count: found.total })),
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                [
                  t('residents.col.name'),
                  'NIK',
                  t('tasks.col.kelurahan'),
                  'RT/RW',
                  t('residents.col.enrollment'),
                ].map((label) => h('th', { scope: 'col' }, label)),
              ),
            ),
            h(
              'tbody',
              {},
              found.items.map((r) =>
                h(
                  'tr',
                  {},
                  h('td', {}, h('a', { href: `/warga/${r.nik}` }, r.name)),
                  h('td', { class: 'mono' }, r.nik),
                  h('td', {}, kelurahanName(r.kelurahanCode)),
                  h('td', {}, `${String(r.rt).padStart(3, '0')}/${String(r.rw).padStart(3, '0')}`),
                  h('td', {}, h('code', {}, r.cardStatus ?? r.enrollmentStatus)),
                ),
              ),
            ),
          );
  }
  return { title, view: h('section', {}, heading(title), form, results) };
};
