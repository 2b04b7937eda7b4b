/**
 * Supervision figures (/api/supervision/figures/…): per step, kelurahan, officer and period (WIB
 * days, weeks or months) — breach rate, late and escalated steps, time to card against the
 * promise, queue waiting, invitations delivered, blanko used and days of cover, absences — as JSON
 * or CSV (`format=csv`), with the totals of the same selection. Every figure is read from the app
 * tables (figures-queries.ts says exactly how). A Lurah sees their kelurahan's figures only; the
 * blanko figures are the Dinas's one stock, the same for every kelurahan.
 */
import { z } from 'zod';

import type { ApiData } from '../../api-endpoints.js';
import { isoDate, kelurahanCode, listFormat } from '../../http/common-schemas.js';
import { endpoint, type Endpoint, type EndpointContext } from '../../http/endpoint.js';
import { ForbiddenError, kelurahanScope } from '../auth/authorize.js';
import type { SessionUser } from '../auth/sessions.js';
import { toCsv } from './csv.js';
import {
  absences,
  blankoCover,
  invitationsDelivered,
  lateSteps,
  periodsOf,
  promiseWorkingDays,
  queueLimitMinutes,
  queueWaiting,
  stepsDue,
  timeToCard,
  timeToCardDistribution,
  type Dimension,
  type FigureScope,
  type PeriodUnit,
} from './figures-queries.js';
import { fromNotAfterTo, localDay } from './local-period.js';
import { supervisionReaders } from './supervision-readers.js';

const day = 24 * 60 * 60_000;
const wib = 7 * 60 * 60_000;
const maxSpanDays = 731;

const count = z.number().int();
const figure = z.number().nullable();

const stepFigures = {
  stepsDue: count,
  stepsBreached: count,
  /** stepsBreached / stepsDue, 3 decimals; null when nothing fell due. */
  breachRate: figure,
};
const lateFigures = { lateSteps: count, escalatedSteps: count };
const cardFigures = {
  cardsPrinted: count,
  timeToCardAvgDays: figure,
  timeToCardAvgWorkingDays: figure,
  cardsWithinPromise: count,
  /** cardsWithinPromise / cardsPrinted, 3 decimals. */
  withinPromiseRate: figure,
};
const queueFigures = {
  ticketsIssued: count,
  ticketsCalled: count,
  queueWaitAvgMinutes: figure,
  queueWaitMaxMinutes: figure,
  ticketsOverLimit: count.nullable(),
};
const invitationFigures = {
  invitationsIssued: count,
  invitationsDelivered: count,
  invitationsUndeliverable: count,
  /** invitationsDelivered / invitationsIssued, 3 decimals. */
  deliveryRate: figure,
};
const absenceFigures = { absentWithoutReason: count, lateArrivals: count };
const blankoFigures = { blankoUsed: count, blankoOnHand: count, blankoDaysOfCover: figure };

const allFigures = {
  ...stepFigures,
  ...lateFigures,
  ...cardFigures,
  ...queueFigures,
  ...invitationFigures,
  ...absenceFigures,
  ...blankoFigures,
};

const stepRow = z.object({ policy: z.string(), step: z.string(), ...stepFigures, ...lateFigures });
const kelurahanRow = z.object({
  kelurahanCode: z.string(),
  kelurahanName: z.string(),
  ...stepFigures,
  ...lateFigures,
  ...cardFigures,
  ...queueFigures,
  ...invitationFigures,
  ...absenceFigures,
});
const officerRow = z.object({
  staffId: z.string(),
  name: z.string().nullable(),
  unitCode: z.string().nullable(),
  ...stepFigures,
  ...cardFigures,
  ...absenceFigures,
});
const periodRow = z.object({ period: isoDate, ...allFigures });
const totals = z.object(allFigures);

