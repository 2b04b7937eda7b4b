/**
 * SIMULATOR of the people around the processes — residents, Ketua RT, counter staff, operators,
 * officials — for demos, what-if runs and the end-to-end test: it completes the open user tasks of
 * app.tasks as these people would (after a delay, with the outcomes they would choose) and has
 * invited residents arrive at the kecamatan. Everything is drawn from a seed, so a run replays.
 *
 * It only uses what the real people use: the tasklist's completeUserTask and the arrival message
 * the kiosk publishes. It injects the delays the field study reports (late RT deliveries, slow
 * counters, uncollected cards) and counts them, so a run can check the breaches they must cause.
 */
import type { Zeebe } from '@camunda8/sdk';
import type pg from 'pg';

import type { Clock } from '../../../platform/src/clock.js';
import { drawsFor, type Draw } from '../adapters/deterministic-random.js';
import { addSlaDuration, type SlaUnit } from '../domain/sla-deadline.js';
import type { WorkCalendar } from '../domain/work-calendar.js';
import { completeUserTask } from '../user-tasks/complete-user-task.js';

type Delay = { unit: SlaUnit; min: number; max: number };

interface Choice {
  /** Never: the person does not act (an uncollected card, an ignored escalation). */
  delay: Delay | 'never';
  variables: Record<string, unknown>;
  by: string;
  /** What the run counts this choice as, e.g. 'late-delivery'. */
  injected?: string;
}

interface OpenTaskRow {
  id: string;
  element_id: string;
  created_at: Date;
  variables: Record<string, unknown>;
}

const wd = (min: number, max = min): Delay => ({ unit: 'WORKING_DAYS', min, max });
const wm = (min: number, max = min): Delay => ({ unit: 'WORKING_MINUTES', min, max });
const minutes = (min: number, max = min): Delay => ({ unit: 'MINUTES', min, max });

/** Picks by cumulative shares: `pick(u, [[0.8, a], [0.15, b], [0.05, c]])`. */
function pick<T>(u: number, options: Array<[number, T]>): T {
  let sum = 0;
  for (const [share, value] of options) {
    sum += share;
    if (u < sum) return value;
  }
  return options[options.length - 1]![1];
}

