/**
 * The instance monitor (/pemantauan): a process version's diagram with the count of active
 * instances and of incidents on each element and a heat map of the average time spent there, the
 * same figures as a table (what a screen reader or a keyboard reads), and the version's instances
 * with a state filter.
 */
import { call, type Answer } from '../api/client';
import type { ProcessDiagram } from '../components/bpmn-viewer';
import { h, uniqueId } from '../dom';
import { dateTime } from '../format';
import { t } from '../i18n/i18n';
import { heading, type PageRender } from '../page';
import { navigate } from '../router';
import { diagramTools, duration, instanceState, whenInDocument } from './monitor-shared';

type Figures = Answer<'getProcessStatistics'>['elements'];
const states = ['ACTIVE', 'COMPLETED', 'TERMINATED'] as const;
const pageSize = 20;

export const monitorPage: PageRender = async ({ query, signal }) => {
  const { processes } = await call('listProcessDefinitions', { signal });
  const key = query.get('definisi') ?? processes[0]?.latestProcessDefinitionKey;
  const title = t('monitor.title');
  if (!key) {
    return { title, view: h('section', {}, heading(title), h('p', {}, t('monitor.nothing'))) };
  }
  const stateFilter = states.find((s) => s === query.get('status'));
  const incidentOnly = query.get('insiden') === 'ya';
  const page = Math.max(1, Number(query.get('halaman')) || 1);
  const [{ xml }, statistics, instances] = await Promise.all([
    call('getProcessDefinitionXml', { params: { key }, signal }),
    call('getProcessStatistics', { params: { key }, signal }),
    call('listProcessInstances', {
      query: {
        processDefinitionKey: key,
        ...(stateFilter ? { state: stateFilter } : {}),
        ...(incidentOnly ? { hasIncident: 'true' as const } : {}),
        page,
        pageSize,
      },
      signal,
    }),
  ]);
  const definition = statistics.definition;

  const canvas = h('div', { class: 'monitor-canvas', 'aria-label': t('monitor.diagram') });
  const legend = h('div', { class: 'heat-legend' });
  const { renderDiagram, heatScale } = await import('../components/bpmn-viewer');
  const figuresTable = h('div', { class: 'monitor-table' });

  const url = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams({ definisi: key });
    if (stateFilter) next.set('status', stateFilter);
    if (incidentOnly) next.set('insiden', 'ya');
    for (const [name, value] of Object.entries(changes)) {
      if (value) next.set(name, value);
      else next.delete(name);
    }
    return `/pemantauan?${next.toString()}`;
  };

  const versionSelectId = uniqueId('version');
  const stateSelectId = uniqueId('state');
  const incidentId = uniqueId('incident');
  const filters = h(
    'form',
    {
      class: 'designer-bar',
      onsubmit: (event: Event) => {
        event.preventDefault();
        const form = event.target as HTMLFormElement;
        const chosen = (form.elements.namedItem('definisi') as HTMLSelectElement).value;
        const state = (form.elements.namedItem('status') as HTMLSelectElement).value;
        const incident = (form.elements.namedItem('insiden') as HTMLInputElement).checked;
        const next = new URLSearchParams({ definisi: chosen });
        if (state) next.set('status', state);
        if (incident) next.set('insiden', 'ya');
        navigate(`/pemantauan?${next.toString()}`);
      },
    },
    h(
      'div',
      { class: 'designer-field' },
      h('label', { for: versionSelectId }, t('monitor.version')),
      h(
        'select',
        { id: versionSelectId, name: 'definisi' },
        processes.map((p) =>
          h(
            'optgroup',
            { label: p.name || p.bpmnProcessId },
            p.versions.map((v) =>
              h(
                'option',
                { value: v.processDefinitionKey, selected: v.processDefinitionKey === key },
                `${p.name || p.bpmnProcessId} — ${t('designer.version', { version: v.version })}`,
              ),
            ),
          ),
        ),
      ),
    ),
    h(
      'div',
      { class: 'designer-field' },
      h('label', { for: stateSelectId }, t('monitor.state')),
      h(
        'select',
        { id: stateSelectId, name: 'status' },
        h('option', { value: '' }, t('monitor.state.all')),
        states.map((s) => h('option', { value: s, selected: s === stateFilter }, instanceState(s))),
      ),
    ),
    h(
      'div',
      { class: 'designer-field' },
      h('input', { type: 'checkbox', id: incidentId, name: 'insiden', checked: incidentOnly }),
      h('label', { for: incidentId }, t('monitor.incidentOnly')),
    ),
    h('button', { type: 'submit', class: 'primary' }, t('monitor.show')),
  );

  const totalPages = Math.max(1, Math.ceil(instances.total / pageSize));
  const instanceSection = h(
    'section',
    { class: 'card', 'aria-labelledby': 'instances-heading' },
    h('h2', { id: 'instances-heading' }, t('monitor.instances', { n: instances.total })),
    instances.items.length === 0
      ? h('p', { class: 'muted' }, t('monitor.noInstances'))
      : h(
          'div',
          { class: 'monitor-table' },
          h(
            'table',
            {},
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                [
                  t('monitor.col.instance'),
                  t('monitor.col.state'),
                  t('monitor.col.started'),
                  t('monitor.col.ended'),
                ].map((text) => h('th', { scope: 'col' }, text)),
              ),
            ),
            h(
              'tbody',
              {},
              instances.items.map((i) =>
                h(
                  'tr',
                  {},
                  h(
                    'td',
                    {},
                    h(
                      'a',
                      { href: `/pemantauan/instans/${encodeURIComponent(i.processInstanceKey)}` },
                      i.processInstanceKey,
                    ),
                  ),
                  h(
                    'td',
                    {},
                    instanceState(i.state),
                    i.hasIncident
                      ? h('span', { class: 'badge incident-text' }, t('monitor.incident'))
                      : null,
                  ),
                  h('td', {}, dateTime(i.startedAt)),
                  h('td', {}, i.endedAt ? dateTime(i.endedAt) : '—'),
                ),
              ),
            ),
          ),
        ),
    totalPages > 1
      ? h(
          'nav',
          { class: 'pager', 'aria-label': t('monitor.pages') },
          page > 1
            ? h('a', { href: url({ halaman: String(page - 1) }) }, t('monitor.previous'))
            : null,
          ` ${t('monitor.pageOf', { page, total: totalPages })} `,
          page < totalPages
            ? h('a', { href: url({ halaman: String(page + 1) }) }, t('monitor.next'))
            : null,
        )
      : null,
  );

  const view = h(
    'article',
    { class: 'monitor-page' },
    heading(title),
    h(
      'p',
      { class: 'subtitle' },
      `${definition.name || definition.bpmnProcessId} — ${t('designer.version', { version: definition.version })}`,
    ),
    filters,
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'diagram-heading' },
      h('h2', { id: 'diagram-heading' }, t('monitor.diagramTitle')),
      canvas,
      legend,
    ),
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'figures-heading' },
      h('h2', { id: 'figures-heading' }, t('monitor.figures')),
      figuresTable,
    ),
    instanceSection,
  );

  let diagram: ProcessDiagram | undefined;
  // The viewer measures its container: it is drawn once the page is in the document.
  void whenInDocument(canvas).then(() => {
    void (async () => {
      try {
        diagram = await renderDiagram(canvas, xml);
        const { maxAverageMs } = diagram.showFigures(statistics.elements);
        canvas.before(diagramTools(diagram));
        canvas.dataset.ready = 'true';
        legend.replaceChildren(
          h('span', {}, t('monitor.heat')),
          ...heatScale.map((colour) =>
            h('span', { class: 'heat-swatch', style: `background:${colour}` }),
          ),
          h('span', {}, maxAverageMs > 0 ? `0 – ${duration(maxAverageMs)}` : t('monitor.heatNone')),
          h('span', { class: 'diagram-badge badge-active' }, t('monitor.active')),
          h('span', { class: 'diagram-badge badge-incident' }, t('monitor.incidents')),
        );
        figuresTable.replaceChildren(figures(statistics.elements, diagram.names));
      } catch (error) {
        canvas.replaceChildren(
          h('p', { class: 'notice notice-error' }, t('monitor.diagramFailed')),
        );
        console.error(error);
      }
    })();
  });
  signal.addEventListener('abort', () => diagram?.destroy());
  return { title, view };
};

function figures(elements: Figures, names: Map<string, string>): HTMLElement {
  if (elements.length === 0) return h('p', { class: 'muted' }, t('monitor.noFigures'));
  return h(
    'table',
    { class: 'element-figures' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        [
          t('monitor.col.element'),
          t('monitor.active'),
          t('monitor.incidents'),
          t('monitor.col.completed'),
          t('monitor.col.canceled'),
          t('monitor.col.average'),
        ].map((text) => h('th', { scope: 'col' }, text)),
      ),
    ),
    h(
      'tbody',
      {},
      elements.map((e) =>
        h(
          'tr',
          { 'data-element-id': e.elementId },
          h('th', { scope: 'row' }, names.get(e.elementId) ?? e.elementId),
          h('td', {}, e.active),
          h('td', {}, e.incidents),
          h('td', {}, e.completed),
          h('td', {}, e.canceled),
          h('td', {}, e.averageDurationMs === null ? '—' : duration(e.averageDurationMs)),
        ),
      ),
    ),
  );
}
