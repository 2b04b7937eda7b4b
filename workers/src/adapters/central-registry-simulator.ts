/**
 * SIMULATOR of the central SIAK/ABIS: answers as the centre would, without reaching it. Used by
 * the demo and the tests; the real Data Center cannot be reached from here.
 *
 * Stateless: every answer is drawn from (seed, NIK, attempt) and the time elapsed, so a restart,
 * a rerun or a clock moved forward by days gives the same answers. An enrolment's fate (PRR or a
 * failure) and its delays are drawn once from its key; `enrolmentStatus` then reads the plan at
 * the clock's now.
 */
import type { Clock } from '../../../platform/src/clock.js';
import { addWorkingDays, defaultCalendar, type WorkCalendar } from '../domain/work-calendar.js';
import {
  biodataFields,
  type BiodataField,
  type BiodataUpdateResult,
  type CentralRegistry,
  type ClearanceProgress,
  type ClearanceStatus,
  type DuplicateKind,
  type EnrolmentKey,
  type EnrollmentStatus,
  type SubmitResult,
} from './central-registry.js';
import { drawsFor, uniform, wholeBetween } from './deterministic-random.js';
import { simulatedLatency } from './simulated-latency.js';
import type { SimulatorConfig, WholeRange } from './simulator-config.js';

const minute = 60_000;
const day = 24 * 60 * minute;
// A down line is drawn per hour for biodata updates: a retry in the next hour may get through.
const biodataLineWindow = 60 * minute;

export type ClearanceFate =
  | 'PRINT_READY_RECORD'
  | 'ENROLL_FAILURE_AT_REGIONAL'
  | 'ENROLL_FAILURE_AT_CENTRAL'
  | 'ADJUDICATE_RECORD'
  | 'DUPLICATE_RECORD'
  | 'REQUEST_VALIDATION';

export interface ClearanceStep {
  status: ClearanceStatus;
  at: number;
  duplicateKind?: DuplicateKind;
}

/** What will happen to one submitted enrolment, and when: steps in time order. */
export interface ClearancePlan {
  fate: ClearanceFate;
  /** Held in the centre's queue for `slowClearanceDays` instead of `receivedToPrrDays`. */
  slow: boolean;
  steps: ClearanceStep[];
}

export function createCentralRegistrySimulator(
  config: SimulatorConfig,
  clock: Clock,
  calendar: WorkCalendar = defaultCalendar(),
): SimulatedCentralRegistry {
  return new SimulatedCentralRegistry(config, clock, calendar);
}

export class SimulatedCentralRegistry implements CentralRegistry {
  constructor(
    private readonly config: SimulatorConfig,
    private readonly clock: Clock,
    private readonly calendar: WorkCalendar = defaultCalendar(),
  ) {}

  async lookupStatus(nik: string): Promise<{ enrollmentStatus: EnrollmentStatus }> {
    await simulatedLatency(this.config.latencyMs);
    const recordedElsewhere =
      uniform(this.config.seed, 'lookup', nik) < this.config.centralRegistry.alreadyRecordedRate;
    return { enrollmentStatus: recordedElsewhere ? 'PRINT_READY_RECORD' : 'UNREGISTERED' };
  }

  /**
   * The line is down for a drawn share of enrolments, for a drawn number of minutes after capture;
   * a call in that span answers UNREACHABLE. After it, the submission is dated at the moment the
   * line came back (the capture itself when it never went down), whenever the call comes: that is
   * what makes a repeat, or a retry after a crash, answer the same `submittedAt` without state.
   */
  async submitEnrolment({
    nik,
    attempt,
    capturedAt,
  }: EnrolmentKey & { capturedAt: number }): Promise<SubmitResult> {
    await simulatedLatency(this.config.latencyMs);
    const settings = this.config.centralRegistry;
    const draw = drawsFor(this.config.seed, 'submit', nik, attempt);
    const outage =
      draw('line') < settings.submitFailureRate
        ? wholeBetween(draw('outage'), settings.submitOutageMinutes) * minute
        : 0;
    const reachableFrom = capturedAt + outage;
    // Before the capture there is nothing to send yet: a caller's clock behind the station's.
    if (this.clock.now() < reachableFrom) return { ok: false, reason: 'UNREACHABLE' };
    return { ok: true, submittedAt: reachableFrom };
  }

  async enrolmentStatus({
    nik,
    attempt,
    submittedAt,
  }: EnrolmentKey & { submittedAt: number }): Promise<ClearanceProgress> {
    await simulatedLatency(this.config.latencyMs);
    const { steps } = planClearance(this.config, this.calendar, { nik, attempt }, submittedAt);
    const now = this.clock.now();
    // The first step is SENT_FOR_ENROLLMENT at submittedAt; asked earlier, that is still the answer.
    let current = steps[0] as ClearanceStep;
    for (const step of steps) if (step.at <= now) current = step;
    return {
      status: current.status,
      changedAt: current.at,
      ...(current.duplicateKind ? { duplicateKind: current.duplicateKind } : {}),
    };
  }

