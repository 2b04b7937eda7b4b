/**
 * Settings of the simulated central registry, printing line and notifier: one zod schema with the
 * defaults, and the SIM_* environment variables that override them.
 *
 * The defaults resemble the field study and the research (DOMAIN.md, research §1.3 and §4); every
 * one is a guess to be tuned to what a Dinas actually sees ([I] in the research), which is why
 * each can be set without a code change.
 */
import { z } from 'zod';

import { ConfigError } from '../../../platform/src/config/config.js';

const shareMessage = 'must be a share between 0 and 1 (0.03 or 3%)';
const share = (fallback: number) =>
  z.number().min(0, shareMessage).max(1, shareMessage).default(fallback);

const whole = (fallback: number, limits: { min: number; max: number }, unit: string) => {
  const message = `must be a whole number of ${unit} between ${limits.min} and ${limits.max}`;
  return z
    .number()
    .int(message)
    .min(limits.min, message)
    .max(limits.max, message)
    .default(fallback);
};

/** Whole days or minutes, both ends included: `{ min: 1, max: 3 }` is "1 to 3". */
export interface WholeRange {
  min: number;
  max: number;
}

const range = (fallback: WholeRange, unit: string) => {
  const message = `must be a range of whole ${unit} like 1-3, the first not above the second`;
  const end = z.number().int(message).min(0, message).max(3650, message);
  return z
    .object({ min: end, max: end })
    .refine((r) => r.min <= r.max, message)
    .default(fallback);
};

const instantMessage = 'must be an ISO date-time with its offset, like 2026-01-05T10:00:00+07:00';
const instant = z.iso.datetime({ offset: true, error: instantMessage }).transform(Date.parse);

/** How the outcome of a central clearance is drawn: the rest of the enrolments reach PRR. */
const fatesSchema = z
  .object({
    /** Biometrics incomplete or unreadable at the centre. */
    enrolFailureAtCentral: share(0.02),
    /** Biometric verification at the kabupaten/kota incomplete. */
    enrolFailureAtRegional: share(0.01),
    /** Fingerprints resemble another record; an adjudicator decides, then PRR. */
    adjudication: share(0.01),
    /** Same biometrics under another NIK (~1%: re-recording after a move, research §4). */
    duplicate: share(0.01),
    /** The kabupaten/kota must validate, e.g. the sex code of the NIK against the photo. */
    requestValidation: share(0.005),
  })
  .refine(
    (fates) => Object.values(fates).reduce((sum, rate) => sum + rate, 0) <= 1,
    'must add up to at most 1',
  );

export const simulatorConfigSchema = z.object({
  /** Changes every drawn outcome at once; the same seed replays the same run. */
  seed: z.string().trim().min(1, 'must not be empty').default('ektp-simulator'),
  /** Artificial latency of every simulated call, real milliseconds (0 = answer at once). */
  latencyMs: whole(0, { min: 0, max: 60_000 }, 'milliseconds'),
  /** Whether the day ranges below count working days (the office calendar) or calendar days. */
  dayKind: z
    .enum(['working', 'calendar'], { error: 'must be working or calendar' })
    .default('working'),

  centralRegistry: z
    .object({
      /** Residents invited who already recorded elsewhere: the lookup answers PRR for them. */
      alreadyRecordedRate: share(0.02),
      /** Submissions that meet a down line or VPN at first and must be retried. */
      submitFailureRate: share(0.05),
      /** How long such an outage lasts (Jepara 2017: 2 h 10 min). */
      submitOutageMinutes: range({ min: 30, max: 240 }, 'minutes'),
      /** SENT_FOR_ENROLLMENT → RECEIVED_AT_CENTRAL ("critical time I"; the SLA is 3 wd). */
      sentToReceivedDays: range({ min: 1, max: 3 }, 'days'),
      /** RECEIVED_AT_CENTRAL → the centre's decision: PRR or a failure (the SLA is 14 wd). */
      receivedToPrrDays: range({ min: 1, max: 14 }, 'days'),
      /** Enrolments stuck in the centre's queue (the 2017 backlogs), decided after `slow…Days`. */
      slowClearanceRate: share(0.1),
      slowClearanceDays: range({ min: 15, max: 60 }, 'days'),
      fates: fatesSchema.prefault({}),
      /** ADJUDICATE_RECORD → PRINT_READY_RECORD. */
      adjudicationDays: range({ min: 20, max: 60 }, 'days'),
      /** Of the duplicates, the share matching several records rather than one. */
      duplicateOneToManyShare: share(0.2),
    })
    .prefault({}),

  printingLine: z
    .object({
      /** Cards that come out wrong and must be reprinted (~3%). */
      defectRate: share(0.03),
      /** Of the defects, the share caused by wrong SIAK data (name, birth, address). */
      dataDefectShare: share(0.5),
      /** Share of time windows in which the printer, or its link to the centre, is down. */
      downRate: share(0.02),
      downWindowMinutes: whole(60, { min: 1, max: 1440 }, 'minutes'),
    })
    .prefault({}),

  /**
   * Blanko arriving at the Dinas: a fixed schedule. Kota Jambi needs ~8,000 every two weeks for
   * 11 kecamatan (research §4, 2025), so ~700 is one kecamatan's share.
   */
  blanko: z
    .object({
      firstDeliveryAt: instant.prefault('2025-01-06T10:00:00+07:00'),
      intervalDays: whole(14, { min: 1, max: 365 }, 'days'),
      quantity: whole(700, { min: 0, max: 1_000_000 }, 'blanko'),
      /** A stock-out: deliveries due in [gapFrom, gapFrom + gapDays) do not come. */
      gapFrom: instant.optional(),
      gapDays: whole(0, { min: 0, max: 3650 }, 'days'),
    })
    .refine(
      (blanko) => (blanko.gapFrom === undefined) === (blanko.gapDays === 0),
      'must be set together (a start and a number of days above 0)',
    )
    .prefault({}),

  notifier: z
    .object({
      /** Messages that do not arrive: inactive numbers, letters to a wrong address. */
      failureRate: share(0.03),
    })
    .prefault({}),
});

