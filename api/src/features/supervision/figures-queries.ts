/**
 * The supervision figures, each read from the app tables over a period of local (WIB) days and
 * grouped by one dimension: the step (SLA policy), the kelurahan, the officer, the period (day,
 * week starting Monday, month) or everything ('all'). Each query answers only the dimensions it
 * has a meaning for; the endpoints put the answers side by side (supervision-figures.ts).
 *
 * Every query takes the same parameters: $1 first day, $2 last day (YYYY-MM-DD, WIB), $3 now (a
 * step is only due once its due time has passed), $4 the kelurahan or null, then its own.
 */
import type pg from 'pg';

import {
  blankoItem,
  blankoLocation,
} from '../../../../workers/src/handlers/printing/blanko-stock.js';
import { daysOfCover } from '../../../../workers/src/handlers/printing/check-cover.js';

export type Dimension = 'step' | 'kelurahan' | 'officer' | 'period' | 'total';
export type PeriodUnit = 'day' | 'week' | 'month';

export interface FigureScope {
  from: string;
  to: string;
  now: Date;
  kelurahan: string | null;
  unit: PeriodUnit;
}

type Keyed<T> = Map<string, T>;

/** A figure that has no meaning for the dimension asked. */
const nothing = <T>(): Keyed<T> => new Map<string, T>();

const fromTs = `(($1::date)::timestamp at time zone 'Asia/Jakarta')`;
const toTs = `((($2::date + 1))::timestamp at time zone 'Asia/Jakarta')`;

/**
 * The period an instant (timestamptz) or a local date falls in, named by the day it starts — or by
 * the first day asked for, when the week or month began before it.
 */
function periodOfInstant(column: string, unit: PeriodUnit): string {
  return `to_char(greatest(date_trunc('${unit}', ${column} at time zone 'Asia/Jakarta'), $1::date::timestamp), 'YYYY-MM-DD')`;
}
function periodOfDate(column: string, unit: PeriodUnit): string {
  return `to_char(greatest(date_trunc('${unit}', ${column}::timestamp), $1::date::timestamp), 'YYYY-MM-DD')`;
}

function params(scope: FigureScope, ...more: unknown[]): unknown[] {
  return [scope.from, scope.to, scope.now, scope.kelurahan, ...more];
}

/**
 * Not every query uses every common parameter, and PostgreSQL must know the type of each: an
 * unused CTE types them all.
 */
function typed(sql: string): string {
  const declare = `common_parameters as (select $1::date, $2::date, $3::timestamptz, $4::text)`;
  const trimmed = sql.trimStart();
  return trimmed.startsWith('with ')
    ? `with ${declare}, ${trimmed.slice(5)}`
    : `with ${declare} ${trimmed}`;
}

async function keyed<T>(pool: pg.Pool, sql: string, values: unknown[]): Promise<Keyed<T>> {
  const { rows } = await pool.query<T & { key: string | null }>(typed(sql), values);
  const map = new Map<string, T>();
  for (const { key, ...rest } of rows) if (key !== null) map.set(key, rest as T);
  return map;
}

/** The local days, weeks or months of the period, each as the day it starts. */
export async function periodsOf(pool: pg.Pool, scope: FigureScope): Promise<string[]> {
  const { rows } = await pool.query<{ key: string }>(
    `select to_char(greatest(g, $1::date::timestamp), 'YYYY-MM-DD') as key
       from generate_series(date_trunc('${scope.unit}', $1::date::timestamp), $2::date::timestamp,
                            interval '1 ${scope.unit}') g
      order by g`,
    [scope.from, scope.to],
  );
  return rows.map((r) => r.key);
}

export interface StepsDue {
  stepsDue: number;
  stepsBreached: number;
}

/**
 * Breach rate of human steps: the user tasks with a service level (their deadline variable names
 * the policy and carries the task's due time) that fell due in the period and were not cancelled;
 * breached = those with a breach at any level. The escalation's own tasks have no policy.
 */