const answerOf = <T extends z.ZodType>(row: T) =>
  z.object({
    from: isoDate,
    to: isoDate,
    /** Working days promised from recording to a printed card (SLA policies of those steps). */
    promiseWorkingDays: count,
    /** The counter's waiting-time service level in minutes (QUEUE_WAIT). */
    queueLimitMinutes: count.nullable(),
    coverWindowDays: count,
    rows: z.array(row),
    totals,
  });

const baseQuery = {
  from: localDay.optional(),
  to: localDay.optional(),
  kelurahan: kelurahanCode.optional(),
  /** Days of blanko use the days of cover are averaged over (14, as the warehouse's check). */
  coverWindowDays: z.coerce.number().int().min(1).max(365).default(14),
  format: listFormat,
};

function checkedPeriod<T extends { from?: string | undefined; to?: string | undefined }>(
  schema: z.ZodType<T>,
) {
  return schema.superRefine((q, context) => {
    fromNotAfterTo(q, context);
    if (q.from && q.to && (Date.parse(q.to) - Date.parse(q.from)) / day > maxSpanDays) {
      context.addIssue({
        code: 'custom',
        path: ['to'],
        message: `the period may span at most ${maxSpanDays} days`,
      });
    }
  });
}

const figureQuery = checkedPeriod(z.object(baseQuery).strict());
const periodQuery = checkedPeriod(
  z.object({ ...baseQuery, unit: z.enum(['day', 'week', 'month']).default('day') }).strict(),
);

type FigureQuery = z.infer<typeof figureQuery> & { unit?: PeriodUnit };

const ratio = (part: number, whole: number) =>
  whole > 0 ? Math.round((part / whole) * 1000) / 1000 : null;

type Figures = Record<string, number | null>;

/** Zero counts and null averages where a query had no rows for a key, and the rates. */
function complete(parts: Array<Record<string, unknown> | undefined>, names: string[]): Figures {
  const merged: Figures = {};
  for (const part of parts) Object.assign(merged, part);
  const out: Figures = {};
  for (const name of names) {
    if (name === 'breachRate') out[name] = ratio(num(merged.stepsBreached), num(merged.stepsDue));
    else if (name === 'withinPromiseRate')
      out[name] = ratio(num(merged.cardsWithinPromise), num(merged.cardsPrinted));
    else if (name === 'deliveryRate')
      out[name] = ratio(num(merged.invitationsDelivered), num(merged.invitationsIssued));
    else if (name in merged) out[name] = merged[name] as number | null;
    else out[name] = nullWhenMissing.has(name) ? null : 0;
  }
  return out;
}

const num = (value: unknown) => (typeof value === 'number' ? value : 0);
const nullWhenMissing = new Set([
  'timeToCardAvgDays',
  'timeToCardAvgWorkingDays',
  'queueWaitAvgMinutes',
  'queueWaitMaxMinutes',
  'blankoDaysOfCover',
]);

