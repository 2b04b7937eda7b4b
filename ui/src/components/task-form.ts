/**
 * A task's Camunda Form, drawn and validated by form-js (the bpmn.io viewer Camunda's own
 * Tasklist uses), with the process variables as its data so texts like {{residentName}} fill in.
 * Loaded on demand: form-js with FEEL, markdown and its date picker is most of the UI's weight.
 */
import '@bpmn-io/form-js-viewer/dist/assets/form-js.css';

import { Form } from '@bpmn-io/form-js-viewer';

export interface TaskForm {
  /** Validates every field (form-js shows each error at its field); the values when all are valid. */
  submit(): { values: Record<string, unknown> } | { invalid: string[] };
  /** The form's label of a field key, for the API's 400 details. */
  labelOf(key: string): string;
  setReadOnly(readOnly: boolean): void;
  destroy(): void;
}

interface Component {
  key?: string;
  label?: string;
  components?: Component[];
}

function labels(components: Component[] | undefined, into = new Map<string, string>()) {
  for (const c of components ?? []) {
    if (c.key) into.set(c.key, c.label ?? c.key);
    labels(c.components, into);
  }
  return into;
}

export async function renderTaskForm(
  container: HTMLElement,
  schema: Record<string, unknown>,
  data: Record<string, unknown>,
): Promise<TaskForm> {
  const form = new Form({ container });
  await form.importSchema(schema, data);
  const fieldLabels = labels(schema.components as Component[] | undefined);
  return {
    submit() {
      const { data: values, errors } = form.submit();
      const invalid = Object.keys(errors).filter((k) => (errors[k] ?? []).length > 0);
      return invalid.length > 0 ? { invalid } : { values };
    },
    labelOf: (key) => fieldLabels.get(key) ?? key,
    setReadOnly: (readOnly) => form.setProperty('readOnly', readOnly),
    destroy: () => form.destroy(),
  };
}