export function stepsDue(
  pool: pg.Pool,
  scope: FigureScope,
  by: Dimension,
): Promise<Keyed<StepsDue>> {
  const key = {
    step: 'sla.policy',
    kelurahan: 't.kelurahan_code',
    officer: 'coalesce(t.completed_by, t.assignee)',
    period: periodOfInstant('t.due_at', scope.unit),
    total: `'all'`,
  }[by];
  return keyed(
    pool,
    `select ${key} as key, count(*)::int as "stepsDue",
            count(*) filter (where exists (
              select 1 from app.breaches b where b.element_instance_key = t.element_instance_key))::int as "stepsBreached"
       from app.tasks t
       cross join lateral (
         select d.value->>'policy' as policy from jsonb_each(t.variables) d
          where jsonb_typeof(d.value) = 'object' and d.value ? 'policy' and d.value ? 'levels'
            and case when d.value->>'dueAt' ~ '^\\d{4}-\\d{2}-\\d{2}T'
                     then (d.value->>'dueAt')::timestamptz = t.due_at else false end
          limit 1) sla
      where t.due_at >= ${fromTs} and t.due_at < ${toTs} and t.due_at <= $3 and t.state <> 'CANCELED'
        and ($4::text is null or t.kelurahan_code = $4)
      group by 1`,
    params(scope),
  );
}

export interface LateSteps {
  lateSteps: number;
  escalatedSteps: number;
}

/**
 * Late steps of every kind (service steps such as central clearance included): one per late element
 * instance, in the period of its first breach; escalated = it reached level 2 or higher.
 */
export function lateSteps(
  pool: pg.Pool,
  scope: FigureScope,
  by: Dimension,
): Promise<Keyed<LateSteps>> {
  if (by === 'officer') return Promise.resolve(nothing());
  const key = {
    step: 's.policy_code',
    kelurahan: 's.kelurahan_code',
    period: periodOfInstant('s.breached_at', scope.unit),
    total: `'all'`,
  }[by];
  return keyed(
    pool,
    `select ${key} as key, count(*)::int as "lateSteps",
            count(*) filter (where s.top_level >= 2)::int as "escalatedSteps"
       from (select min(policy_code) as policy_code, min(kelurahan_code) as kelurahan_code,
                    min(breached_at) as breached_at, max(level) as top_level
               from app.breaches group by element_instance_key) s
      where s.breached_at >= ${fromTs} and s.breached_at < ${toTs}
        and ($4::text is null or s.kelurahan_code = $4)
      group by 1`,
    params(scope),
  );
}

export interface TimeToCard {
  cardsPrinted: number;
  timeToCardAvgDays: number | null;
  timeToCardAvgWorkingDays: number | null;
  cardsWithinPromise: number;
}

/**
 * The cards printed in the period and kept, each with its start (first recording of its lifecycle,
 * else the lifecycle's start), its operator and its time to card in calendar days (`days`) and
 * working days (`working_days`), as the CTE `measured`.
 */
const measuredCards = `with printed as (
       select r.kelurahan_code, c.printed_at, rec.operator_id,
              coalesce(rec.captured_at, lc.started_at) as started_at
         from app.cards c
         join app.residents r on r.nik = c.nik
         left join lateral (
           select max(l.started_at) as started_at from app.lifecycles l
            where l.nik = c.nik and l.started_at <= c.printed_at) lc on true
         left join lateral (
           select e.captured_at, e.operator_id from app.enrolments e
            where e.nik = c.nik and e.captured_at <= c.printed_at
              and e.captured_at >= coalesce(lc.started_at, '-infinity'::timestamptz)
            order by e.captured_at, e.id limit 1) rec on true
        where c.status not in ('VOID', 'REPLACED')
          and c.printed_at >= ${fromTs} and c.printed_at < ${toTs}
          and ($4::text is null or r.kelurahan_code = $4)),
     measured as (
       select p.*, extract(epoch from (p.printed_at - p.started_at)) / 86400.0 as days,
              (select count(*) from app.work_calendar w
                 cross join generate_series(((p.started_at at time zone 'Asia/Jakarta')::date + 1)::timestamp,
                                            (p.printed_at at time zone 'Asia/Jakarta')::date::timestamp,
                                            interval '1 day') g(d)
                where extract(isodow from g.d)::smallint = any (w.working_weekdays)
                  and not exists (select 1 from app.holidays h where h.day = g.d::date))::int as working_days
         from printed p where p.started_at is not null)`;

