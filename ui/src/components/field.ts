/**
 * A labelled form field with its hint and its error, tied together with aria-describedby so a
 * screen reader reads the error with the field.
 */
import { h, uniqueId, type Attributes } from '../dom';

export interface Field {
  element: HTMLElement;
  input: HTMLInputElement;
  setError(message: string | undefined): void;
}

export function textField(
  label: string,
  attributes: Attributes & { name: string },
  hint?: string,
): Field {
  const id = uniqueId(`field-${attributes.name}`);
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const input = h('input', {
    id,
    type: 'text',
    ...attributes,
    'aria-describedby': hint ? hintId : undefined,
  });
  const error = h('p', { id: errorId, class: 'field-error', hidden: true });
  return {
    element: h(
      'div',
      { class: 'field' },
      h('label', { for: id }, label),
      hint ? h('p', { id: hintId, class: 'hint' }, hint) : null,
      input,
      error,
    ),
    input,
    setError(message) {
      error.textContent = message ?? '';
      error.hidden = !message;
      if (message) {
        input.setAttribute('aria-invalid', 'true');
        input.setAttribute('aria-describedby', [hint ? hintId : '', errorId].join(' ').trim());
      } else {
        input.removeAttribute('aria-invalid');
        if (hint) input.setAttribute('aria-describedby', hintId);
        else input.removeAttribute('aria-describedby');
      }
    },
  };
}

export function selectField(
  label: string,
  name: string,
  options: Array<{ value: string; label: string }>,
  selected: string,
): { element: HTMLElement; select: HTMLSelectElement } {
  const id = uniqueId(`field-${name}`);
  const select = h(
    'select',
    { id, name },
    options.map((o) => h('option', { value: o.value, selected: o.value === selected }, o.label)),
  );
  return { element: h('div', { class: 'field' }, h('label', { for: id }, label), select), select };
}

export function checkboxField(
  label: string,
  name: string,
  checked: boolean,
): { element: HTMLElement; input: HTMLInputElement } {
  const id = uniqueId(`field-${name}`);
  const input = h('input', { id, name, type: 'checkbox', checked });
  return {
    element: h('div', { class: 'field field-checkbox' }, input, h('label', { for: id }, label)),
    input,
  };
}
