/**
 * A Camunda Form in the form-js editor (palette, canvas and properties), for the .form files a
 * process's user tasks show. Loaded on demand, as its own chunk.
 *
 * form-js-editor 1.23.0 (the newest) brings its own form-js-viewer 1.23.0; the task page's viewer
 * is 2.0.0. The two live in separate chunks, so each page loads one of them.
 */
import '@bpmn-io/form-js-editor/dist/assets/form-js-editor.css';
import '@bpmn-io/form-js-editor/dist/assets/properties-panel.css';

import { FormEditor } from '@bpmn-io/form-js-editor';

export interface FormDesign {
  schema(): Record<string, unknown>;
  destroy(): void;
}

export async function editForm(
  container: HTMLElement,
  schema: Record<string, unknown>,
): Promise<FormDesign> {
  const editor = new FormEditor({ container });
  await editor.importSchema(schema);
  return {
    schema: () => editor.saveSchema() as Record<string, unknown>,
    destroy: () => editor.destroy(),
  };
}

/** A new form: one text field, with an id a user task can reference. */
export function blankForm(formId: string): Record<string, unknown> {
  return {
    type: 'default',
    id: formId,
    executionPlatform: 'Camunda Cloud',
    executionPlatformVersion: '8.5.0',
    schemaVersion: 16,
    components: [{ type: 'textfield', key: 'catatan', label: 'Catatan', id: 'Field_catatan' }],
  };
}
