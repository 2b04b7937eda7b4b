/**
 * Residents (/api/residents): register a resident, search by NIK or name within the caller's
 * kelurahan scope, a full record (every read written to the audit log), the case timeline of a
 * resident's e-KTP service, and starting a lifecycle for a resident who walks in.
 */
import type express from 'express';
import { z } from 'zod';

import { inTransaction } from '../../../../platform/src/database/in-transaction.js';
import { maskNik } from '../../../../platform/src/log/mask-nik.js';
import { parseKk, parseNik } from '../../../../workers/src/domain/nik.js';
import type { ApiData } from '../../api-endpoints.js';
import { ApiError, NotFoundError } from '../../errors/api-error.js';
import { dateTime, isoDate, kelurahanCode, pageOf, pageQuery } from '../../http/common-schemas.js';
import { endpoint, type Endpoint } from '../../http/endpoint.js';
import { writeAudit } from '../audit/write-audit.js';
import { kelurahanScope, type Role } from '../auth/authorize.js';
import type { SessionUser } from '../auth/sessions.js';

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

const kkSchema = z.string().superRefine((value, context) => {
  const parsed = parseKk(value);
  if (!parsed.ok) context.addIssue({ code: 'custom', message: parsed.reason });
});

const searchQuery = z
  .object({
    q: z.string().trim().min(3, 'at least 3 characters').max(100),
    ...pageQuery(100, 25),
  })
  .strict();

const nikPath = z.object({ nik: nikSchema });

const religions = [
  'ISLAM',
  'KRISTEN',
  'KATOLIK',
  'HINDU',
  'BUDDHA',
  'KHONGHUCU',
  'KEPERCAYAAN TERHADAP TUHAN YME',
] as const;

const registration = z
  .object({
    nik: nikSchema,
    kkNo: kkSchema,
    fullName: z.string().trim().min(1, 'is required').max(100),
    birthPlace: z.string().trim().min(1, 'is required').max(60),
    birthDate: isoDate,
    sex: z.enum(['L', 'P']),
    religion: z.enum(religions),
    maritalStatus: z.enum(['BELUM_KAWIN', 'KAWIN', 'CERAI_HIDUP', 'CERAI_MATI']),
    occupation: z.string().trim().min(1, 'is required').max(60),
    citizenship: z.enum(['WNI', 'WNA']).default('WNI'),
    kitapNo: z.string().trim().min(1).max(40).optional(),
    address: z.string().trim().min(1, 'is required').max(200),
    kelurahanCode,
    rw: z.number().int().min(1).max(99),
    rt: z.number().int().min(1).max(99),
    phone: z
      .string()
      .regex(/^\+?\d{8,15}$/, 'must be 8 to 15 digits')
      .optional(),
  })
  .strict()
  .superRefine((r, context) => {
    // The NIK carries the birth date (day + 40 for women): a mismatch is a typing error.
    const parsed = parseNik(r.nik);
    const [year, month, day] = r.birthDate.split('-').map(Number) as [number, number, number];
    if (
      parsed.ok &&
      (parsed.value.sex !== r.sex ||
        parsed.value.birthDay !== day ||
        parsed.value.birthMonth !== month ||
        parsed.value.birthYearDigits !== String(year % 100).padStart(2, '0'))
    )
      context.addIssue({
        code: 'custom',
        path: ['nik'],
        message: 'NIK tidak cocok dengan tanggal lahir dan jenis kelamin',
      });
    if ((r.citizenship === 'WNA') !== (r.kitapNo !== undefined))
      context.addIssue({
        code: 'custom',
        path: ['kitapNo'],
        message: 'a foreign resident needs a KITAP number and a citizen has none',
      });
  });

const residentRecord = z.object({
  nik: z.string(),
  kk_no: z.string(),
  full_name: z.string(),
  birth_place: z.string(),
  birth_date: isoDate,
  sex: z.enum(['L', 'P']),
  religion: z.string(),
  marital_status: z.string(),
  occupation: z.string(),
  citizenship: z.string(),
  address: z.string(),
  kelurahan_code: z.string(),
  kelurahan_name: z.string(),
  rw: z.number().int(),
  rt: z.number().int(),
  phone: z.string().nullable(),
  deceased: z.boolean(),
  moved_out: z.boolean(),
  enrollment_status: z.string(),
  card_status: z.string().nullable(),
});

const residentSummary = z.object({
  nik: z.string(),
  name: z.string(),
  kelurahanCode: z.string(),
  rw: z.number().int(),
  rt: z.number().int(),
  enrollmentStatus: z.string(),
  cardStatus: z.string().nullable(),
});

const timelineEvent = z.object({
  at: dateTime,
  kind: z.enum(['LIFECYCLE', 'TASK', 'CENTRAL', 'BREACH', 'MESSAGE']),
  what: z.string(),
  actor: z.string().nullable(),
  dueAt: dateTime.nullable(),
  late: z.boolean(),
});