export type SimulatorConfig = z.output<typeof simulatorConfigSchema>;
export type SimulatorConfigInput = z.input<typeof simulatorConfigSchema>;

type Parsed = { ok: true; value: unknown } | { ok: false; message: string };
type Reader = (raw: string) => Parsed;

const text: Reader = (raw) => ({ ok: true, value: raw });
const lowerCase: Reader = (raw) => ({ ok: true, value: raw.toLowerCase() });
const wholeNumber: Reader = (raw) =>
  /^-?\d+$/.test(raw)
    ? { ok: true, value: Number(raw) }
    : { ok: false, message: 'must be a whole number' };
const shareOrPercent: Reader = (raw) => {
  const match = /^(\d+(?:\.\d+)?)(%?)$/.exec(raw);
  if (!match) return { ok: false, message: shareMessage };
  return { ok: true, value: Number(match[1]) / (match[2] ? 100 : 1) };
};
const wholeRange =
  (unit: string): Reader =>
  (raw) => {
    const match = /^(\d+)(?:\s*-\s*(\d+))?$/.exec(raw);
    if (!match) return { ok: false, message: `must be a range of whole ${unit} like 1-3` };
    return { ok: true, value: { min: Number(match[1]), max: Number(match[2] ?? match[1]) } };
  };

