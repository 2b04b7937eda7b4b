/**
 * One process instance (/pemantauan/instans/:key): its path drawn on the diagram and listed with
 * times, its variables, and its incidents with a Retry button for those whose roles may retry.
 */
import { call, type Answer } from '../api/client';
import type { ProcessDiagram } from '../components/bpmn-viewer';
import { h } from '../dom';
import { dateTime } from '../format';
import { t } from '../i18n/i18n';
import { errorBox, heading, setFlash, type PageRender } from '../page';
import { may } from '../session';
import { diagramTools, instanceState, whenInDocument } from './monitor-shared';

type Detail = Answer<'getProcessInstance'>;

export const monitorInstancePage: PageRender = async ({ params, signal, refresh }) => {
  const key = params.key ?? '';
  const detail = await call('getProcessInstance', { params: { key }, signal });
  const { instance } = detail;
  const { xml } = await call('getProcessDefinitionXml', {
    params: { key: instance.processDefinitionKey },
    signal,
  });
  const title = t('instance.title', { key: instance.processInstanceKey });
  const canvas = h('div', { class: 'monitor-canvas', 'aria-label': t('monitor.diagram') });
  const { renderDiagram } = await import('../components/bpmn-viewer');

  const view = h(
    'article',
    { class: 'monitor-page' },
    h(
      'p',
      { class: 'back' },
      h(
        'a',
        { href: `/pemantauan?definisi=${encodeURIComponent(instance.processDefinitionKey)}` },
        `← ${t('instance.back')}`,
      ),
    ),
    heading(title),
    h(
      'p',
      { class: 'subtitle' },
      `${instance.processName || instance.bpmnProcessId} — ${t('designer.version', { version: instance.version })}`,
    ),
    h(
      'dl',
      { class: 'facts' },
      (
        [
          [t('monitor.col.state'), instanceState(instance.state)],
          [t('monitor.col.started'), dateTime(instance.startedAt)],
          [t('monitor.col.ended'), instance.endedAt ? dateTime(instance.endedAt) : '—'],
          [
            t('instance.parent'),
            instance.parentProcessInstanceKey
              ? h(
                  'a',
                  {
                    href: `/pemantauan/instans/${encodeURIComponent(instance.parentProcessInstanceKey)}`,
                  },
                  instance.parentProcessInstanceKey,
                )
              : '—',
          ],
        ] as const
      ).map(([term, value]) => h('div', {}, h('dt', {}, term), h('dd', {}, value))),
    ),
    incidentsSection(detail, refresh),
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'path-diagram-heading' },
      h('h2', { id: 'path-diagram-heading' }, t('instance.diagram')),
      canvas,
      h(
        'p',
        { class: 'heat-legend' },
        h('span', { class: 'legend-swatch path-completed-swatch' }),
        t('instance.legend.completed'),
        h('span', { class: 'legend-swatch path-active-swatch' }),
        t('instance.legend.active'),
        h('span', { class: 'legend-swatch path-incident-swatch' }),
        t('instance.legend.incident'),
      ),
    ),
    h('div', { class: 'designer-bottom' }, pathSection(detail), variablesSection(detail)),
  );

  let diagram: ProcessDiagram | undefined;
  void whenInDocument(canvas).then(async () => {
    try {
      diagram = await renderDiagram(canvas, xml);
      const incidents = new Set(detail.incidents.map((i) => i.elementId));
      const active = new Set(detail.activeElementIds);
      diagram.showPath({
        completed: detail.path
          .filter((p) => p.state === 'COMPLETED' && !active.has(p.elementId))
          .map((p) => p.elementId),
        active: [...active].filter((id) => !incidents.has(id)),
        incidents: [...incidents],
      });
      canvas.before(diagramTools(diagram));
      canvas.dataset.ready = 'true';
    } catch (error) {
      canvas.replaceChildren(h('p', { class: 'notice notice-error' }, t('monitor.diagramFailed')));
      console.error(error);
    }
  });
  signal.addEventListener('abort', () => diagram?.destroy());
  return { title, view };
};

function incidentsSection(detail: Detail, refresh: () => void): HTMLElement | null {
  const open = detail.incidents.filter((i) => i.state === 'ACTIVE' || i.state === 'CREATED');
  const shown = open.length > 0 ? open : detail.incidents;
  if (shown.length === 0) return null;
  const status = h('div', { 'aria-live': 'polite' });
  const canRetry = may('retryIncident');
  return h(
    'section',
    { class: 'card incidents', 'aria-labelledby': 'incidents-heading' },
    h('h2', { id: 'incidents-heading' }, t('instance.incidents', { n: open.length })),
    h(
      'ul',
      {},
      shown.map((incident) => {
        const button = h('button', { type: 'button', class: 'primary' }, t('instance.retry'));
        button.addEventListener('click', () => {
          button.disabled = true;
          status.replaceChildren();
          call('retryIncident', { params: { key: incident.incidentKey }, body: {} })
            .then(() => {
              setFlash(t('instance.retried', { element: incident.elementId }));
              refresh();
            })
            .catch((error: unknown) => {
              button.disabled = false;
              status.replaceChildren(errorBox(error));
            });
        });
        return h(
          'li',
          { class: 'incident' },
          h('strong', {}, incident.elementId),
          ` — ${incident.errorType}: `,
          h('span', { lang: 'en' }, incident.errorMessage),
          h('span', { class: 'muted' }, ` (${dateTime(incident.createdAt)}, ${incident.state})`),
          ' ',
          canRetry && incident.state === 'ACTIVE' ? button : null,
        );
      }),
    ),
    status,
  );
}

function pathSection(detail: Detail): HTMLElement {
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'path-heading' },
    h('h2', { id: 'path-heading' }, t('instance.path')),
    h(
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
              t('monitor.col.element'),
              t('monitor.col.state'),
              t('monitor.col.started'),
              t('monitor.col.ended'),
            ].map((text) => h('th', { scope: 'col' }, text)),
          ),
        ),
        h(
          'tbody',
          {},
          detail.path.map((p) =>
            h(
              'tr',
              { 'data-element-id': p.elementId },
              h('th', { scope: 'row' }, p.elementName || p.elementId),
              h(
                'td',
                {},
                instanceState(p.state),
                p.incidentKey ? ` ⚠ ${t('monitor.incident')}` : '',
              ),
              h('td', {}, p.startedAt ? dateTime(p.startedAt) : '—'),
              h('td', {}, p.endedAt ? dateTime(p.endedAt) : '—'),
            ),
          ),
        ),
      ),
    ),
  );
}

function variablesSection(detail: Detail): HTMLElement {
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'variables-heading' },
    h('h2', { id: 'variables-heading' }, t('instance.variables')),
    detail.variables.length === 0
      ? h('p', { class: 'muted' }, t('instance.noVariables'))
      : h(
          'div',
          { class: 'monitor-table' },
          h(
            'table',
            { class: 'variables-table' },
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                [t('instance.variable'), t('instance.value')].map((text) =>
                  h('th', { scope: 'col' }, text),
                ),
              ),
            ),
            h(
              'tbody',
              {},
              detail.variables.map((v) =>
                h(
                  'tr',
                  {},
                  h('th', { scope: 'row' }, v.name),
                  h(
                    'td',
                    {},
                    h('code', {}, JSON.stringify(v.value)),
                    v.truncated
                      ? h('span', { class: 'muted' }, ` ${t('instance.truncated')}`)
                      : null,
                  ),
                ),
              ),
            ),
          ),
        ),
  );
}
