/** When a timer event is due, from its definition evaluated now (FEEL allowed). */
import type { TimerDefinition } from '../model/process-model.js';
import {
  addDuration,
  nextCycleTime,
  parseCycle,
  parseDate,
  parseDuration,
} from '../timers/timer-expressions.js';
import type { Evaluator } from './evaluator.js';
import type { Variables } from './instance-state.js';

export type TimerDue =
  | { ok: true; dueAt: number | undefined; cycle?: { text: string; remaining: number | null } }
  | { ok: false; message: string };

export function timerDueTime(
  timer: TimerDefinition,
  evaluate: Evaluator,
  context: Variables,
  now: number,
): TimerDue {
  const value = evaluate.value(timer.expression, context);
  if (!value.ok) return value;
  if (typeof value.value !== 'string') {
    return {
      ok: false,
      message: `Expected the timer ${timer.kind} to be a ${timer.kind === 'date' ? 'date-time' : timer.kind === 'cycle' ? 'cycle' : 'duration'}, but was '${JSON.stringify(value.value)}'`,
    };
  }
  const text = value.value;
  if (timer.kind === 'duration') {
    const duration = parseDuration(text);
    if (!duration)
      return {
        ok: false,
        message: `Expected the timer duration to be an ISO 8601 duration, but was '${text}'`,
      };
    // A zero or negative duration is due at once, never earlier than now.
    return { ok: true, dueAt: Math.max(now, addDuration(now, duration)) };
  }
  if (timer.kind === 'date') {
    const date = parseDate(text);
    if (date === undefined)
      return {
        ok: false,
        message: `Expected the timer date to be an ISO 8601 date-time, but was '${text}'`,
      };
    return { ok: true, dueAt: date };
  }
  const cycle = parseCycle(text);
  if (!cycle)
    return {
      ok: false,
      message: `Expected the timer cycle to be R[n]/[start/]duration or a cron expression, but was '${text}'`,
    };
  const remaining = cycle.kind === 'repeat' ? cycle.repetitions : null;
  if (remaining === 0) return { ok: true, dueAt: undefined };
  return { ok: true, dueAt: nextCycleTime(cycle, now, true), cycle: { text, remaining } };
}

/** The next due time of a cycle that just fired, and the repetitions left after it. */
export function nextRepetition(
  cycle: { text: string; remaining: number | null },
  firedAt: number,
): { dueAt: number; remaining: number | null } | undefined {
  const parsed = parseCycle(cycle.text);
  if (!parsed) return undefined;
  const remaining = cycle.remaining === null ? null : cycle.remaining - 1;
  if (remaining !== null && remaining <= 0) return undefined;
  const dueAt = nextCycleTime(parsed, firedAt, false);
  return dueAt === undefined ? undefined : { dueAt, remaining };
}
