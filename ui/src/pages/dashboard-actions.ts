/**
 * The escalation actions of the level's officer on a breach: acknowledge, reassign the late task,
 * remind its officer, open a disciplinary case — each through a small modal dialog (<dialog>:
 * focus stays in it, Escape closes it) with a note, and the staff id for reassign and discipline.
 * The API answers 202 and the sla-escalation process carries the action out moments later, so
 * the page is refreshed shortly after; a 409 (not this level's officer, nothing to act on) is said
 * in words next to the buttons.
 */
import { ApiFailure, call, type Answer } from '../api/client';
import { textField } from '../components/field';
import { h, uniqueId } from '../dom';
import { hasMessage, t, type MessageKey } from '../i18n/i18n';
import { describeFailure, setFlash } from '../page';
import { navigate } from '../router';

type Escalation = Answer<'listEscalations'>['items'][number];
type Action = 'acknowledge' | 'reassign' | 'remind' | 'discipline';

const operationOf = {
  acknowledge: 'acknowledgeBreach',
  reassign: 'reassignBreach',
  remind: 'remindBreach',
  discipline: 'openBreachDisciplinaryCase',
} as const;

/** Officers the dialog suggests for reassign and discipline (from the officers' figures). */
export type Officer = { id: string; name: string | null };

export function escalationActions(
  escalation: Escalation,
  notice: HTMLElement,
  officers: readonly Officer[] = [],
): HTMLElement {
  const actions: Action[] = ['acknowledge', 'reassign', 'remind', 'discipline'];
  return h(
    'div',
    { class: 'row-actions' },
    actions.map((action) =>
      h(
        'button',
        {
          type: 'button',
          class: action === 'acknowledge' ? 'primary small-button' : 'secondary small-button',
          'aria-label': t(`dash.do.${action}Named` as MessageKey, { step: escalation.step }),
          onclick: () => openDialog(escalation, action, notice, officers),
        },
        t(`dash.do.${action}` as MessageKey),
      ),
    ),
  );
}

function openDialog(
  escalation: Escalation,
  action: Action,
  notice: HTMLElement,
  officers: readonly Officer[],
): void {
  const needsStaff = action === 'reassign' || action === 'discipline';
  const titleId = uniqueId('dialog-title');
  const staff = needsStaff
    ? textField(
        t('dash.dialog.staff'),
        { name: 'staffId', required: true, autocomplete: 'off', list: `${titleId}-staff` },
        t('dash.dialog.staffHint'),
      )
    : undefined;
  const note = textField(
    t('dash.dialog.note'),
    { name: 'note', maxlength: 1000 },
    t('dash.dialog.noteHint'),
  );
  const error = h('div', { role: 'alert', class: 'dialog-error' });
  const submit = h(
    'button',
    { type: 'submit', class: 'primary' },
    t(`dash.do.${action}` as MessageKey),
  );
  const dialog = h(
    'dialog',
    { class: 'action-dialog', 'aria-labelledby': titleId },
    h(
      'form',
      {
        method: 'dialog',
        onsubmit: (event: Event) => {
          event.preventDefault();
          void send();
        },
      },
      h('h2', { id: titleId }, t(`dash.dialog.${action}` as MessageKey)),
      h(
        'p',
        { class: 'muted small' },
        `${escalation.step} · ${t('dash.level', { level: escalation.level })}`,
      ),
      staff?.element,
      staff
        ? h(
            'datalist',
            { id: `${titleId}-staff` },
            officers.map((o) => h('option', { value: o.id }, o.name ?? o.id)),
          )
        : null,
      note.element,
      error,
      h(
        'div',
        { class: 'actions' },
        submit,
        h(
          'button',
          { type: 'button', class: 'secondary', onclick: () => dialog.close() },
          t('dash.dialog.cancel'),
        ),
      ),
    ),
  );
  dialog.addEventListener('close', () => dialog.remove());
  document.body.appendChild(dialog);
  dialog.showModal();
  (staff?.input ?? note.input).focus();

  async function send(): Promise<void> {
    error.replaceChildren();
    staff?.setError(undefined);
    note.setError(undefined);
    const noteValue = note.input.value.trim() || undefined;
    const staffValue = staff?.input.value.trim() ?? '';
    if (staff && !staffValue) {
      staff.setError(t('validation.required'));
      staff.input.focus();
      return;
    }
    submit.disabled = true;
    try {
      const params = { id: escalation.breachId };
      const answer =
        action === 'reassign' || action === 'discipline'
          ? await call(operationOf[action], {
              params,
              body: { staffId: staffValue, note: noteValue },
            })
          : await call(operationOf[action], { params, body: { note: noteValue } });
      dialog.close();
      setFlash(
        t(answer.repeated ? 'dash.done.repeated' : (`dash.done.${action}` as MessageKey), {
          step: escalation.step,
        }),
      );
      // The process records the action moments after the 202: show the list again a little later.
      notice.replaceChildren(h('p', { class: 'notice notice-info' }, t('dash.done.pending')));
      setTimeout(() => navigate(location.pathname + location.search, { replace: true }), 1200);
    } catch (failure) {
      submit.disabled = false;
      if (failure instanceof ApiFailure && failure.status === 400) {
        const rest: string[] = [];
        for (const detail of failure.body?.details ?? []) {
          if (detail.field === 'staffId' && staff) staff.setError(detail.message);
          else if (detail.field === 'note') note.setError(detail.message);
          else rest.push(detail.field ? `${detail.field}: ${detail.message}` : detail.message);
        }
        if (rest.length > 0)
          error.replaceChildren(h('p', { class: 'notice notice-error' }, rest.join(' ')));
        return;
      }
      const key = failure instanceof ApiFailure ? `dash.error.${failure.code ?? ''}` : '';
      const text = hasMessage(key) ? t(key) : describeFailure(failure);
      error.replaceChildren(
        h(
          'p',
          { class: 'notice notice-error' },
          text,
          failure instanceof ApiFailure && failure.status === 409 && failure.body?.message
            ? h('span', { class: 'small muted', lang: 'en' }, ` (${failure.body.message})`)
            : null,
        ),
      );
    }
  }
}
