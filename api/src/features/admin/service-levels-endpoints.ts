/**
 * Administration of the service levels (/api/admin/sla-policies), the work calendar
 * (/api/admin/work-calendar, /api/admin/holidays) and the stations (/api/admin/stations).
 *
 * The workers read a policy when a step starts, so a change applies to steps started after it;
 * steps already running keep the due time they were given. The work calendar is cached by each
 * process for up to ten minutes.
 */
import { z } from 'zod';

import type { ApiData } from '../../api-endpoints.js';
import { ApiError, NotFoundError } from '../../errors/api-error.js';
import { isoDate } from '../../http/common-schemas.js';
import { endpoint, type Endpoint } from '../../http/endpoint.js';
import { inTransaction } from '../../../../platform/src/database/in-transaction.js';
import { writeAudit } from '../audit/write-audit.js';
import { roles } from '../auth/authorize.js';
import { administrators } from './staff-endpoints.js';

const slaUnit = z.enum(['WORKING_DAYS', 'WORKING_MINUTES', 'MINUTES', 'CALENDAR_DAYS']);

const escalationLevel = z.object({
  level: z.number().int().min(1).max(4),
  afterAmount: z.number().int().positive(),
  afterUnit: slaUnit,
  candidateGroup: z.enum(roles),
});

const policy = z.object({
  code: z.string(),
  stepName: z.string(),
  dueAmount: z.number().int(),
  dueUnit: slaUnit,
  legalBasis: z.string().nullable(),
  levels: z.array(escalationLevel),
});

const policyChange = z
  .object({
    dueAmount: z.number().int().min(0).max(10_000),
    dueUnit: slaUnit,
    levels: z.array(escalationLevel).min(1).max(4),
  })
  .strict()
  .superRefine((p, context) => {
    if (p.dueAmount === 0 && p.dueUnit !== 'WORKING_DAYS')
      context.addIssue({
        code: 'custom',
        path: ['dueAmount'],
        message: '0 only means "the same working day" (WORKING_DAYS)',
      });
    // The escalation promotes level n to n + 1: a gap would stop it there.
    p.levels.forEach((l, i) => {
      if (l.level !== i + 1)
        context.addIssue({
          code: 'custom',
          path: ['levels', i, 'level'],
          message: `levels must be 1, 2, … in order; expected ${i + 1}`,
        });
    });
  });

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time HH:MM');

const workCalendar = z.object({
  workingWeekdays: z.array(z.number().int()),
  opens: z.string(),
  closes: z.string(),
  holidays: z.array(
    z.object({ day: isoDate, name: z.string(), kind: z.enum(['LIBUR_NASIONAL', 'CUTI_BERSAMA']) }),
  ),
});

const holiday = z
  .object({
    day: isoDate,
    name: z.string().trim().min(1, 'is required').max(120),
    kind: z.enum(['LIBUR_NASIONAL', 'CUTI_BERSAMA']),
  })
  .strict();

const station = z.object({
  id: z.string(),
  kind: z.enum(['RECORDING', 'PRINTER', 'CARD_READER']),
  name: z.string(),
  locationCode: z.string(),
  dailyCapacity: z.number().int(),
});

const stationId = z.string().regex(/^[A-Za-z0-9._-]{1,40}$/, 'must be letters, digits, . _ -');