/** How each kind of task is handled: delays and outcomes from DOMAIN.md's field findings. */
function choose(
  elementId: string,
  draw: Draw,
  variables: Record<string, unknown>,
): Choice | undefined {
  const u = draw('choice');
  switch (elementId) {
    case 'sign':
      return u < 0.1
        ? {
            delay: wd(3),
            variables: { signature: 'SEKCAM' },
            by: 'sekcam',
            injected: 'late-signature',
          }
        : { delay: wm(60, 600), variables: { signature: 'CAMAT' }, by: 'camat' };
    case 'distribute':
      return { delay: wm(60, 480), variables: { handedToRt: true }, by: 'staf-1001' };
    case 'deliver': {
      const outcome = pick(draw('outcome'), [
        [0.95, 'DELIVERED'],
        [0.02, 'MOVED'],
        [0.01, 'DECEASED'],
        [0.01, 'ALREADY_RECORDED'],
        [0.01, 'UNKNOWN_ADDRESS'],
      ]);
      const lateness = pick(u, [
        [0.8, 'on-time'],
        [0.15, 'late'],
        [0.05, 'very-late'],
      ]);
      return {
        delay: lateness === 'on-time' ? wd(1, 3) : lateness === 'late' ? wd(6) : wd(8),
        variables: { deliveryOutcome: outcome },
        by: 'rt-1001-01-01',
        ...(lateness === 'on-time' ? {} : { injected: 'late-delivery' }),
      };
    }
    case 'home-visit':
      return {
        delay: wd(1, 3),
        variables: { homeVisitOutcome: u < 0.6 ? 'WILL_ATTEND' : 'NOT_REACHED' },
        by: 'staf-1001',
      };
    case 'check-requirements':
      return {
        delay: u < 0.05 ? minutes(70, 100) : minutes(5, 45),
        variables: { requirementsOutcome: draw('eligible') < 0.005 ? 'NOT_ELIGIBLE' : 'COMPLETE' },
        by: 'loket-1',
        ...(u < 0.05 ? { injected: 'slow-counter' } : {}),
      };
    case 'capture':
      return {
        delay: minutes(5, 15),
        variables: { captureOutcome: u < 0.02 ? 'STATION_DOWN' : 'CAPTURED' },
        by: 'operator-1',
      };
    case 'restore-station':
      return {
        delay: u < 0.1 ? minutes(40, 90) : minutes(10, 25),
        variables: { stationId: variables.stationId ?? 'REKAM-1', note: 'Dipulihkan' },
        by: 'kasi',
      };
    case 'handle-duplicate':
      return {
        delay: wd(1, 5),
        variables: { duplicateResolution: 'DELETE_REQUESTED', note: 'Wawancara warga selesai' },
        by: 'dinas-siak',
      };
    case 'handover': {
      const comes = pick(u, [
        [0.9, 'soon'],
        [0.05, 'after-reminder'],
        [0.02, 'after-rt-visit'],
        [0.03, 'never'],
      ]);
      const outcome = pick(draw('outcome'), [
        [0.95, 'ACTIVATED'],
        [0.02, 'PRINT_DEFECT'],
        [0.02, 'DATA_WRONG'],
        [0.01, 'FINGERPRINT_MISMATCH'],
      ]);
      return {
        delay:
          comes === 'soon'
            ? wd(1, 8)
            : comes === 'after-reminder'
              ? wd(12, 18)
              : comes === 'after-rt-visit'
                ? wd(22, 30)
                : 'never',
        variables: { handoverOutcome: outcome, recipient: 'SELF' },
        by: 'loket-1',
        ...(comes === 'never' ? { injected: 'uncollected-card' } : {}),
      };
    }
    case 'recheck':
      return {
        delay: minutes(10, 60),
        variables: { recheckOutcome: u < 0.7 ? 'MATCHED' : 'NOT_MATCHED' },
        by: 'dinas-siak',
      };
    case 'fix-data':
      return {
        delay: wd(1, 2),
        variables: {
          documentsComplete: true,
          rootCause: 'SIAK_DATA_WRONG',
          note: 'Akta kelahiran diperiksa',
        },
        by: 'dinas-siak',
      };
    case 'handle':
      return u < 0.2
        ? { delay: 'never', variables: {}, by: '', injected: 'ignored-escalation' }
        : {
            delay: wm(30, 180),
            variables: {
              escalationAction: draw('action') < 0.9 ? 'ACKNOWLEDGE' : 'REMIND',
              note: 'Ditindaklanjuti',
            },
            by: typeof variables.escalationGroup === 'string' ? variables.escalationGroup : 'camat',
          };
    case 'examine':
      return {
        delay: wd(2, 6),
        variables: { examined: true, proposedLevel: 'RINGAN', note: 'Diperiksa' },
        by: 'kasi',
      };
    case 'decide':
      return {
        delay: wd(1, 3),
        variables: { sanction: 'TEGURAN_LISAN', decisionNo: '800/KEC-JLT' },
        by: 'kasi',
      };
    case 'request':
      return {
        delay: wd(1),
        variables: { requestedQuantity: 1000, requestLetterNo: '470/DUKCAPIL' },
        by: 'dinas-gudang',
      };
    default:
      return undefined;
  }
}

export interface PeopleSimulatorDeps {
  pool: pg.Pool;
  client: Zeebe.ZeebeGrpcClient;
  clock: Clock;
  calendar: WorkCalendar;
  seed?: string;
}

interface Planned {
  at: number;
  choice: Choice;
}

export class PeopleSimulator {
  /** How many times each kind of trouble was injected. */
  readonly injected = new Map<string, number>();
  private readonly plans = new Map<string, Planned>();
  private readonly occurrences = new Map<string, number>();
  private readonly arrivals = new Map<string, number>();
  private readonly seed: string;

  constructor(private readonly deps: PeopleSimulatorDeps) {
    this.seed = deps.seed ?? 'people';
  }

