/**
 * The audit log (/api/audit/log): who read a full resident record, who changed what, who signed in
 * — filtered by actor, action, subject and period, as pages or CSV. Read-only: there is no endpoint
 * that writes, changes or deletes a row, and the table itself refuses UPDATE, DELETE and TRUNCATE
 * (migration 0001).
 *
 * Only the auditor reads it (DOMAIN.md: "auditor (read-only)"). The administrator is left out on
 * purpose: the log also records what administrators do, and its reader should not be the person it
 * watches most closely.
 *
 * Reading it is audited only when rows leave the system: a CSV export is written to the log as
 * `export` with its filters and row count. Paging through the list is not — it would fill the log
 * with the auditor's own reading, and the auditor's access is the control, not its subject.
 */
import { z } from 'zod';

import type { ApiData } from '../../api-endpoints.js';
import { dateTime, listFormat, pageOf, pageQuery } from '../../http/common-schemas.js';
import { endpoint, type Endpoint } from '../../http/endpoint.js';
import { ListFilter } from '../../http/list-filter.js';
import type { Role } from '../auth/authorize.js';
import { toCsv } from '../supervision/csv.js';
import { fromNotAfterTo, localDay } from '../supervision/local-period.js';

export const auditReaders: Role[] = ['auditor'];

const auditAction = z.enum([
  'read',
  'create',
  'update',
  'delete',
  'sign_in',
  'sign_out',
  'deploy',
  'export',
]);

const entry = z.object({
  id: z.string(),
  occurredAt: dateTime,
  actor: z.string(),
  action: auditAction,
  subjectType: z.string(),
  subjectId: z.string(),
  requestId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});

const auditQuery = z
  .object({
    actor: z.string().min(1).max(100).optional(),
    action: auditAction.optional(),
    subjectType: z.string().min(1).max(100).optional(),
    subjectId: z.string().min(1).max(200).optional(),
    requestId: z.string().min(1).max(64).optional(),
    from: localDay.optional(),
    to: localDay.optional(),
    format: listFormat,
    ...pageQuery(500, 50),
  })
  .strict()
  .superRefine(fromNotAfterTo);

const csvColumns = [
  'id',
  'occurredAt',
  'actor',
  'action',
  'subjectType',
  'subjectId',
  'requestId',
  'details',
];

/** Exports are capped: an auditor narrows the filters for more (the row count says when it was hit). */
const maxExportRows = 100_000;

export function auditEndpoints(deps: ApiData): Endpoint[] {
  const { pool, clock } = deps;
  return [
    endpoint({
      operationId: 'listAuditLog',
      method: 'get',
      path: '/audit/log',
      tag: 'Audit',
      summary:
        'The append-only audit log, newest first, filtered by actor, action, subject and period (CSV with format=csv, itself audited as an export)',
      access: auditReaders,
      query: auditQuery,
      response: pageOf(entry),
      alsoProduces: ['text/csv'],
      handler: async ({ query: q, user, res }) => {
        const filter = new ListFilter();
        if (q.actor) filter.add('l.actor = ?', q.actor);
        if (q.action) filter.add('l.action = ?', q.action);
        if (q.subjectType) filter.add('l.subject_type = ?', q.subjectType);
        if (q.subjectId) filter.add('l.subject_id = ?', q.subjectId);
        if (q.requestId) filter.add('l.request_id = ?', q.requestId);
        filter.period(q.from, q.to, 'l.occurred_at');
        const csv = q.format === 'csv';
        const window = filter.window(q, csv, maxExportRows);
        const { rows } = await pool.query<{
          id: string;
          occurred_at: Date;
          actor: string;
          action: z.infer<typeof auditAction>;
          subject_type: string;
          subject_id: string;
          request_id: string | null;
          details: Record<string, unknown>;
          total: number;
        }>(
          `select l.id::text, l.occurred_at, l.actor, l.action, l.subject_type, l.subject_id, l.request_id,
                  l.details, count(*) over ()::int as total
             from app.audit_log l
            ${filter.where()}
            order by l.occurred_at desc, l.id desc
            ${window}`,
          filter.params,
        );
        const items = rows.map((r) => ({
          id: r.id,
          occurredAt: r.occurred_at.toISOString(),
          actor: r.actor,
          action: r.action,
          subjectType: r.subject_type,
          subjectId: r.subject_id,
          requestId: r.request_id,
          details: r.details,
        }));
        if (csv) {
          const filters = Object.fromEntries(
            Object.entries(q).filter(([name]) => !['format', 'page', 'pageSize'].includes(name)),
          );
          await pool.query(
            `insert into app.audit_log (occurred_at, actor, action, subject_type, subject_id, request_id, details)
             values ($1, $2, 'export', 'audit_log', 'csv', $3, $4)`,
            [
              new Date(clock.now()),
              user.id,
              String(res.locals.requestId),
              JSON.stringify({ filters, rows: items.length, total: rows[0]?.total ?? 0 }),
            ],
          );
          res
            .type('text/csv; charset=utf-8')
            .attachment('log-audit.csv')
            .send(toCsv(csvColumns, items));
          return undefined;
        }
        return { items, page: q.page, pageSize: q.pageSize, total: rows[0]?.total ?? 0 };
      },
    }),
  ];
}
