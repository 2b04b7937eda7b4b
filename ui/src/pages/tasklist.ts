/**
 * The inbox (/tugas): open tasks the signed-in person may work on, by due date with overdue ones
 * first, filtered by the query string (so a filtered list can be bookmarked and Back works).
 */
import { call, type Answer, type Query } from '../api/client';
import { checkboxField, selectField } from '../components/field';
import { dueBadge } from '../components/due-badge';
import { h } from '../dom';
import { t } from '../i18n/i18n';
import {
  kelurahan,
  kelurahanName,
  processesWithSteps,
  processName,
  stepName,
  worksInOneKelurahan,
} from '../names';
import { errorBox, heading, setFlash, type PageRender } from '../page';
import { navigate } from '../router';
import { currentUser } from '../session';

type TaskSummary = Answer<'listTasks'>['items'][number];

const pageSize = 25;

export const tasklistPage: PageRender = async ({ query, signal, refresh }) => {
  const title = t('tasks.title');
  const me = currentUser()!;
  const filters: Query<'listTasks'> = {
    mine: query.get('mine') === 'true' ? 'true' : undefined,
    overdue: query.get('overdue') === 'true' ? 'true' : undefined,
    process: query.get('process') ?? undefined,
    step: query.get('step') ?? undefined,
    kelurahan: query.get('kelurahan') ?? undefined,
    page: Math.max(1, Number(query.get('page')) || 1),
    pageSize,
  };

  const list = await call('listTasks', { query: filters, signal });

  /** Moves to the same list with some filters changed (and back to page 1). */
  function apply(changes: Record<string, string | undefined>): void {
    const next = new URLSearchParams(query);
    for (const [name, value] of Object.entries({ page: undefined, ...changes })) {
      if (value) next.set(name, value);
      else next.delete(name);
    }
    const search = next.toString();
    navigate(`/tugas${search ? `?${search}` : ''}`);
  }

  const processes = processesWithSteps();
  const chosenProcess = processes.find((p) => p.id === filters.process);
  const mine = checkboxField(t('tasks.filter.mine'), 'mine', filters.mine === 'true');
  mine.input.addEventListener('change', () =>
    apply({ mine: mine.input.checked ? 'true' : undefined }),
  );
  const overdue = checkboxField(t('tasks.filter.overdue'), 'overdue', filters.overdue === 'true');
  overdue.input.addEventListener('change', () =>
    apply({ overdue: overdue.input.checked ? 'true' : undefined }),
  );
  const process = selectField(
    t('tasks.filter.process'),
    'process',
    [
      { value: '', label: t('tasks.filter.all') },
      ...processes.map((p) => ({ value: p.id, label: p.name })),
    ],
    filters.process ?? '',
  );
  process.select.addEventListener('change', () =>
    apply({ process: process.select.value || undefined, step: undefined }),
  );
  const stepOptions = (chosenProcess ? [chosenProcess] : processes).flatMap((p) =>
    p.steps.map((s) => ({ value: s.id, label: chosenProcess ? s.name : `${s.name} (${p.name})` })),
  );
  const step = selectField(
    t('tasks.filter.step'),
    'step',
    [{ value: '', label: t('tasks.filter.all') }, ...uniqueByValue(stepOptions)],
    filters.step ?? '',
  );
  step.select.addEventListener('change', () => apply({ step: step.select.value || undefined }));
  const area = worksInOneKelurahan(me.roles)
    ? null
    : selectField(
        t('tasks.filter.kelurahan'),
        'kelurahan',
        [
          { value: '', label: t('tasks.filter.all') },
          ...kelurahan.map((k) => ({ value: k.code, label: k.name })),
        ],
        filters.kelurahan ?? '',
      );
  area?.select.addEventListener('change', () =>
    apply({ kelurahan: area.select.value || undefined }),
  );

  const status = h('div', { 'aria-live': 'polite' });

  async function claim(task: TaskSummary, action: 'claimTask' | 'unclaimTask'): Promise<void> {
    status.replaceChildren();
    try {
      await call(action, { params: { id: task.id } });
      setFlash(
        t(action === 'claimTask' ? 'task.claimed' : 'task.unclaimed', {
          step: stepName(task.bpmnProcessId, task.step),
        }),
      );
      refresh();
    } catch (error) {
      status.replaceChildren(errorBox(error));
    }
  }

  const pages = Math.max(1, Math.ceil(list.total / list.pageSize));
  const pageLink = (page: number, label: string, rel: string) => {
    const next = new URLSearchParams(query);
    next.set('page', String(page));
    return h('a', { href: `/tugas?${next.toString()}`, rel }, label);
  };

  const table =
    list.items.length === 0
      ? h('p', { class: 'empty' }, t('tasks.empty'))
      : h(
          'table',
          { class: 'tasks' },
          h('caption', { class: 'visually-hidden' }, t('tasks.caption')),
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              [
                t('tasks.col.step'),
                t('tasks.col.subject'),
                t('tasks.col.kelurahan'),
                t('tasks.col.due'),
                t('tasks.col.assignee'),
                t('tasks.col.action'),
              ].map((label) => h('th', { scope: 'col' }, label)),
            ),
          ),
          h(
            'tbody',
            {},
            list.items.map((task) =>
              h(
                'tr',
                { 'data-task-id': task.id, class: task.overdue ? 'row-overdue' : undefined },
                h(
                  'td',
                  {},
                  h('a', { href: `/tugas/${task.id}` }, stepName(task.bpmnProcessId, task.step)),
                  h('div', { class: 'muted small' }, processName(task.bpmnProcessId)),
                ),
                h('td', {}, task.subject ?? '—'),
                h('td', {}, kelurahanName(task.kelurahanCode)),
                h('td', {}, dueBadge(task)),
                h(
                  'td',
                  {},
                  task.assignee === me.id
                    ? h('strong', {}, t('tasks.assignee.me'))
                    : (task.assignee ?? h('span', { class: 'muted' }, t('tasks.assignee.none'))),
                ),
                h(
                  'td',
                  {},
                  task.assignee === null
                    ? h(
                        'button',
                        {
                          type: 'button',
                          'aria-label': t('task.claimNamed', {
                            step: stepName(task.bpmnProcessId, task.step),
                            subject: task.subject ?? '',
                          }),
                          onclick: () => void claim(task, 'claimTask'),
                        },
                        t('task.claim'),
                      )
                    : task.assignee === me.id
                      ? h(
                          'button',
                          {
                            type: 'button',
                            class: 'secondary',
                            'aria-label': t('task.unclaimNamed', {
                              step: stepName(task.bpmnProcessId, task.step),
                              subject: task.subject ?? '',
                            }),
                            onclick: () => void claim(task, 'unclaimTask'),
                          },
                          t('task.unclaim'),
                        )
                      : null,
                ),
              ),
            ),
          ),
        );

  const view = h(
    'section',
    { class: 'tasklist' },
    heading(title),
    h(
      'form',
      {
        class: 'filters',
        'aria-label': t('tasks.filters'),
        onsubmit: (event) => event.preventDefault(),
      },
      process.element,
      step.element,
      area?.element,
      h('div', { class: 'checks' }, mine.element, overdue.element),
    ),
    status,
    h('p', { class: 'count', role: 'status' }, t('tasks.count', { count: list.total })),
    table,
    pages > 1
      ? h(
          'nav',
          { class: 'pagination', 'aria-label': t('tasks.pagination') },
          list.page > 1 ? pageLink(list.page - 1, t('tasks.previous'), 'prev') : null,
          h('span', {}, t('tasks.pageOf', { page: list.page, pages })),
          list.page < pages ? pageLink(list.page + 1, t('tasks.next'), 'next') : null,
        )
      : null,
  );
  return { title, view };
};

function uniqueByValue<T extends { value: string }>(options: T[]): T[] {
  const seen = new Set<string>();
  return options.filter((o) => !seen.has(o.value) && seen.add(o.value));
}
