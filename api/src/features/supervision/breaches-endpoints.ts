/**
 * Breaches of the service levels (/api/supervision/breaches): each with its escalation level and
 * state, filtered by status, policy, kelurahan and period, as JSON pages or CSV; and the breach
 * counts per step and kelurahan for the dashboard. A Lurah sees their kelurahan only.
 */
import type pg from 'pg';
import { z } from 'zod';

import type { Clock } from '../../../../platform/src/clock.js';
import {
  dateTime,
  isoDate,
  kelurahanCode,
  listFormat,
  pageOf,
  pageQuery,
} from '../../http/common-schemas.js';
import { endpoint, type Endpoint } from '../../http/endpoint.js';
import { ListFilter } from '../../http/list-filter.js';
import { kelurahanScope, type Role } from '../auth/authorize.js';
import { toCsv } from './csv.js';

export const supervisors: Role[] = [
  'kasi',
  'sekcam',
  'camat',
  'lurah',
  'kadis',
  'admin',
  'auditor',
];

const breachStatus = z.enum(['OPEN', 'ACKNOWLEDGED', 'RESOLVED']);

const breachQuery = z
  .object({
    status: breachStatus.optional(),
    policy: z.string().max(64).optional(),
    kelurahan: kelurahanCode.optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
    format: listFormat,
    ...pageQuery(500, 50),
  })
  .strict();

const breach = z.object({
  id: z.string(),
  policy: z.string(),
  step: z.string(),
  level: z.number().int(),
  candidateGroup: z.string(),
  kelurahanCode: z.string().nullable(),
  dueAt: dateTime,
  breachedAt: dateTime,
  hoursLate: z.number(),
  status: breachStatus,
});

const columns = Object.keys(breach.shape);

const summaryRow = z.object({
  policy: z.string(),
  step: z.string(),
  kelurahanCode: z.string().nullable(),
  open: z.number().int(),
  total: z.number().int(),
});

export function breachEndpoints(deps: { pool: pg.Pool; clock: Clock }): Endpoint[] {
  return [
    endpoint({
      operationId: 'listBreaches',
      method: 'get',
      path: '/supervision/breaches',
      tag: 'Supervision',
      summary: 'Breaches of the service levels, newest first (CSV with format=csv)',
      access: supervisors,
      query: breachQuery,
      response: pageOf(breach),
      alsoProduces: ['text/csv'],
      handler: async ({ query: q, user, res }) => {
        const scope = kelurahanScope(user);
        const filter = new ListFilter();
        if (scope) filter.add('b.kelurahan_code = ?', scope);
        if (q.status) filter.add('b.status = ?', q.status);
        if (q.policy) filter.add('b.policy_code = ?', q.policy);
        if (q.kelurahan) filter.add('b.kelurahan_code = ?', q.kelurahan);
        // Periods are local (WIB) calendar days.
        filter.period(q.from, q.to, 'b.breached_at');
        const csv = q.format === 'csv';
        const window = filter.window(q, csv);
        const { rows } = await deps.pool.query<Record<string, unknown> & { total: number }>(
          `select b.id::text as id, b.policy_code as policy, p.step_name as step, b.level, b.candidate_group as "candidateGroup",
                  b.kelurahan_code as "kelurahanCode", b.due_at as "dueAt", b.breached_at as "breachedAt",
                  round(extract(epoch from (b.breached_at - b.due_at)) / 3600.0, 1)::float as "hoursLate", b.status,
                  count(*) over ()::int as total
             from app.breaches b join app.sla_policies p on p.code = b.policy_code
            ${filter.where()}
            order by b.breached_at desc, b.id desc
            ${window}`,
          filter.params,
        );
        if (csv) {
          res
            .type('text/csv; charset=utf-8')
            .attachment('pelanggaran-layanan.csv')
            .send(toCsv(columns, rows));
          return undefined;
        }
        return {
          items: rows.map(({ total: _total, dueAt, breachedAt, ...row }) => ({
            ...row,
            dueAt: (dueAt as Date).toISOString(),
            breachedAt: (breachedAt as Date).toISOString(),
          })),
          page: q.page,
          pageSize: q.pageSize,
          total: rows[0]?.total ?? 0,
        };
      },
    }),

    endpoint({
      operationId: 'breachSummary',
      method: 'get',
      path: '/supervision/breaches/summary',
      tag: 'Supervision',
      summary: 'Level-1 breaches per step and kelurahan: open and total',
      access: supervisors,
      response: z.object({ rows: z.array(summaryRow) }),
      handler: async ({ user }) => {
        const scope = kelurahanScope(user);
        const { rows } = await deps.pool.query<{
          policy: string;
          step: string;
          kelurahan_code: string | null;
          open: number;
          total: number;
        }>(
          `select b.policy_code as policy, p.step_name as step, b.kelurahan_code,
                  count(*) filter (where b.status <> 'RESOLVED')::int as open, count(*)::int as total
             from app.breaches b join app.sla_policies p on p.code = b.policy_code
            where b.level = 1 and ($1::text is null or b.kelurahan_code = $1)
            group by 1, 2, 3 order by 1, 3`,
          [scope ?? null],
        );
        return {
          rows: rows.map((r) => ({
            policy: r.policy,
            step: r.step,
            kelurahanCode: r.kelurahan_code,
            open: r.open,
            total: r.total,
          })),
        };
      },
    }),
  ];
}
