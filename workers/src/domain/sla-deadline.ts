/**
 * Service-level deadlines (DESIGN.md §5): a policy says how long a step may take and when each
 * escalation level is reached, in working days, working minutes, minutes or calendar days. The
 * result is what BPMN timers and user-task due dates read (`=<variable>.dueAt`, `.breachAt`,
 * `.levels[n].at`), as ISO 8601 instants.
 */
import { addWorkingDays, addWorkingMinutes, type WorkCalendar } from './work-calendar.js';

export type SlaUnit = 'WORKING_DAYS' | 'WORKING_MINUTES' | 'MINUTES' | 'CALENDAR_DAYS';

export interface SlaPolicy {
  code: string;
  stepName: string;
  dueAmount: number;
  dueUnit: SlaUnit;
  levels: Array<{ level: number; afterAmount: number; afterUnit: SlaUnit; group: string }>;
}

export interface SlaDeadline {
  policy: string;
  stepName: string;
  startedAt: string;
  dueAt: string;
  /** When the step counts as late: the first escalation level, or the due date without levels. */
  breachAt: string;
  levels: Array<{ level: number; at: string; group: string }>;
}

const minute = 60_000;

/**
 * `amount` of `unit` after `from`. Zero working days means "the same working day": by closing
 * time today, or by the next closing when the office is already shut.
 */
export function addSlaDuration(
  calendar: WorkCalendar,
  from: number,
  amount: number,
  unit: SlaUnit,
): number {
  switch (unit) {
    case 'WORKING_DAYS':
      if (amount === 0) return endOfWorkingDay(calendar, from);
      return addWorkingDays(calendar, from, amount);
    case 'WORKING_MINUTES':
      return addWorkingMinutes(calendar, from, amount);
    case 'MINUTES':
      return from + amount * minute;
    case 'CALENDAR_DAYS':
      return from + amount * 24 * 60 * minute;
  }
}

function endOfWorkingDay(calendar: WorkCalendar, from: number): number {
  const [closeHours, closeMinutes] = calendar.closes.split(':').map(Number) as [number, number];
  const [openHours, openMinutes] = calendar.opens.split(':').map(Number) as [number, number];
  const openMinutesOfDay = openHours * 60 + openMinutes;
  const closeMinutesOfDay = closeHours * 60 + closeMinutes;
  // The first working minute at or after `from`, then the closing time of that day.
  const start = addWorkingMinutes(calendar, from, 0);
  const offset = calendar.utcOffsetMinutes * minute;
  const localMidnight =
    Math.floor((start + offset) / (24 * 60 * minute)) * 24 * 60 * minute - offset;
  const closes = localMidnight + closeMinutesOfDay * minute;
  return closes > start
    ? closes
    : addWorkingMinutes(calendar, start, closeMinutesOfDay - openMinutesOfDay);
}

export function computeSlaDeadline(
  calendar: WorkCalendar,
  policy: SlaPolicy,
  from: number,
): SlaDeadline {
  const iso = (t: number) => new Date(t).toISOString();
  const due = addSlaDuration(calendar, from, policy.dueAmount, policy.dueUnit);
  const levels = [...policy.levels]
    .sort((a, b) => a.level - b.level)
    .map((l) => ({
      level: l.level,
      at: iso(addSlaDuration(calendar, from, l.afterAmount, l.afterUnit)),
      group: l.group,
    }));
  return {
    policy: policy.code,
    stepName: policy.stepName,
    startedAt: iso(from),
    dueAt: iso(due),
    breachAt: levels[0]?.at ?? iso(due),
    levels,
  };
}