/**
 * Time to card: for each card printed in the period that the resident keeps (not VOID or
 * REPLACED), from the first recording of the lifecycle it was printed in (the earliest enrolment
 * since the latest lifecycle start before printing; without a recording, the lifecycle's start —
 * the request) to printing. Calendar days, and working days (the working days after the start day
 * up to and including the print day, by app.work_calendar and app.holidays); within the promise
 * when the working days do not exceed `promiseWorkingDays`. The officer is the recording operator.
 */
export function timeToCard(
  pool: pg.Pool,
  scope: FigureScope,
  by: Dimension,
  promiseWorkingDays: number,
): Promise<Keyed<TimeToCard>> {
  if (by === 'step') return Promise.resolve(nothing());
  const key = {
    kelurahan: 'm.kelurahan_code',
    officer: 'm.operator_id',
    period: periodOfInstant('m.printed_at', scope.unit),
    total: `'all'`,
  }[by];
  return keyed(
    pool,
    `${measuredCards}
     select ${key} as key, count(*)::int as "cardsPrinted",
            round(avg(m.days)::numeric, 1)::float as "timeToCardAvgDays",
            round(avg(m.working_days)::numeric, 1)::float as "timeToCardAvgWorkingDays",
            count(*) filter (where m.working_days <= $5)::int as "cardsWithinPromise"
       from measured m
      group by 1`,
    params(scope, promiseWorkingDays),
  );
}

export interface QueueWaiting {
  ticketsIssued: number;
  ticketsCalled: number;
  queueWaitAvgMinutes: number | null;
  queueWaitMaxMinutes: number | null;
  ticketsOverLimit: number | null;
}

/**
 * Queue waiting: tickets of the service days in the period; the wait of a called ticket is from
 * issue to call, in minutes; over the limit = called after more than the QUEUE_WAIT service level.
 * A ticket belongs to its resident's kelurahan.
 */
export function queueWaiting(
  pool: pg.Pool,
  scope: FigureScope,
  by: Dimension,
  limitMinutes: number | null,
): Promise<Keyed<QueueWaiting>> {
  if (by === 'step' || by === 'officer') return Promise.resolve(nothing());
  const key = {
    kelurahan: 'r.kelurahan_code',
    period: periodOfDate('q.service_date', scope.unit),
    total: `'all'`,
  }[by];
  return keyed(
    pool,
    `select ${key} as key, count(*)::int as "ticketsIssued", count(q.called_at)::int as "ticketsCalled",
            round(avg(extract(epoch from (q.called_at - q.issued_at)) / 60.0)::numeric, 1)::float as "queueWaitAvgMinutes",
            round(max(extract(epoch from (q.called_at - q.issued_at)) / 60.0)::numeric, 1)::float as "queueWaitMaxMinutes",
            case when $5::int is null then null
                 else count(*) filter (where q.called_at - q.issued_at > make_interval(mins => $5::int))::int end
              as "ticketsOverLimit"
       from app.queue_tickets q
       left join app.residents r on r.nik = q.nik
      where q.service_date between $1::date and $2::date
        and ($4::text is null or r.kelurahan_code = $4)
      group by 1`,
    params(scope, limitMinutes),
  );
}

