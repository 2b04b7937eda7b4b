/**
 * Reads the `io.camunda.zeebe:*` headers Zeebe 8.5 puts on job-worker user tasks: assignee,
 * candidate groups and users (JSON arrays as strings), form key, due and follow-up dates.
 */
import { z } from 'zod';

const prefix = 'io.camunda.zeebe:';

const stringList = z
  .string()
  .transform((text, context) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      context.addIssue({ code: 'custom', message: 'must be a JSON array of strings' });
      return z.NEVER;
    }
  })
  .pipe(z.array(z.string()));

const isoDate = z
  .string()
  .refine((text) => !Number.isNaN(Date.parse(text)), 'must be an ISO 8601 date-time');

const headersSchema = z.object({
  [`${prefix}assignee`]: z.string().optional(),
  [`${prefix}candidateGroups`]: stringList.optional(),
  [`${prefix}candidateUsers`]: stringList.optional(),
  [`${prefix}formKey`]: z.string().optional(),
  [`${prefix}dueDate`]: isoDate.optional(),
  [`${prefix}followUpDate`]: isoDate.optional(),
});

export interface UserTaskHeaders {
  assignee: string | null;
  candidateGroups: string[];
  candidateUsers: string[];
  formKey: string | null;
  dueAt: Date | null;
  followUpAt: Date | null;
}

export function readUserTaskHeaders(
  headers: Record<string, unknown>,
): { ok: true; value: UserTaskHeaders } | { ok: false; message: string } {
  const parsed = headersSchema.safeParse(headers);
  if (!parsed.success) {
    return {
      ok: false,
      message: parsed.error.issues
        .map((i) => `header ${String(i.path[0])} ${i.message}`)
        .join('; '),
    };
  }
  const h = parsed.data as Record<string, unknown>;
  const date = (key: string) => (typeof h[key] === 'string' ? new Date(h[key]) : null);
  return {
    ok: true,
    value: {
      assignee: (h[`${prefix}assignee`] as string | undefined) ?? null,
      candidateGroups: (h[`${prefix}candidateGroups`] as string[] | undefined) ?? [],
      candidateUsers: (h[`${prefix}candidateUsers`] as string[] | undefined) ?? [],
      formKey: (h[`${prefix}formKey`] as string | undefined) ?? null,
      dueAt: date(`${prefix}dueDate`),
      followUpAt: date(`${prefix}followUpDate`),
    },
  };
}
