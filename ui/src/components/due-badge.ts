/** The due date of a step with its badge: overdue, due within 24 hours, or on time. */
import { h } from '../dom';
import { dateTime, dueLabel, dueState } from '../format';
import { t } from '../i18n/i18n';

export function dueBadge(task: { dueAt: string | null; overdue: boolean }): HTMLElement {
  const state = dueState(task);
  if (state === 'none') return h('span', { class: 'muted' }, t('due.none'));
  return h(
    'span',
    { class: 'due' },
    h('time', { datetime: task.dueAt ?? undefined }, dateTime(task.dueAt!)),
    state === 'on-time' ? null : h('span', { class: `badge badge-${state}` }, dueLabel(state)),
  );
}