export interface InvitationsDelivered {
  invitationsIssued: number;
  invitationsDelivered: number;
  invitationsUndeliverable: number;
}

/**
 * Invitations: letters issued in the period (signed with their batch, or created when sent without
 * one; drafts are not letters yet); delivered = the RT confirmed a delivery (delivered_at), whatever
 * happened after; undeliverable = returned with a reason. A letter belongs to its resident's kelurahan.
 */
export function invitationsDelivered(
  pool: pg.Pool,
  scope: FigureScope,
  by: Dimension,
): Promise<Keyed<InvitationsDelivered>> {
  if (by === 'step' || by === 'officer') return Promise.resolve(nothing());
  const key = {
    kelurahan: 'r.kelurahan_code',
    period: periodOfInstant('x.issued_at', scope.unit),
    total: `'all'`,
  }[by];
  return keyed(
    pool,
    `select ${key} as key, count(*)::int as "invitationsIssued",
            count(i.delivered_at)::int as "invitationsDelivered",
            count(*) filter (where i.status = 'UNDELIVERABLE')::int as "invitationsUndeliverable"
       from app.invitations i
       join app.residents r on r.nik = i.nik
       left join app.invitation_batches b on b.id = i.batch_id
       cross join lateral (select coalesce(b.signed_at, i.created_at) as issued_at) x
      where i.status <> 'DRAFT' and x.issued_at >= ${fromTs} and x.issued_at < ${toTs}
        and ($4::text is null or r.kelurahan_code = $4)
      group by 1`,
    params(scope),
  );
}

export interface Absences {
  absentWithoutReason: number;
  lateArrivals: number;
}

/**
 * Attendance: working days in the period recorded TANPA_KETERANGAN (absent without a valid reason,
 * what PP 94/2021 counts) and days present but late. A staff member belongs to the kelurahan of
 * their unit.
 */
export function absences(
  pool: pg.Pool,
  scope: FigureScope,
  by: Dimension,
): Promise<Keyed<Absences>> {
  if (by === 'step') return Promise.resolve(nothing());
  const key = {
    kelurahan: 's.unit_code',
    officer: 'a.staff_id',
    period: periodOfDate('a.day', scope.unit),
    total: `'all'`,
  }[by];
  return keyed(
    pool,
    `select ${key} as key,
            count(*) filter (where a.status = 'TANPA_KETERANGAN')::int as "absentWithoutReason",
            count(*) filter (where a.minutes_late > 0)::int as "lateArrivals"
       from app.attendance a join app.staff s on s.id = a.staff_id
      where a.day between $1::date and $2::date and ($4::text is null or s.unit_code = $4)
      group by 1`,
    params(scope),
  );
}

export interface BlankoCover {
  blankoUsed: number;
  blankoOnHand: number;
  blankoDaysOfCover: number | null;
}

/**
 * Blanko of the Dinas (one stock for every kelurahan): used = printed and spoiled in the period;
 * on hand at the period's end (or now, if sooner), rebuilt from the stock and the movements after
 * it; days of cover = whole days that stock lasts at the average daily use of the `windowDays`
 * before that moment (the warehouse's own check-cover formula), null when nothing was used.
 */
