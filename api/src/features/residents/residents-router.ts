/**
 * Residents (/api/residents): search by NIK or name within the caller's kelurahan scope, a full
 * record (every read written to the audit log), the case timeline of
 * a resident's e-KTP service, and starting a lifecycle for a resident who walks in.
 */
import type { Zeebe } from '@camunda8/sdk';
import express from 'express';
import type pg from 'pg';
import { z } from 'zod';

import type { Clock } from '../../../../platform/src/clock.js';
import { maskNik } from '../../../../platform/src/log/mask-nik.js';
import { parseNik } from '../../../../workers/src/domain/nik.js';
import { ApiError, NotFoundError } from '../../errors/api-error.js';
import { parseOr400 } from '../../validation/validate.js';
import { currentSession } from '../auth/authenticate.js';
import { allowRoles, kelurahanScope, type Role } from '../auth/authorize.js';

/** Who works with residents' records (the auditor reads the audit log, not the records). */
export const residentReaders: Role[] = [
  'ketua-rt',
  'staf-kelurahan',
  'lurah',
  'petugas-loket',
  'operator-perekaman',
  'kasi',
  'sekcam',
  'camat',
  'dinas-siak',
  'dinas-cetak',
  'admin',
];

/** Who may start a resident's lifecycle: the counter and the kelurahan. */
export const lifecycleStarters: Role[] = [
  'petugas-loket',
  'staf-kelurahan',
  'lurah',
  'kasi',
  'admin',
];

const nikSchema = z.string().superRefine((value, context) => {
  const parsed = parseNik(value);
  if (!parsed.ok) context.addIssue({ code: 'custom', message: parsed.reason });
});

const searchQuery = z
  .object({
    q: z.string().trim().min(3, 'at least 3 characters').max(100),
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(25),
  })
  .strict();