export function residentEndpoints(deps: ApiData): Endpoint[] {
  /** The resident, if the caller's scope includes their kelurahan; 404 otherwise (no probing). */
  async function scopedResident(user: SessionUser, nik: string) {
    const scope = kelurahanScope(user);
    const { rows } = await deps.pool.query<z.infer<typeof residentRecord>>(
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

  const audit = (
    res: express.Response,
    user: SessionUser,
    action: 'read' | 'create',
    nik: string,
    details: Record<string, unknown> = {},
  ) =>
    writeAudit(deps.pool, {
      at: deps.clock.now(),
      actor: user.id,
      action,
      subjectType: 'resident',
      subjectId: nik,
      requestId: String(res.locals.requestId),
      details,
    });

  return [
    endpoint({
      operationId: 'registerResident',
      method: 'post',
      path: '/residents',
      tag: 'Residents',
      summary: 'Register a resident (and their family card when it is new)',
      description:
        "A kelurahan's staff register residents of their kelurahan only. The NIK must match the " +
        'birth date and sex; an existing NIK is a 409.',
      access: lifecycleStarters,
      body: registration,
      response: z.object({ resident: residentRecord }),
      successStatus: 201,
      errors: [409],
      handler: async ({ body: r, user, res }) => {
        const scope = kelurahanScope(user);
        if (scope && scope !== r.kelurahanCode)
          throw new ApiError(
            403,
            'forbidden',
            'You may register residents of your kelurahan only.',
          );
        await inTransaction(deps.pool, async (client) => {
          const { rows: rt } = await client.query(
            `select 1 from app.neighbourhoods where kelurahan_code = $1 and rw = $2 and rt = $3`,
            [r.kelurahanCode, r.rw, r.rt],
          );
          if (rt.length === 0)
            throw new ApiError(400, 'validation_failed', 'The request body is not valid.', [
              { field: 'rt', message: `RT ${r.rt} / RW ${r.rw} does not exist in this kelurahan` },
            ]);
          await client.query(
            `insert into app.families (kk_no, kelurahan_code, rw, rt, address)
             values ($1, $2, $3, $4, $5) on conflict (kk_no) do nothing`,
            [r.kkNo, r.kelurahanCode, r.rw, r.rt, r.address],
          );
          const inserted = await client.query(
            `insert into app.residents (nik, kk_no, full_name, birth_place, birth_date, sex, religion, marital_status,
                                        occupation, citizenship, kitap_no, address, kelurahan_code, rw, rt, phone)
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
             on conflict (nik) do nothing`,
            [
              r.nik,
              r.kkNo,
              r.fullName,
              r.birthPlace,
              r.birthDate,
              r.sex,
              r.religion,
              r.maritalStatus,
              r.occupation,
              r.citizenship,
              r.kitapNo ?? null,
              r.address,
              r.kelurahanCode,
              r.rw,
              r.rt,
              r.phone ?? null,
            ],
          );
          if (inserted.rowCount === 0)
            throw new ApiError(409, 'resident_exists', 'A resident with this NIK is registered.');
        });
        await audit(res, user, 'create', r.nik);
        return { resident: await scopedResident(user, r.nik) };
      },
    }),

    endpoint({
      operationId: 'searchResidents',
      method: 'get',
      path: '/residents',
      tag: 'Residents',
      summary: 'Search residents by the start of a NIK or a name, within your area',
      access: residentReaders,
      query: searchQuery,
      response: pageOf(residentSummary),
      handler: async ({ query: { q, page, pageSize }, user }) => {
        const scope = kelurahanScope(user);
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
        return {
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
        };
      },
    }),

    endpoint({
      operationId: 'getResident',
      method: 'get',
      path: '/residents/:nik',
      tag: 'Residents',
      summary: "A resident's full record (the read is written to the audit log)",
      access: residentReaders,
      params: nikPath,
      response: z.object({ resident: residentRecord }),
      errors: [404],
      handler: async ({ params: { nik }, user, res }) => {
        const resident = await scopedResident(user, nik);
        await audit(res, user, 'read', nik);
        return { resident };
      },
    }),

    endpoint({
      operationId: 'residentTimeline',
      method: 'get',
      path: '/residents/:nik/timeline',
      tag: 'Residents',
      summary:
        "The case timeline of a resident's e-KTP service: every step with time, actor and due date",
      access: residentReaders,
      params: nikPath,
      response: z.object({ events: z.array(timelineEvent) }),
      errors: [404],
      handler: async ({ params: { nik }, user }) => {
        await scopedResident(user, nik);
        const { rows } = await deps.pool.query<{
          at: Date;
          kind: z.infer<typeof timelineEvent>['kind'];
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
        return {
          events: rows.map((e) => ({
            at: e.at.toISOString(),
            kind: e.kind,
            what: e.what,
            actor: e.actor,
            dueAt: e.due_at?.toISOString() ?? null,
            late: e.due_at !== null && e.at.getTime() > e.due_at.getTime(),
          })),
        };
      },
    }),

    endpoint({
      operationId: 'startLifecycle',
      method: 'post',
      path: '/residents/:nik/lifecycle',
      tag: 'Residents',
      summary: "Start a resident's e-KTP service (a walk-in at the counter)",
      access: lifecycleStarters,
      params: nikPath,
      response: z.object({ nikMasked: z.string(), status: z.literal('REQUESTED') }),
      successStatus: 202,
      errors: [404, 409, 503],
      handler: async ({ params: { nik }, user, res }) => {
        const resident = await scopedResident(user, nik);
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
        await audit(res, user, 'create', nik, { lifecycle: 'requested' });
        return { nikMasked: maskNik(nik), status: 'REQUESTED' as const };
      },
    }),
  ];
}
