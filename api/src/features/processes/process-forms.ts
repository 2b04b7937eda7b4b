/**
 * Forms deployed through the API (app.process_forms): checked as Camunda Forms (form-js JSON with
 * an id and components) and versioned per form id. The tasklist resolves `ektp:<id>` form keys to
 * processes/forms/<id>.form; `latestDeployedForm` is the newer version a designer deployed.
 */
import { createHash } from 'node:crypto';

import type pg from 'pg';

import type { ErrorDetail } from '../../errors/api-error.js';
import type { FormDocument } from '../tasks/form-values.js';

export interface CheckedForm {
  formId: string;
  resourceName: string;
  text: string;
  document: FormDocument;
}

/** The form in `text`, or what is wrong with it (field = where in the request). */
export function checkForm(
  resourceName: string,
  text: string,
  field: string,
): { ok: true; form: CheckedForm } | { ok: false; details: ErrorDetail[] } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return {
      ok: false,
      details: [{ field, message: `${resourceName}: not JSON (${(error as Error).message})` }],
    };
  }
  const details: ErrorDetail[] = [];
  const form = parsed as Partial<FormDocument> | null;
  if (typeof form !== 'object' || form === null || Array.isArray(form))
    return { ok: false, details: [{ field, message: `${resourceName}: not a form-js object` }] };
  if (typeof form.id !== 'string' || !/^[a-z0-9-]{1,100}$/.test(form.id))
    details.push({
      field,
      message: `${resourceName}: the form needs an id of lower-case letters, digits and dashes`,
    });
  if (!Array.isArray(form.components))
    details.push({ field, message: `${resourceName}: the form needs a components list` });
  else {
    const keys = new Set<string>();
    for (const component of form.components as unknown[]) {
      const c = component as { type?: unknown; key?: unknown } | null;
      if (typeof c?.type !== 'string') {
        details.push({ field, message: `${resourceName}: every component needs a type` });
        break;
      }
      if (typeof c.key === 'string') {
        if (keys.has(c.key))
          details.push({ field, message: `${resourceName}: the key ${c.key} is used twice` });
        keys.add(c.key);
      }
    }
  }
  if (details.length > 0) return { ok: false, details };
  return {
    ok: true,
    form: { formId: form.id as string, resourceName, text, document: form as FormDocument },
  };
}

/** Stores each form as a new version unless its latest version has the same content. */
export async function storeForms(
  client: pg.PoolClient,
  forms: readonly CheckedForm[],
  deployedBy: string,
  at: Date,
): Promise<Array<{ formId: string; version: number; resourceName: string }>> {
  const stored: Array<{ formId: string; version: number; resourceName: string }> = [];
  for (const form of forms) {
    const checksum = createHash('sha256').update(form.text).digest('hex');
    // One designer's deployment at a time per form: the lock makes the next version number safe.
    await client.query('select pg_advisory_xact_lock(hashtext($1))', [
      `process_form:${form.formId}`,
    ]);
    const { rows } = await client.query<{ version: number; checksum: string }>(
      `select version, checksum from app.process_forms where form_id = $1 order by version desc limit 1`,
      [form.formId],
    );
    const latest = rows[0];
    if (latest?.checksum === checksum) {
      stored.push({
        formId: form.formId,
        version: latest.version,
        resourceName: form.resourceName,
      });
      continue;
    }
    const version = (latest?.version ?? 0) + 1;
    await client.query(
      `insert into app.process_forms (form_id, version, content, checksum, resource_name, deployed_by, deployed_at)
       values ($1, $2, $3, $4, $5, $6, $7)`,
      [form.formId, version, form.text, checksum, form.resourceName, deployedBy, at],
    );
    stored.push({ formId: form.formId, version, resourceName: form.resourceName });
  }
  return stored;
}

/** The newest deployed version of a form, or undefined when only the shipped file exists. */
export async function latestDeployedForm(
  pool: pg.Pool,
  formId: string,
): Promise<FormDocument | undefined> {
  const { rows } = await pool.query<{ content: FormDocument }>(
    `select content from app.process_forms where form_id = $1 order by version desc limit 1`,
    [formId],
  );
  return rows[0]?.content;
}