  /** Plans the new tasks and arrivals, then does what is due now. Returns the actions taken. */
  async act(): Promise<number> {
    await this.planTasks();
    await this.planArrivals();
    const now = this.deps.clock.now();
    let actions = 0;
    for (const [taskId, plan] of this.plans) {
      if (plan.at > now) continue;
      this.plans.delete(taskId);
      const outcome = await completeUserTask(
        { pool: this.deps.pool, client: this.deps.client, clock: this.deps.clock },
        { taskId, variables: plan.choice.variables, completedBy: plan.choice.by },
      );
      if (outcome === 'COMPLETED') actions += 1;
    }
    for (const [key, at] of this.arrivals) {
      if (at > now) continue;
      this.arrivals.set(key, Number.POSITIVE_INFINITY);
      const [nik, invitationId] = key.split(':') as [string, string];
      await this.deps.client.publishMessage({
        name: 'ektp-resident-arrived',
        correlationKey: nik,
        messageId: `arrival-${invitationId}`,
        timeToLive: 60 * 60_000,
        variables: {},
      });
      actions += 1;
    }
    return actions;
  }

  /** The earliest planned action still to come, if any. */
  nextActionAt(): number | undefined {
    let next: number | undefined;
    for (const { at } of this.plans.values())
      if (Number.isFinite(at) && (next === undefined || at < next)) next = at;
    for (const at of this.arrivals.values())
      if (Number.isFinite(at) && (next === undefined || at < next)) next = at;
    return next;
  }

  private count(what: string): void {
    this.injected.set(what, (this.injected.get(what) ?? 0) + 1);
  }

  private async planTasks(): Promise<void> {
    const { rows } = await this.deps.pool.query<OpenTaskRow>(
      `select id::text, element_id, created_at, variables from app.tasks where state = 'CREATED' order by id`,
    );
    const open = new Set(rows.map((r) => r.id));
    for (const taskId of this.plans.keys()) if (!open.has(taskId)) this.plans.delete(taskId);
    for (const task of rows) {
      if (this.plans.has(task.id)) continue;
      const subject = ['nik', 'batchId', 'caseId', 'breachId']
        .map((name) => task.variables[name])
        .find((value) => typeof value === 'string' || typeof value === 'number');
      const subjectKey = subject === undefined ? task.id : String(subject);
      const occurrenceKey = `${task.element_id}:${subjectKey}`;
      const occurrence = (this.occurrences.get(occurrenceKey) ?? 0) + 1;
      this.occurrences.set(occurrenceKey, occurrence);
      const draw = drawsFor(this.seed, task.element_id, subjectKey, occurrence);
      const choice = choose(task.element_id, draw, task.variables);
      if (!choice) continue;
      if (choice.injected) this.count(choice.injected);
      const at =
        choice.delay === 'never'
          ? Number.POSITIVE_INFINITY
          : addSlaDuration(
              this.deps.calendar,
              task.created_at.getTime(),
              Math.round(choice.delay.min + draw('delay') * (choice.delay.max - choice.delay.min)),
              choice.delay.unit,
            );
      this.plans.set(task.id, { at, choice });
    }
  }

  /** Delivered invitations with a slot: most residents come at their slot, some never do. */
  private async planArrivals(): Promise<void> {
    const { rows } = await this.deps.pool.query<{
      id: string;
      nik: string;
      attempt: number;
      slot_id: string;
      starts_at: Date;
    }>(
      `select i.id::text, i.nik, i.attempt, s.id::text as slot_id, s.starts_at
         from app.invitations i join app.appointment_slots s on s.id = i.slot_id
        where i.status = 'DELIVERED'`,
    );
    for (const invitation of rows) {
      // A home visit books a new slot for the same letter: a new chance to come.
      const key = `${invitation.nik}:${invitation.id}-${invitation.slot_id}`;
      if (this.arrivals.has(key)) continue;
      const draw = drawsFor(
        this.seed,
        'arrival',
        invitation.nik,
        invitation.attempt,
        invitation.slot_id,
      );
      const comes = draw('comes') < (invitation.attempt === 1 ? 0.85 : 0.7);
      if (!comes) this.count('no-show');
      this.arrivals.set(
        key,
        comes
          ? invitation.starts_at.getTime() + Math.round(draw('late') * 90) * 60_000
          : Number.POSITIVE_INFINITY,
      );
    }
  }
}