export function figureEndpoints(deps: ApiData): Endpoint[] {
  const { pool, clock } = deps;

  function scopeOf(q: FigureQuery, user: SessionUser): FigureScope {
    const own = kelurahanScope(user);
    if (own && q.kelurahan && q.kelurahan !== own) {
      throw new ForbiddenError(`You see the figures of your kelurahan (${own}) only.`);
    }
    const today = new Date(clock.now() + wib).toISOString().slice(0, 10);
    const to = q.to ?? (q.from && q.from > today ? q.from : today);
    const from = q.from ?? new Date(Date.parse(to) - 29 * day).toISOString().slice(0, 10);
    return {
      from,
      to,
      now: new Date(clock.now()),
      kelurahan: own ?? q.kelurahan ?? null,
      unit: q.unit ?? 'day',
    };
  }

  /** Every figure query for one dimension, keyed alike. */
  async function gather(scope: FigureScope, by: Dimension, coverWindowDays: number) {
    const [promise, queueLimit] = await Promise.all([
      promiseWorkingDays(pool),
      queueLimitMinutes(pool),
    ]);
    const [due, late, cards, queue, invitations, absent, blanko] = await Promise.all([
      stepsDue(pool, scope, by),
      lateSteps(pool, scope, by),
      timeToCard(pool, scope, by, promise),
      queueWaiting(pool, scope, by, queueLimit),
      invitationsDelivered(pool, scope, by),
      absences(pool, scope, by),
      blankoCover(pool, scope, by, coverWindowDays),
    ]);
    const parts = [due, late, cards, queue, invitations, absent, blanko];
    return {
      promise,
      queueLimit,
      keys: new Set(parts.flatMap((part) => [...part.keys()])),
      figuresOf: (key: string, names: string[]) =>
        complete(
          parts.map((part) => part.get(key) as Record<string, unknown> | undefined),
          names,
        ),
    };
  }

  async function answer(
    context: EndpointContext<unknown, FigureQuery, unknown>,
    by: Dimension,
    rowsOf: (
      gathered: Awaited<ReturnType<typeof gather>>,
      scope: FigureScope,
    ) => Promise<Array<Record<string, unknown>>>,
    columns: string[],
    fileName: string,
  ) {
    const q = context.query;
    const scope = scopeOf(q, context.user);
    const [gathered, all] = await Promise.all([
      gather(scope, by, q.coverWindowDays),
      gather(scope, 'total', q.coverWindowDays),
    ]);
    const rows = await rowsOf(gathered, scope);
    if (q.format === 'csv') {
      context.res
        .type('text/csv; charset=utf-8')
        .attachment(`${fileName}-${scope.from}-${scope.to}.csv`)
        .send(toCsv(columns, rows));
      return undefined;
    }
    return {
      from: scope.from,
      to: scope.to,
      promiseWorkingDays: gathered.promise,
      queueLimitMinutes: gathered.queueLimit,
      coverWindowDays: q.coverWindowDays,
      rows,
      totals: all.figuresOf('all', Object.keys(allFigures)),
    };
  }

  const names = (schema: z.ZodObject) => Object.keys(schema.shape);
  const figureNames = (schema: z.ZodObject, ...labels: string[]) =>
    names(schema).filter((name) => !labels.includes(name));
  const common = {
    method: 'get' as const,
    tag: 'Supervision',
    access: supervisionReaders,
    alsoProduces: ['text/csv'],
    description:
      'Period: from..to, local (WIB) days, both included (default: the 30 days up to today). ' +
      'Breach rate: user tasks with a service level due in the period (not cancelled) that were breached, over those due. ' +
      'Late/escalated steps: late element instances of any step by first breach, escalated = reached level 2+. ' +
      'Time to card: cards printed in the period and kept, from the first recording of the lifecycle (else its start) to printing, in calendar and working days; within promise = working days <= promiseWorkingDays. ' +
      'Queue: tickets of the service days, wait = issue to call in minutes, over limit = wait > QUEUE_WAIT. ' +
      'Invitations: letters signed (or sent without a batch) in the period, delivered = delivery confirmed. ' +
      'Absences: attendance days TANPA_KETERANGAN and days present but late. ' +
      'Blanko (Dinas stock): used = printed + spoiled, on hand at the end, days of cover = floor(on hand × window / use in the window before the end).',
  };

  return [
    endpoint({
      ...common,
      operationId: 'timeToCardDistribution',
      path: '/supervision/figures/time-to-card',
      summary: 'How many cards took each number of working days, against the promise',
      description:
        'Cards printed in the period and kept, counted by their working days from the first ' +
        'recording (else the request) to printing; the promise is the sum of the service levels ' +
        'from sending to printing. CSV with format=csv.',
      query: figureQuery,
      response: z.object({
        from: isoDate,
        to: isoDate,
        kelurahan: z.string().nullable(),
        promiseWorkingDays: z.number().int(),
        cards: z.number().int(),
        cardsWithinPromise: z.number().int(),
        buckets: z.array(z.object({ workingDays: z.number().int(), cards: z.number().int() })),
      }),
      handler: async ({ query, user, res }) => {
        const scope = scopeOf(query, user);
        const [promise, buckets] = await Promise.all([
          promiseWorkingDays(pool),
          timeToCardDistribution(pool, scope),
        ]);
        if (query.format === 'csv') {
          res
            .type('text/csv; charset=utf-8')
            .attachment(`waktu-sampai-kartu-${scope.from}-${scope.to}.csv`)
            .send(toCsv(['workingDays', 'cards'], buckets));
          return undefined;
        }
        return {
          from: scope.from,
          to: scope.to,
          kelurahan: scope.kelurahan,
          promiseWorkingDays: promise,
          cards: buckets.reduce((sum, b) => sum + b.cards, 0),
          cardsWithinPromise: buckets
            .filter((b) => b.workingDays <= promise)
            .reduce((sum, b) => sum + b.cards, 0),
          buckets,
        };
      },
    }),

    endpoint({
      ...common,
      operationId: 'figuresPerStep',
      path: '/supervision/figures/steps',
      summary: 'Breach rate and late steps per step (SLA policy)',
      query: figureQuery,
      response: answerOf(stepRow),
      handler: (context) =>
        answer(
          context,
          'step',
          async (g) => {
            const { rows } = await pool.query<{ code: string; step_name: string }>(
              `select code, step_name from app.sla_policies order by code`,
            );
            return rows.map((p) => ({
              policy: p.code,
              step: p.step_name,
              ...g.figuresOf(p.code, figureNames(stepRow, 'policy', 'step')),
            }));
          },
          names(stepRow),
          'angka-per-langkah',
        ),
    }),

    endpoint({
      ...common,
      operationId: 'figuresPerKelurahan',
      path: '/supervision/figures/kelurahan',
      summary:
        'Breach rate, time to card, queue waiting, invitations delivered and absences per kelurahan',
      query: figureQuery,
      response: answerOf(kelurahanRow),
      handler: (context) =>
        answer(
          context,
          'kelurahan',
          async (g, scope) => {
            const { rows } = await pool.query<{ code: string; name: string }>(
              `select code, name from app.regions
                where level = 'KELURAHAN' and ($1::text is null or code = $1) order by code`,
              [scope.kelurahan],
            );
            return rows.map((k) => ({
              kelurahanCode: k.code,
              kelurahanName: k.name,
              ...g.figuresOf(k.code, figureNames(kelurahanRow, 'kelurahanCode', 'kelurahanName')),
            }));
          },
          names(kelurahanRow),
          'angka-per-kelurahan',
        ),
    }),

    endpoint({
      ...common,
      operationId: 'figuresPerOfficer',
      path: '/supervision/figures/officers',
      summary:
        'Breach rate of the tasks each officer held, time to card of the residents they recorded, and absences',
      query: figureQuery,
      response: answerOf(officerRow),
      handler: (context) =>
        answer(
          context,
          'officer',
          async (g) => {
            const ids = [...g.keys].sort();
            const { rows } = await pool.query<{ id: string; name: string; unit_code: string }>(
              `select id, name, unit_code from app.staff where id = any ($1::text[])`,
              [ids],
            );
            return ids.map((id) => {
              const staff = rows.find((s) => s.id === id);
              return {
                staffId: id,
                name: staff?.name ?? null,
                unitCode: staff?.unit_code ?? null,
                ...g.figuresOf(id, figureNames(officerRow, 'staffId', 'name', 'unitCode')),
              };
            });
          },
          names(officerRow),
          'angka-per-petugas',
        ),
    }),

    endpoint({
      ...common,
      operationId: 'figuresPerPeriod',
      path: '/supervision/figures/periods',
      summary:
        'Every figure per day, week (from Monday) or month, including blanko used and days of cover',
      query: periodQuery,
      response: answerOf(periodRow),
      handler: (context) =>
        answer(
          context,
          'period',
          async (g, scope) =>
            (await periodsOf(pool, scope)).map((period) => ({
              period,
              ...g.figuresOf(period, figureNames(periodRow, 'period')),
            })),
          names(periodRow),
          'angka-per-periode',
        ),
    }),
  ];
}
