/**
 * Checks what a person submits for a user task against the task's Camunda Form (form-js JSON from
 * processes/forms): only the form's fields, required ones present, choices among the offered
 * values, lengths and minimums kept. The engine then receives exactly these values, so a form
 * cannot be used to overwrite other process variables.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';

import type pg from 'pg';

import type { ErrorDetail } from '../../errors/api-error.js';
import { projectRoot } from '../../../../platform/src/project-root.js';
import { latestDeployedForm } from '../processes/process-forms.js';

interface FormComponent {
  type: string;
  key?: string;
  label?: string;
  dateLabel?: string;
  values?: Array<{ value: string }>;
  validate?: { required?: boolean; maxLength?: number; min?: number };
}

export interface FormDocument {
  id: string;
  components: FormComponent[];
}

const formKeyPrefix = 'ektp:';
const formsDirectory = path.join(projectRoot, 'processes', 'forms');

/**
 * The form of a task's form key (`ektp:<id>`), or undefined when there is none: the newest
 * version a designer deployed (app.process_forms), else the one shipped in processes/forms.
 */
export async function loadForm(
  formKey: string | null,
  pool?: pg.Pool,
): Promise<FormDocument | undefined> {
  if (!formKey?.startsWith(formKeyPrefix)) return undefined;
  const id = formKey.slice(formKeyPrefix.length);
  if (!/^[a-z0-9-]+$/.test(id)) return undefined;
  const deployed = pool ? await latestDeployedForm(pool, id) : undefined;
  if (deployed) return deployed;
  try {
    return JSON.parse(
      await readFile(path.join(formsDirectory, `${id}.form`), 'utf8'),
    ) as FormDocument;
  } catch {
    return undefined;
  }
}

export function checkFormValues(
  form: FormDocument,
  values: Record<string, unknown>,
): { ok: true; values: Record<string, unknown> } | { ok: false; details: ErrorDetail[] } {
  const details: ErrorDetail[] = [];
  const fields = form.components.filter((c) => c.key);
  const known = new Set(fields.map((c) => c.key!));
  for (const key of Object.keys(values)) {
    if (!known.has(key)) details.push({ field: key, message: 'is not a field of this form' });
  }
  const accepted: Record<string, unknown> = {};
  for (const field of fields) {
    const key = field.key!;
    const value = values[key];
    const empty = value === undefined || value === null || value === '';
    if (empty) {
      if (field.validate?.required) details.push({ field: key, message: 'wajib diisi' });
      continue;
    }
    const problem = checkValue(field, value);
    if (problem) details.push({ field: key, message: problem });
    else accepted[key] = value;
  }
  return details.length > 0 ? { ok: false, details } : { ok: true, values: accepted };
}

function checkValue(field: FormComponent, value: unknown): string | undefined {
  switch (field.type) {
    case 'radio':
    case 'select': {
      const allowed = (field.values ?? []).map((v) => v.value);
      return typeof value === 'string' && allowed.includes(value)
        ? undefined
        : `must be one of ${allowed.join(', ')}`;
    }
    case 'textfield':
    case 'textarea':
      if (typeof value !== 'string') return 'must be text';
      return field.validate?.maxLength && value.length > field.validate.maxLength
        ? `must be at most ${field.validate.maxLength} characters`
        : undefined;
    case 'checkbox':
      return typeof value === 'boolean' ? undefined : 'must be true or false';
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) return 'must be a number';
      return field.validate?.min !== undefined && value < field.validate.min
        ? `must be at least ${field.validate.min}`
        : undefined;
    case 'datetime':
      return typeof value === 'string' && !Number.isNaN(Date.parse(value))
        ? undefined
        : 'must be a date';
    default:
      return undefined;
  }
}
