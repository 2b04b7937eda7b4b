/**
 * Camunda Forms (form-js JSON, schema version 16) for the user tasks of processes/. A task's form
 * key is `ektp:<form id>`; the tasklist renders processes/forms/<form id>.form with form-js and
 * validates the submitted values against the same definition before completing the job.
 */
export interface FormOption {
  label: string;
  value: string;
}

export type FormField =
  | { type: 'text'; text: string }
  | {
      type: 'radio' | 'select';
      key: string;
      label: string;
      options: FormOption[];
      required?: boolean;
    }
  | {
      type: 'textfield' | 'textarea';
      key: string;
      label: string;
      required?: boolean;
      maxLength?: number;
    }
  | { type: 'checkbox'; key: string; label: string }
  | { type: 'number'; key: string; label: string; required?: boolean; min?: number }
  | { type: 'datetime'; key: string; label: string; required?: boolean };

export interface FormDefinition {
  id: string;
  title: string;
  fields: FormField[];
}

export function form(id: string, title: string, fields: FormField[]): FormDefinition {
  return { id, title, fields };
}

/** The form-js document: every component gets a stable id so diffs stay small. */
export function toFormJs(definition: FormDefinition): Record<string, unknown> {
  const components = [
    { id: `${definition.id}-title`, type: 'text', text: `## ${definition.title}` },
    ...definition.fields.map((field, index) => {
      const id = `${definition.id}-${'key' in field ? field.key : `text-${index}`}`;
      switch (field.type) {
        case 'text':
          return { id, type: 'text', text: field.text };
        case 'radio':
        case 'select':
          return {
            id,
            type: field.type,
            key: field.key,
            label: field.label,
            values: field.options,
            validate: { required: field.required ?? true },
          };
        case 'textfield':
        case 'textarea':
          return {
            id,
            type: field.type,
            key: field.key,
            label: field.label,
            validate: {
              required: field.required ?? false,
              ...(field.maxLength ? { maxLength: field.maxLength } : {}),
            },
          };
        case 'checkbox':
          return { id, type: 'checkbox', key: field.key, label: field.label };
        case 'number':
          return {
            id,
            type: 'number',
            key: field.key,
            label: field.label,
            validate: {
              required: field.required ?? true,
              ...(field.min !== undefined ? { min: field.min } : {}),
            },
          };
        case 'datetime':
          return {
            id,
            type: 'datetime',
            key: field.key,
            dateLabel: field.label,
            subtype: 'date',
            validate: { required: field.required ?? true },
          };
      }
    }),
  ];
  return {
    id: definition.id,
    type: 'default',
    schemaVersion: 16,
    executionPlatform: 'Camunda Cloud',
    executionPlatformVersion: '8.5.0',
    components,
  };
}
