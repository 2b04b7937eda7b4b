/**
 * Supervision (/api/supervision): the breaches of the service levels with their escalation level
 * and state, filtered by status, policy, kelurahan and period, as JSON pages or CSV; and the
 * breach counts per step and kelurahan for the dashboard. A Lurah sees their kelurahan only.
 */
import express from 'express';
import type pg from 'pg';
import { z } from 'zod';

import type { Clock } from '../../../../platform/src/clock.js';
import { parseOr400 } from '../../validation/validate.js';
import { currentSession } from '../auth/authenticate.js';
import { allowRoles, kelurahanScope, type Role } from '../auth/authorize.js';
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

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');

const breachQuery = z
  .object({
    status: z.enum(['OPEN', 'ACKNOWLEDGED', 'RESOLVED']).optional(),
    policy: z.string().max(64).optional(),
    kelurahan: z
      .string()
      .regex(/^\d{2}\.\d{2}\.\d{2}\.\d{4}$/, 'must be a kelurahan code')
      .optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
    format: z.enum(['json', 'csv']).default('json'),
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(500).default(50),
  })
  .strict();

const columns = [
  'id',
  'policy',
  'step',
  'level',
  'candidateGroup',
  'kelurahanCode',
  'dueAt',
  'breachedAt',
  'hoursLate',
  'status',
];

export function supervisionRouter(deps: { pool: pg.Pool; clock: Clock }): express.Router {
  const router = express.Router();
  router.use(allowRoles(...supervisors));

  router.get('/breaches', async (req, res) => {
    const q = parseOr400(breachQuery, req.query, 'query');
    const scope = kelurahanScope(currentSession(res)!.user);
    const params: unknown[] = [];
    const where: string[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (scope) add('b.kelurahan_code = ?', scope);
    if (q.status) add('b.status = ?', q.status);
    if (q.policy) add('b.policy_code = ?', q.policy);
    if (q.kelurahan) add('b.kelurahan_code = ?', q.kelurahan);
    // Periods are local (WIB) calendar days.
    if (q.from) add(`b.breached_at >= (?::date)::timestamp at time zone 'Asia/Jakarta'`, q.from);
    if (q.to) add(`b.breached_at < ((?::date + 1)::timestamp at time zone 'Asia/Jakarta')`, q.to);
    const csv = q.format === 'csv';
    params.push(csv ? 100_000 : q.pageSize, csv ? 0 : (q.page - 1) * q.pageSize);
    const { rows } = await deps.pool.query<Record<string, unknown> & { total: number }>(
      `select b.id::text as id, b.policy_code as policy, p.step_name as step, b.level, b.candidate_group as "candidateGroup",
              b.kelurahan_code as "kelurahanCode", b.due_at as "dueAt", b.breached_at as "breachedAt",
              round(extract(epoch from (b.breached_at - b.due_at)) / 3600.0, 1)::float as "hoursLate", b.status,
              count(*) over ()::int as total
         from app.breaches b join app.sla_policies p on p.code = b.policy_code
        ${where.length > 0 ? `where ${where.join(' and ')}` : ''}
        order by b.breached_at desc, b.id desc
        limit $${params.length - 1} offset $${params.length}`,
      params,
    );
    if (csv) {
      res
        .type('text/csv; charset=utf-8')
        .attachment('pelanggaran-layanan.csv')
        .send(toCsv(columns, rows));
      return;
    }
    res.json({
      items: rows.map(({ total: _total, ...row }) => row),
      page: q.page,
      pageSize: q.pageSize,
      total: rows[0]?.total ?? 0,
    });
  });

  router.get('/breaches/summary', async (_req, res) => {
    const scope = kelurahanScope(currentSession(res)!.user);
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
    res.json({
      rows: rows.map((r) => ({
        policy: r.policy,
        step: r.step,
        kelurahanCode: r.kelurahan_code,
        open: r.open,
        total: r.total,
      })),
    });
  });

  return router;
}