export async function blankoCover(
  pool: pg.Pool,
  scope: FigureScope,
  by: Dimension,
  windowDays: number,
): Promise<Keyed<BlankoCover>> {
  if (by !== 'period' && by !== 'total') return nothing();
  const periods =
    by === 'total'
      ? `select 'all' as key, ${fromTs} as starts, least(${toTs}, $3) as ends`
      : `select to_char(greatest(g, $1::date::timestamp), 'YYYY-MM-DD') as key,
                greatest(g at time zone 'Asia/Jakarta', ${fromTs}) as starts,
                least((g + interval '1 ${scope.unit}') at time zone 'Asia/Jakarta', ${toTs}, $3) as ends
           from generate_series(date_trunc('${scope.unit}', $1::date::timestamp), $2::date::timestamp,
                                interval '1 ${scope.unit}') g`;
  const { rows } = await pool.query<{
    key: string;
    used: number;
    on_hand: number;
    used_in_window: number;
  }>(
    typed(`with periods as (${periods})
     select p.key,
            (-coalesce((select sum(m.quantity) from app.stock_movements m
                         where m.location_code = s.location_code and m.item = s.item
                           and m.kind in ('ISSUE_PRINT', 'SPOIL') and m.at >= p.starts and m.at < p.ends), 0))::int as used,
            (s.on_hand - coalesce((select sum(m.quantity) from app.stock_movements m
                                    where m.location_code = s.location_code and m.item = s.item
                                      and m.kind in ('RECEIVE', 'ISSUE_PRINT', 'SPOIL', 'ADJUST')
                                      and m.at >= greatest(p.ends, p.starts)), 0))::int as on_hand,
            (-coalesce((select sum(m.quantity) from app.stock_movements m
                         where m.location_code = s.location_code and m.item = s.item
                           and m.kind in ('ISSUE_PRINT', 'SPOIL')
                           and m.at >= greatest(p.ends, p.starts) - make_interval(days => $5::int)
                           and m.at < greatest(p.ends, p.starts)), 0))::int as used_in_window
       from periods p cross join app.stock s
      where s.location_code = $6 and s.item = $7
      order by p.key`),
    params(scope, windowDays, blankoLocation, blankoItem),
  );
  return new Map(
    rows.map((r) => [
      r.key,
      {
        blankoUsed: Math.max(0, r.used),
        blankoOnHand: r.on_hand,
        blankoDaysOfCover:
          r.used_in_window > 0 ? daysOfCover(r.on_hand, r.used_in_window, windowDays) : null,
      },
    ]),
  );
}

/**
 * The promise a resident is given for the card, in working days: the service levels from
 * recording to print — sent to the centre, received there, print-ready (PRR), printed — as the
 * office has set them in app.sla_policies (18 working days by default). A level counted in
 * minutes counts as the working days it spans.
 */
export const promisedSteps = ['SEND_TO_CENTRAL', 'CENTRAL_RECEIPT', 'CENTRAL_PRR', 'PRINT'];

export async function promiseWorkingDays(pool: pg.Pool): Promise<number> {
  const { rows } = await pool.query<{ days: number }>(
    `select coalesce(sum(case when p.due_unit in ('WORKING_DAYS', 'CALENDAR_DAYS') then p.due_amount
                              else ceil(p.due_amount / greatest(1, extract(epoch from (w.closes - w.opens)) / 60.0))
                         end), 0)::int as days
       from app.sla_policies p cross join app.work_calendar w
      where p.code = any ($1::text[])`,
    [promisedSteps],
  );
  return rows[0]?.days ?? 0;
}

/** The waiting-time service level at the counter in minutes (QUEUE_WAIT), null if not in minutes. */
export async function queueLimitMinutes(pool: pg.Pool): Promise<number | null> {
  const { rows } = await pool.query<{ minutes: number | null }>(
    `select case when due_unit in ('MINUTES', 'WORKING_MINUTES') then due_amount end as minutes
       from app.sla_policies where code = 'QUEUE_WAIT'`,
  );
  return rows[0]?.minutes ?? null;
}

export type TimeToCardBucket = {
  workingDays: number;
  cards: number;
};

/** How many cards took each number of working days (the cards and days of `timeToCard`). */
export async function timeToCardDistribution(
  pool: pg.Pool,
  scope: FigureScope,
): Promise<TimeToCardBucket[]> {
  const { rows } = await pool.query<TimeToCardBucket>(
    typed(`${measuredCards}
     select m.working_days as "workingDays", count(*)::int as cards
       from measured m group by 1 order by 1`),
    params(scope),
  );
  return rows;
}