export function serviceLevelAdminEndpoints(deps: ApiData): Endpoint[] {
  const tag = 'Administration';
  const audit = (
    client: Parameters<typeof writeAudit>[0],
    actor: string,
    requestId: unknown,
    action: 'create' | 'update' | 'delete',
    subjectType: string,
    subjectId: string,
    details: Record<string, unknown>,
  ) =>
    writeAudit(client, {
      at: deps.clock.now(),
      actor,
      action,
      subjectType,
      subjectId,
      requestId: String(requestId),
      details,
    });

  const policies = async (code?: string) => {
    const { rows } = await deps.pool.query<z.infer<typeof policy>>(
      `select p.code, p.step_name as "stepName", p.due_amount as "dueAmount", p.due_unit as "dueUnit",
              p.legal_basis as "legalBasis",
              coalesce((select json_agg(json_build_object('level', l.level, 'afterAmount', l.after_amount,
                                 'afterUnit', l.after_unit, 'candidateGroup', l.candidate_group) order by l.level)
                          from app.sla_escalation_levels l where l.policy_code = p.code), '[]') as levels
         from app.sla_policies p where $1::text is null or p.code = $1 order by p.code`,
      [code ?? null],
    );
    return rows;
  };

  const calendar = async (year: number) => {
    const { rows } = await deps.pool.query<{
      working_weekdays: number[];
      opens: string;
      closes: string;
    }>(
      `select working_weekdays, to_char(opens, 'HH24:MI') as opens, to_char(closes, 'HH24:MI') as closes from app.work_calendar`,
    );
    const { rows: holidays } = await deps.pool.query<z.infer<typeof holiday>>(
      `select to_char(day, 'YYYY-MM-DD') as day, name, kind from app.holidays
        where extract(year from day) = $1 order by day`,
      [year],
    );
    const c = rows[0]!;
    return { workingWeekdays: c.working_weekdays, opens: c.opens, closes: c.closes, holidays };
  };

  return [
    endpoint({
      operationId: 'listSlaPolicies',
      method: 'get',
      path: '/admin/sla-policies',
      tag,
      summary: 'The service levels: due time of each step and who hears of it when it is late',
      access: [...administrators, 'kasi', 'sekcam', 'camat', 'auditor'],
      response: z.object({ items: z.array(policy) }),
      handler: async () => ({ items: await policies() }),
    }),

    endpoint({
      operationId: 'updateSlaPolicy',
      method: 'put',
      path: '/admin/sla-policies/:code',
      tag,
      summary:
        "Change a step's due time and its escalation levels (applies to steps started after)",
      access: administrators,
      params: z.object({
        code: z.string().regex(/^[A-Z][A-Z0-9_]{0,63}$/, 'must be a policy code'),
      }),
      body: policyChange,
      response: policy,
      errors: [404],
      handler: async ({ params: { code }, body: p, user, res }) => {
        const [before] = await policies(code);
        if (!before) throw new NotFoundError(`No service level ${code}.`);
        await inTransaction(deps.pool, async (client) => {
          await client.query(
            `update app.sla_policies set due_amount = $2, due_unit = $3, updated_at = $4 where code = $1`,
            [code, p.dueAmount, p.dueUnit, new Date(deps.clock.now())],
          );
          // One statement: the references between levels are checked at its end.
          await client.query(`delete from app.sla_escalation_levels where policy_code = $1`, [
            code,
          ]);
          for (const l of p.levels)
            await client.query(
              `insert into app.sla_escalation_levels (policy_code, level, after_amount, after_unit, candidate_group)
               values ($1, $2, $3, $4, $5)`,
              [code, l.level, l.afterAmount, l.afterUnit, l.candidateGroup],
            );
          await audit(client, user.id, res.locals.requestId, 'update', 'sla_policy', code, {
            before,
            after: p,
          });
        });
        return (await policies(code))[0];
      },
    }),

    endpoint({
      operationId: 'getWorkCalendar',
      method: 'get',
      path: '/admin/work-calendar',
      tag,
      summary: 'Office hours, working weekdays and the holidays of a year',
      access: [...administrators, 'kasi', 'sekcam', 'camat', 'auditor'],
      query: z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() }).strict(),
      response: workCalendar,
      handler: async ({ query }) =>
        calendar(query.year ?? new Date(deps.clock.now() + 7 * 3600_000).getUTCFullYear()),
    }),

    endpoint({
      operationId: 'updateWorkCalendar',
      method: 'put',
      path: '/admin/work-calendar',
      tag,
      summary: 'Change office hours and working weekdays (1 = Monday … 7 = Sunday)',
      access: administrators,
      body: z
        .object({
          workingWeekdays: z.array(z.number().int().min(1).max(7)).min(1).max(7),
          opens: clockTime,
          closes: clockTime,
        })
        .strict()
        .refine((c) => c.closes > c.opens, { path: ['closes'], message: 'must be after opens' })
        .refine((c) => new Set(c.workingWeekdays).size === c.workingWeekdays.length, {
          path: ['workingWeekdays'],
          message: 'must not repeat a day',
        }),
      response: workCalendar,
      handler: async ({ body: c, user, res }) => {
        await inTransaction(deps.pool, async (client) => {
          await client.query(
            `update app.work_calendar set working_weekdays = $1, opens = $2, closes = $3`,
            [[...c.workingWeekdays].sort(), c.opens, c.closes],
          );
          await audit(client, user.id, res.locals.requestId, 'update', 'work_calendar', 'hours', c);
        });
        return calendar(new Date(deps.clock.now() + 7 * 3600_000).getUTCFullYear());
      },
    }),

    endpoint({
      operationId: 'addHoliday',
      method: 'post',
      path: '/admin/holidays',
      tag,
      summary: 'Add a public holiday or cuti bersama (from the year’s SKB)',
      access: administrators,
      body: holiday,
      response: holiday,
      successStatus: 201,
      errors: [409],
      handler: async ({ body: h, user, res }) => {
        await inTransaction(deps.pool, async (client) => {
          const inserted = await client.query(
            `insert into app.holidays (day, name, kind) values ($1, $2, $3) on conflict (day) do nothing`,
            [h.day, h.name, h.kind],
          );
          if (inserted.rowCount === 0)
            throw new ApiError(409, 'holiday_exists', `${h.day} is a holiday already.`);
          await audit(client, user.id, res.locals.requestId, 'create', 'holiday', h.day, h);
        });
        return h;
      },
    }),

    endpoint({
      operationId: 'removeHoliday',
      method: 'delete',
      path: '/admin/holidays/:day',
      tag,
      summary: 'Remove a holiday',
      access: administrators,
      params: z.object({ day: isoDate }),
      successStatus: 204,
      errors: [404],
      handler: async ({ params: { day }, user, res }) => {
        await inTransaction(deps.pool, async (client) => {
          const { rows } = await client.query<{ name: string; kind: string }>(
            `delete from app.holidays where day = $1 returning name, kind`,
            [day],
          );
          if (rows.length === 0) throw new NotFoundError(`${day} is not a holiday.`);
          await audit(client, user.id, res.locals.requestId, 'delete', 'holiday', day, {
            ...rows[0],
          });
        });
        return undefined;
      },
    }),

    endpoint({
      operationId: 'createStation',
      method: 'post',
      path: '/admin/stations',
      tag,
      summary: 'Add a recording station, printer or card reader',
      access: administrators,
      body: z
        .object({
          id: stationId,
          kind: z.enum(['RECORDING', 'PRINTER', 'CARD_READER']),
          name: z.string().trim().min(1, 'is required').max(100),
          locationCode: z
            .string()
            .regex(/^\d{2}\.\d{2}(\.\d{2})?$/, 'must be the kecamatan or the city'),
          dailyCapacity: z.number().int().positive().max(10_000),
        })
        .strict(),
      response: station,
      successStatus: 201,
      errors: [409],
      handler: async ({ body: s, user, res }) => {
        const { rows: region } = await deps.pool.query(
          `select 1 from app.regions where code = $1`,
          [s.locationCode],
        );
        if (region.length === 0)
          throw new ApiError(400, 'validation_failed', 'The request body is not valid.', [
            { field: 'locationCode', message: 'is not a known region' },
          ]);
        await inTransaction(deps.pool, async (client) => {
          const inserted = await client.query(
            `insert into app.stations (id, kind, name, location_code, daily_capacity)
             values ($1, $2, $3, $4, $5) on conflict (id) do nothing`,
            [s.id, s.kind, s.name, s.locationCode, s.dailyCapacity],
          );
          if (inserted.rowCount === 0)
            throw new ApiError(409, 'station_exists', `A station ${s.id} exists already.`);
          await audit(client, user.id, res.locals.requestId, 'create', 'station', s.id, s);
        });
        return s;
      },
    }),

    endpoint({
      operationId: 'updateStation',
      method: 'patch',
      path: '/admin/stations/:id',
      tag,
      summary: 'Rename a station or change its daily capacity (new appointment slots use it)',
      access: administrators,
      params: z.object({ id: stationId }),
      body: z
        .object({
          name: z.string().trim().min(1).max(100).optional(),
          dailyCapacity: z.number().int().positive().max(10_000).optional(),
        })
        .strict()
        .refine((c) => Object.keys(c).length > 0, 'nothing to change'),
      response: station,
      errors: [404],
      handler: async ({ params: { id }, body: c, user, res }) => {
        const updated = await inTransaction(deps.pool, async (client) => {
          const { rows } = await client.query<z.infer<typeof station>>(
            `update app.stations set name = coalesce($2, name), daily_capacity = coalesce($3, daily_capacity)
              where id = $1
              returning id, kind, name, location_code as "locationCode", daily_capacity as "dailyCapacity"`,
            [id, c.name ?? null, c.dailyCapacity ?? null],
          );
          if (!rows[0]) throw new NotFoundError(`No station ${id}.`);
          await audit(client, user.id, res.locals.requestId, 'update', 'station', id, c);
          return rows[0];
        });
        return updated;
      },
    }),
  ];
}
