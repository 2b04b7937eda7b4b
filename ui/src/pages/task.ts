/**
 * One task (/tugas/:id): its form on the left, the resident's case timeline and the task's own
 * history on the right. As in Camunda's Tasklist, a task is claimed before it is completed, so two
 * officers do not fill in the same form; the form stays read-only until then.
 */
import { ApiFailure, call, type Answer } from '../api/client';
import { dueBadge } from '../components/due-badge';
import type { TaskForm } from '../components/task-form';
import { timeline } from '../components/timeline';
import { h } from '../dom';
import { dateTime } from '../format';
import { t } from '../i18n/i18n';
import { kelurahanName, processName, stepName } from '../names';
import { describeFailure, errorBox, heading, setFlash, type PageRender } from '../page';
import { navigate } from '../router';
import { currentUser } from '../session';

type TaskDetail = Answer<'getTask'>;

export const taskPage: PageRender = async ({ params, signal, refresh }) => {
  const me = currentUser()!;
  const id = params.id ?? '';
  const [task, history] = await Promise.all([
    call('getTask', { params: { id }, signal }),
    call('taskHistory', { params: { id }, signal }).catch(() => undefined),
  ]);
  const title = stepName(task.bpmnProcessId, task.step);
  const nik = typeof task.variables.nik === 'string' ? task.variables.nik : undefined;
  const mine = task.assignee === me.id;
  const open = task.state === 'CREATED';

  const status = h('div', { class: 'form-status', 'aria-live': 'assertive' });
  // Forms are modelled in Bahasa Indonesia, whatever the page's language.
  const formHost = h('div', { class: 'form-host', lang: 'id' });
  const completeButton = h(
    'button',
    { type: 'button', class: 'primary', disabled: !(mine && open) },
    t('task.complete'),
  );

  async function claim(action: 'claimTask' | 'unclaimTask'): Promise<void> {
    status.replaceChildren();
    try {
      await call(action, { params: { id } });
      setFlash(t(action === 'claimTask' ? 'task.claimed' : 'task.unclaimed', { step: title }));
      refresh();
    } catch (error) {
      status.replaceChildren(errorBox(error));
    }
  }

  let form: TaskForm | undefined;
  async function complete(): Promise<void> {
    status.replaceChildren();
    let variables: Record<string, unknown> = {};
    if (form) {
      const checked = form.submit();
      if ('invalid' in checked) {
        status.replaceChildren(
          h(
            'div',
            { class: 'notice notice-error', role: 'alert' },
            h('p', {}, t('task.invalid')),
            h(
              'ul',
              {},
              checked.invalid.map((key) => h('li', {}, form!.labelOf(key))),
            ),
          ),
        );
        formHost
          .querySelector<HTMLElement>(
            '.fjs-has-errors input, .fjs-has-errors textarea, .fjs-has-errors select',
          )
          ?.focus();
        return;
      }
      variables = checked.values;
    }
    completeButton.disabled = true;
    try {
      await call('completeTask', { params: { id }, body: { variables } });
      setFlash(t('task.completed', { step: title }));
      navigate('/tugas');
    } catch (error) {
      completeButton.disabled = false;
      status.replaceChildren(failureWithDetails(error, form));
      status.querySelector<HTMLElement>('[role="alert"]')?.focus();
    }
  }
  completeButton.addEventListener('click', () => void complete());

  const claimControls = !open
    ? h('p', { class: 'notice notice-info' }, t('task.ended'))
    : mine
      ? h(
          'div',
          { class: 'claim' },
          h('p', {}, t('task.yours')),
          h(
            'button',
            { type: 'button', class: 'secondary', onclick: () => void claim('unclaimTask') },
            t('task.unclaim'),
          ),
        )
      : task.assignee
        ? h('p', { class: 'notice notice-info' }, t('task.claimedBy', { assignee: task.assignee }))
        : h(
            'div',
            { class: 'claim' },
            h('p', {}, t('task.claimFirst')),
            h(
              'button',
              { type: 'button', class: 'primary', onclick: () => void claim('claimTask') },
              t('task.claim'),
            ),
          );

  const formSection = h(
    'section',
    { class: 'card task-form', 'aria-labelledby': 'form-heading' },
    h('h2', { id: 'form-heading' }, t('task.form')),
    claimControls,
    formHost,
    status,
    h('div', { class: 'actions' }, completeButton),
  );

  if (task.form) {
    try {
      const { renderTaskForm } = await import('../components/task-form');
      form = await renderTaskForm(formHost, task.form, task.variables);
      form.setReadOnly(!(mine && open));
    } catch (error) {
      formHost.replaceChildren(h('p', { class: 'notice notice-error' }, t('task.formFailed')));
      console.error(error);
    }
  } else {
    formHost.replaceChildren(h('p', { class: 'muted' }, t('task.noForm')));
  }

  const side = h(
    'div',
    { class: 'task-side' },
    nik
      ? await timeline(nik, signal)
      : h(
          'section',
          { class: 'card' },
          h('h2', {}, t('timeline.title')),
          h('p', { class: 'muted' }, t('timeline.noResident')),
        ),
    history ? historySection(history) : null,
  );

  const view = h(
    'article',
    { class: 'task-page' },
    h('p', { class: 'back' }, h('a', { href: '/tugas' }, `← ${t('task.back')}`)),
    heading(title),
    h('p', { class: 'subtitle' }, processName(task.bpmnProcessId)),
    facts(task),
    h('div', { class: 'task-layout' }, formSection, side),
  );
  return { title, view };
};

function facts(task: TaskDetail): HTMLElement {
  const rows: Array<[string, Node | string]> = [
    [t('tasks.col.subject'), task.subject ?? '—'],
    [t('tasks.col.kelurahan'), kelurahanName(task.kelurahanCode)],
    [t('tasks.col.due'), dueBadge(task)],
    [t('task.created'), dateTime(task.createdAt)],
    [
      t('tasks.col.assignee'),
      task.assignee ?? h('span', { class: 'muted' }, t('tasks.assignee.none')),
    ],
  ];
  return h(
    'dl',
    { class: 'facts' },
    rows.map(([term, value]) => h('div', {}, h('dt', {}, term), h('dd', {}, value))),
  );
}

function historySection(history: Answer<'taskHistory'>): HTMLElement {
  return h(
    'section',
    { class: 'card history', 'aria-labelledby': 'history-heading' },
    h('h2', { id: 'history-heading' }, t('task.history')),
    h(
      'ol',
      {},
      history.events.map((e) =>
        h(
          'li',
          {},
          h('time', { datetime: e.at }, dateTime(e.at)),
          ' ',
          t(`task.event.${e.kind}`),
          e.actor ? ` — ${e.actor}` : '',
        ),
      ),
    ),
  );
}

/** The API's answer to a refused completion, with one line per field it named. */
function failureWithDetails(error: unknown, form: TaskForm | undefined): HTMLElement {
  const details = error instanceof ApiFailure && error.status === 400 ? error.body?.details : [];
  return h(
    'div',
    { class: 'notice notice-error', role: 'alert', tabindex: -1 },
    h('p', {}, describeFailure(error)),
    details && details.length > 0
      ? h(
          'ul',
          { class: 'field-details' },
          details.map((d) =>
            h(
              'li',
              {},
              d.field ? h('strong', {}, `${form?.labelOf(d.field) ?? d.field}: `) : null,
              h('span', { lang: 'id' }, d.message),
            ),
          ),
        )
      : null,
  );
}