  async updateBiodata({
    nik,
    fields,
  }: {
    nik: string;
    fields: Partial<Record<BiodataField, string>>;
  }): Promise<BiodataUpdateResult> {
    await simulatedLatency(this.config.latencyMs);
    const problem = biodataProblem(fields);
    if (problem) return { ok: false, reason: 'REJECTED', detail: problem };
    const window = Math.floor(this.clock.now() / biodataLineWindow);
    if (
      uniform(this.config.seed, 'biodata-line', nik, window) <
      this.config.centralRegistry.submitFailureRate
    ) {
      return { ok: false, reason: 'UNREACHABLE' };
    }
    return { ok: true };
  }
}

/**
 * The fate and timeline of one enrolment, a pure function of the seed and its key: exported so
 * tests and what-if tools can see the whole plan, not only today's status.
 */
export function planClearance(
  config: SimulatorConfig,
  calendar: WorkCalendar,
  key: EnrolmentKey,
  submittedAt: number,
): ClearancePlan {
  const settings = config.centralRegistry;
  const draw = drawsFor(config.seed, 'clearance', key.nik, key.attempt);
  const after = (from: number, days: WholeRange, label: string) => {
    const count = wholeBetween(draw(label), days);
    return config.dayKind === 'working'
      ? addWorkingDays(calendar, from, count)
      : from + count * day;
  };

  const fate = drawFate(draw('fate'), settings.fates);
  const slow = draw('slow') < settings.slowClearanceRate;
  const steps: ClearanceStep[] = [{ status: 'SENT_FOR_ENROLLMENT', at: submittedAt }];
  const receivedAt = after(submittedAt, settings.sentToReceivedDays, 'received');
  // Regional verification fails before the package counts as received at the centre.
  if (fate === 'ENROLL_FAILURE_AT_REGIONAL') {
    steps.push({ status: fate, at: receivedAt });
    return { fate, slow, steps };
  }
  steps.push({ status: 'RECEIVED_AT_CENTRAL', at: receivedAt });
  const decidedAt = after(
    receivedAt,
    slow ? settings.slowClearanceDays : settings.receivedToPrrDays,
    'decided',
  );
  if (fate === 'DUPLICATE_RECORD') {
    const duplicateKind: DuplicateKind =
      draw('duplicate-kind') < settings.duplicateOneToManyShare ? 'ONE_TO_MANY' : 'ONE_TO_ONE';
    steps.push({ status: fate, at: decidedAt, duplicateKind });
  } else {
    steps.push({ status: fate, at: decidedAt });
  }
  if (fate === 'ADJUDICATE_RECORD') {
    steps.push({
      status: 'PRINT_READY_RECORD',
      at: after(decidedAt, settings.adjudicationDays, 'adjudicated'),
    });
  }
  return { fate, slow, steps };
}

function drawFate(u: number, fates: SimulatorConfig['centralRegistry']['fates']): ClearanceFate {
  const bands: Array<[ClearanceFate, number]> = [
    ['ENROLL_FAILURE_AT_REGIONAL', fates.enrolFailureAtRegional],
    ['ENROLL_FAILURE_AT_CENTRAL', fates.enrolFailureAtCentral],
    ['ADJUDICATE_RECORD', fates.adjudication],
    ['DUPLICATE_RECORD', fates.duplicate],
    ['REQUEST_VALIDATION', fates.requestValidation],
  ];
  let upTo = 0;
  for (const [fate, rate] of bands) {
    upTo += rate;
    if (u < upTo) return fate;
  }
  return 'PRINT_READY_RECORD';
}

/** Why SIAK would refuse these fields as given, or undefined when they are acceptable. */
function biodataProblem(fields: Partial<Record<string, string>>): string | undefined {
  const names = Object.keys(fields);
  if (names.length === 0) return 'tidak ada data yang diubah';
  const unknown = names.filter((name) => !(biodataFields as readonly string[]).includes(name));
  if (unknown.length > 0) return `elemen data tidak dikenal: ${unknown.join(', ')}`;
  const empty = names.filter((name) => !fields[name]?.trim());
  if (empty.length > 0) return `elemen data kosong: ${empty.join(', ')}`;
  const birthDate = fields.birthDate;
  if (birthDate !== undefined && !isCalendarDate(birthDate)) {
    return `tanggal lahir ${birthDate} tidak valid (format YYYY-MM-DD)`;
  }
  return undefined;
}

function isCalendarDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const parsed = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === text;
}