/** Every SIM_* variable, where it goes in the config and how its text is read. */
export const simulatorVariables: ReadonlyArray<{
  name: string;
  path: readonly string[];
  read: Reader;
}> = [
  { name: 'SIM_SEED', path: ['seed'], read: text },
  { name: 'SIM_LATENCY_MS', path: ['latencyMs'], read: wholeNumber },
  { name: 'SIM_DAY_KIND', path: ['dayKind'], read: lowerCase },
  {
    name: 'SIM_ALREADY_RECORDED_RATE',
    path: ['centralRegistry', 'alreadyRecordedRate'],
    read: shareOrPercent,
  },
  {
    name: 'SIM_SUBMIT_FAILURE_RATE',
    path: ['centralRegistry', 'submitFailureRate'],
    read: shareOrPercent,
  },
  {
    name: 'SIM_SUBMIT_OUTAGE_MINUTES',
    path: ['centralRegistry', 'submitOutageMinutes'],
    read: wholeRange('minutes'),
  },
  {
    name: 'SIM_SENT_TO_RECEIVED_DAYS',
    path: ['centralRegistry', 'sentToReceivedDays'],
    read: wholeRange('days'),
  },
  {
    name: 'SIM_RECEIVED_TO_PRR_DAYS',
    path: ['centralRegistry', 'receivedToPrrDays'],
    read: wholeRange('days'),
  },
  {
    name: 'SIM_SLOW_CLEARANCE_RATE',
    path: ['centralRegistry', 'slowClearanceRate'],
    read: shareOrPercent,
  },
  {
    name: 'SIM_SLOW_CLEARANCE_DAYS',
    path: ['centralRegistry', 'slowClearanceDays'],
    read: wholeRange('days'),
  },
  {
    name: 'SIM_ENROL_FAILURE_CENTRAL_RATE',
    path: ['centralRegistry', 'fates', 'enrolFailureAtCentral'],
    read: shareOrPercent,
  },
  {
    name: 'SIM_ENROL_FAILURE_REGIONAL_RATE',
    path: ['centralRegistry', 'fates', 'enrolFailureAtRegional'],
    read: shareOrPercent,
  },
  {
    name: 'SIM_ADJUDICATION_RATE',
    path: ['centralRegistry', 'fates', 'adjudication'],
    read: shareOrPercent,
  },
  {
    name: 'SIM_DUPLICATE_RATE',
    path: ['centralRegistry', 'fates', 'duplicate'],
    read: shareOrPercent,
  },
  {
    name: 'SIM_REQUEST_VALIDATION_RATE',
    path: ['centralRegistry', 'fates', 'requestValidation'],
    read: shareOrPercent,
  },
  {
    name: 'SIM_ADJUDICATION_DAYS',
    path: ['centralRegistry', 'adjudicationDays'],
    read: wholeRange('days'),
  },
  {
    name: 'SIM_DUPLICATE_ONE_TO_MANY_SHARE',
    path: ['centralRegistry', 'duplicateOneToManyShare'],
    read: shareOrPercent,
  },
  { name: 'SIM_PRINT_DEFECT_RATE', path: ['printingLine', 'defectRate'], read: shareOrPercent },
  {
    name: 'SIM_PRINT_DATA_DEFECT_SHARE',
    path: ['printingLine', 'dataDefectShare'],
    read: shareOrPercent,
  },
  { name: 'SIM_PRINTER_DOWN_RATE', path: ['printingLine', 'downRate'], read: shareOrPercent },
  {
    name: 'SIM_PRINTER_DOWN_WINDOW_MINUTES',
    path: ['printingLine', 'downWindowMinutes'],
    read: wholeNumber,
  },
  { name: 'SIM_BLANKO_FIRST_DELIVERY', path: ['blanko', 'firstDeliveryAt'], read: text },
  { name: 'SIM_BLANKO_INTERVAL_DAYS', path: ['blanko', 'intervalDays'], read: wholeNumber },
  { name: 'SIM_BLANKO_QUANTITY', path: ['blanko', 'quantity'], read: wholeNumber },
  { name: 'SIM_BLANKO_GAP_FROM', path: ['blanko', 'gapFrom'], read: text },
  { name: 'SIM_BLANKO_GAP_DAYS', path: ['blanko', 'gapDays'], read: wholeNumber },
  { name: 'SIM_NOTIFY_FAILURE_RATE', path: ['notifier', 'failureRate'], read: shareOrPercent },
];

/**
 * The simulator settings from SIM_* variables (the process environment by default), defaults for
 * the rest. An empty value counts as unset. Bad values throw one ConfigError naming every bad
 * variable, what it must be and what it was, as the product's own configuration does.
 */
export function readSimulatorConfig(
  env: Record<string, string | undefined> = process.env,
): SimulatorConfig {
  const problems: Array<{ variable: string; message: string }> = [];
  const input: Record<string, unknown> = {};
  for (const variable of simulatorVariables) {
    const raw = env[variable.name]?.trim();
    if (raw === undefined || raw === '') continue;
    const parsed = variable.read(raw);
    if (parsed.ok) setAt(input, variable.path, parsed.value);
    else problems.push({ variable: variable.name, message: withGot(parsed.message, raw) });
  }
  if (problems.length > 0) throw new ConfigError(problems);

  const result = simulatorConfigSchema.safeParse(input);
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((issue) => {
      // A check over several settings (the fate rates, the blanko gap) names all of them.
      const variables = simulatorVariables.filter((v) => overlaps(v.path, issue.path));
      const message = issue.message.startsWith('must')
        ? issue.message
        : `is invalid: ${issue.message}`;
      const given = variables.map((v) => env[v.name]?.trim()).filter(Boolean);
      return {
        variable: variables.map((v) => v.name).join(', ') || 'SIM_*',
        message: given.length === 1 ? withGot(message, given[0] ?? '') : message,
      };
    }),
  );
}

function withGot(message: string, raw: string): string {
  return `${message} (got ${JSON.stringify(raw)})`;
}

function setAt(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    node[key] ??= {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1] ?? ''] = value;
}

// One path inside the other: the variable's own setting, a part of it, or a group it belongs to.
function overlaps(variablePath: readonly string[], issuePath: readonly PropertyKey[]): boolean {
  const common = Math.min(variablePath.length, issuePath.length);
  for (let i = 0; i < common; i += 1) if (variablePath[i] !== issuePath[i]) return false;
  return true;
}
