/**
 * Small helpers of the admin pages: a labelled input whose name is the API's field path, and the
 * API's 400 details shown next to the fields they name (`levels.1.afterAmount`), the rest above
 * the form's buttons.
 */
import { ApiFailure } from '../api/client';
import { h, uniqueId, type Attributes } from '../dom';
import { t } from '../i18n/i18n';
import { describeFailure } from '../page';

/** A labelled input, select or checkbox group; the name is the API field it sends. */
export function input(label: string, attributes: Attributes & { name: string }): HTMLElement {
  const id = uniqueId(`admin-${attributes.name}`);
  return h(
    'div',
    { class: 'field' },
    h('label', { for: id }, label),
    h('input', { id, type: 'text', ...attributes }),
  );
}

export function select(
  label: string,
  name: string,
  options: Array<{ value: string; label: string }>,
  selected: string,
): HTMLElement {
  const id = uniqueId(`admin-${name}`);
  return h(
    'div',
    { class: 'field' },
    h('label', { for: id }, label),
    h(
      'select',
      { id, name },
      options.map((o) => h('option', { value: o.value, selected: o.value === selected }, o.label)),
    ),
  );
}

export function checkboxes(
  legend: string,
  name: string,
  options: Array<{ value: string; label: string }>,
  checked: readonly string[],
): HTMLElement {
  return h(
    'fieldset',
    { class: 'checkbox-group', 'data-name': name },
    h('legend', {}, legend),
    options.map((o) => {
      const id = uniqueId(`admin-${name}`);
      return h(
        'div',
        { class: 'field-checkbox' },
        h('input', {
          id,
          type: 'checkbox',
          name,
          value: o.value,
          checked: checked.includes(o.value),
        }),
        h('label', { for: id }, o.label),
      );
    }),
  );
}

export function valueOf(form: HTMLElement, name: string): string {
  const element = form.querySelector<HTMLInputElement | HTMLSelectElement>(`[name="${name}"]`);
  return element?.value.trim() ?? '';
}

export function checkedOf(form: HTMLElement, name: string): string[] {
  return [...form.querySelectorAll<HTMLInputElement>(`input[name="${name}"]:checked`)].map(
    (i) => i.value,
  );
}

/** Clears the errors a previous answer left on the form. */
export function clearErrors(form: HTMLElement, box: HTMLElement): void {
  box.replaceChildren();
  for (const error of form.querySelectorAll('.field-error.api')) error.remove();
  for (const field of form.querySelectorAll('[aria-invalid]')) {
    field.removeAttribute('aria-invalid');
    field.removeAttribute('aria-describedby');
  }
}

/**
 * Shows a failed call: a 400's details next to their fields (the input named like the detail's
 * field, or the group holding it), and everything else in `box`.
 */
export function showFailure(form: HTMLElement, box: HTMLElement, failure: unknown): void {
  clearErrors(form, box);
  const rest: HTMLElement[] = [];
  if (failure instanceof ApiFailure && failure.status === 400) {
    for (const detail of failure.body?.details ?? []) {
      const target = detail.field
        ? (form.querySelector<HTMLElement>(`[name="${detail.field}"]`) ??
          form.querySelector<HTMLElement>(`[data-name="${detail.field.split('.')[0]}"]`))
        : null;
      if (target) {
        const id = uniqueId('api-error');
        const message = h('p', { id, class: 'field-error api' }, detail.message);
        target.setAttribute('aria-invalid', 'true');
        target.setAttribute('aria-describedby', id);
        if (target.tagName === 'FIELDSET') target.appendChild(message);
        else target.insertAdjacentElement('afterend', message);
      } else {
        rest.push(
          h('li', {}, detail.field ? `${detail.field}: ${detail.message}` : detail.message),
        );
      }
    }
  }
  box.replaceChildren(
    h(
      'div',
      { class: 'notice notice-error', role: 'alert' },
      h(
        'p',
        {},
        failure instanceof ApiFailure && failure.status === 400 && rest.length === 0
          ? t('admin.invalid')
          : describeFailure(failure),
      ),
      rest.length > 0 ? h('ul', {}, rest) : null,
    ),
  );
  form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
}