export function residentsRouter(deps: {
  pool: pg.Pool;
  clock: Clock;
  zeebe?: Zeebe.ZeebeGrpcClient;
}): express.Router {
  const router = express.Router();
  const user = (res: express.Response) => currentSession(res)!.user;

  /** The resident, if the caller's scope includes their kelurahan; 404 otherwise (no probing). */
  async function scopedResident(res: express.Response, nik: string) {
    const scope = kelurahanScope(user(res));
    const { rows } = await deps.pool.query<Record<string, unknown> & { kelurahan_code: string }>(
      `select r.nik, r.kk_no, r.full_name, r.birth_place, to_char(r.birth_date, 'YYYY-MM-DD') as birth_date, r.sex,
              r.religion, r.marital_status, r.occupation, r.citizenship, r.address, r.kelurahan_code, k.name as kelurahan_name,
              r.rw, r.rt, r.phone, r.deceased, r.moved_out, r.enrollment_status, r.card_status
         from app.residents r join app.regions k on k.code = r.kelurahan_code
        where r.nik = $1 and ($2::text is null or r.kelurahan_code = $2)`,
      [nik, scope ?? null],
    );
    if (!rows[0]) throw new NotFoundError('No resident with this NIK in your area.');
    return rows[0];
  }

  async function audit(
    res: express.Response,
    action: 'read' | 'create',
    nik: string,
    details: Record<string, unknown> = {},
  ) {
    await deps.pool.query(
      `insert into app.audit_log (occurred_at, actor, action, subject_type, subject_id, request_id, details)
       values ($1, $2, $3, 'resident', $4, $5, $6)`,
      [
        new Date(deps.clock.now()),
        user(res).id,
        action,
        nik,
        String(res.locals.requestId),
        JSON.stringify(details),
      ],
    );
  }

  router.get('/', allowRoles(...residentReaders), async (req, res) => {
    const { q, page, pageSize } = parseOr400(searchQuery, req.query, 'query');
    const scope = kelurahanScope(user(res));
    const byNik = /^\d{3,16}$/.test(q);
    const { rows } = await deps.pool.query<{
      nik: string;
      full_name: string;
      kelurahan_code: string;
      rw: number;
      rt: number;
      enrollment_status: string;
      card_status: string | null;
      total: number;
    }>(
      `select nik, full_name, kelurahan_code, rw, rt, enrollment_status, card_status, count(*) over ()::int as total
         from app.residents
        where ($1::text is null or kelurahan_code = $1)
          and ${byNik ? 'nik like $2' : 'lower(full_name) like $2'}
        order by full_name, nik
        limit $3 offset $4`,
      [
        scope ?? null,
        byNik ? `${q}%` : `${q.toLowerCase().replace(/[%_\\]/g, '')}%`,
        pageSize,
        (page - 1) * pageSize,
      ],
    );
    res.json({
      items: rows.map((r) => ({
        nik: r.nik,
        name: r.full_name,
        kelurahanCode: r.kelurahan_code,
        rw: r.rw,
        rt: r.rt,
        enrollmentStatus: r.enrollment_status,
        cardStatus: r.card_status,
      })),
      page,
      pageSize,
      total: rows[0]?.total ?? 0,
    });
  });

  const nikPath = z.object({ nik: nikSchema });

  router.get('/:nik', allowRoles(...residentReaders), async (req, res) => {
    const { nik } = parseOr400(nikPath, req.params, 'path');
    const resident = await scopedResident(res, nik);
    await audit(res, 'read', nik);
    res.json({ resident });
  });

  router.get('/:nik/timeline', allowRoles(...residentReaders), async (req, res) => {
    const { nik } = parseOr400(nikPath, req.params, 'path');
    await scopedResident(res, nik);
    const { rows } = await deps.pool.query<{
      at: Date;
      kind: string;
      what: string;
      actor: string | null;
      due_at: Date | null;
    }>(
      `select started_at as at, 'LIFECYCLE' as kind, 'Layanan dimulai' as what, null as actor, null::timestamptz as due_at
         from app.lifecycles where nik = $1
       union all
       select ended_at, 'LIFECYCLE', 'Layanan berakhir: ' || state, null, null from app.lifecycles where nik = $1 and ended_at is not null
       union all
       select created_at, 'TASK', element_id || ' dibuat', null, due_at from app.tasks where variables->>'nik' = $1
       union all
       select completed_at, 'TASK', element_id || ' selesai', completed_by, due_at from app.tasks
        where variables->>'nik' = $1 and completed_at is not null
       union all
       select h.at, 'CENTRAL', h.status, h.source, null from app.enrolment_status_history h
         join app.enrolments e on e.id = h.enrolment_id where e.nik = $1
       union all
       select breached_at, 'BREACH', policy_code || ' tingkat ' || level || ' (' || candidate_group || ')', null, due_at
         from app.breaches where nik = $1
       union all
       select sent_at, 'MESSAGE', template || case when delivered then '' else ' (tidak terkirim)' end, null, null
         from app.notifications where nik = $1
       order by 1, 2`,
      [nik],
    );
    res.json({
      events: rows.map((e) => ({
        at: e.at.toISOString(),
        kind: e.kind,
        what: e.what,
        actor: e.actor,
        dueAt: e.due_at?.toISOString() ?? null,
        late: e.due_at !== null && e.at.getTime() > e.due_at.getTime(),
      })),
    });
  });

  router.post('/:nik/lifecycle', allowRoles(...lifecycleStarters), async (req, res) => {
    const { nik } = parseOr400(nikPath, req.params, 'path');
    const resident = await scopedResident(res, nik);
    if (!deps.zeebe)
      throw new ApiError(503, 'engine_unavailable', 'The process engine is not connected.');
    const { rows } = await deps.pool.query(
      `select 1 from app.lifecycles where nik = $1 and state = 'RUNNING'`,
      [nik],
    );
    if (rows.length > 0)
      throw new ApiError(
        409,
        'lifecycle_running',
        'This resident already has a running e-KTP service.',
      );
    await deps.zeebe.publishMessage({
      name: 'ektp-lifecycle-requested',
      correlationKey: nik,
      timeToLive: 0,
      variables: { nik, kelurahanCode: resident.kelurahan_code },
    });
    await audit(res, 'create', nik, { lifecycle: 'requested' });
    res.status(202).json({ nikMasked: maskNik(nik), status: 'REQUESTED' });
  });

  return router;
}
