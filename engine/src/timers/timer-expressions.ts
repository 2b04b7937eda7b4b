/**
 * ISO 8601 durations, dates and repeating intervals, and Spring-style cron expressions, as Zeebe
 * accepts them in timer events. Everything is computed in UTC, as Zeebe does for cron.
 */
export interface Duration {
  years: number;
  months: number;
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
  negative: boolean;
}

export type Cycle =
  | { kind: 'repeat'; repetitions: number | null; start?: number; interval: Duration }
  | { kind: 'cron'; cron: CronSpec };

const durationPattern =
  /^(-)?P(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

export function parseDuration(text: string): Duration | undefined {
  const match = durationPattern.exec(text.trim());
  if (!match || text.trim() === 'P' || text.trim().endsWith('T')) return undefined;
  const n = (i: number) => Number(match[i] ?? 0);
  return {
    negative: match[1] === '-',
    years: n(2),
    months: n(3),
    weeks: n(4),
    days: n(5),
    hours: n(6),
    minutes: n(7),
    seconds: n(8),
  };
}

/** `from` plus a duration, with calendar arithmetic for years and months (UTC). */
export function addDuration(from: number, duration: Duration): number {
  const sign = duration.negative ? -1 : 1;
  const date = new Date(from);
  if (duration.years || duration.months) {
    date.setUTCMonth(date.getUTCMonth() + sign * (duration.years * 12 + duration.months));
  }
  const ms =
    ((duration.weeks * 7 + duration.days) * 86_400 +
      duration.hours * 3600 +
      duration.minutes * 60 +
      duration.seconds) *
    1000;
  return date.getTime() + sign * ms;
}

/** An ISO 8601 date-time with an offset; a trailing `[Region/City]` zone id is ignored. */
export function parseDate(text: string): number | undefined {
  const trimmed = text.trim().replace(/\[[^\]]+\]$/, '');
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(trimmed)) return undefined;
  const ms = Date.parse(trimmed);
  return Number.isNaN(ms) ? undefined : ms;
}

export function parseCycle(text: string): Cycle | undefined {
  const trimmed = text.trim();
  if (trimmed.startsWith('R')) {
    const parts = trimmed.split('/');
    const count = parts[0]?.slice(1) ?? '';
    if (count !== '' && !/^\d+$/.test(count)) return undefined;
    const repetitions = count === '' ? null : Number(count);
    if (parts.length === 2) {
      const interval = parseDuration(parts[1] ?? '');
      return interval ? { kind: 'repeat', repetitions, interval } : undefined;
    }
    if (parts.length === 3) {
      const start = parseDate(parts[1] ?? '');
      const interval = parseDuration(parts[2] ?? '');
      return start !== undefined && interval
        ? { kind: 'repeat', repetitions, start, interval }
        : undefined;
    }
    return undefined;
  }
  const cron = parseCron(trimmed);
  return cron ? { kind: 'cron', cron } : undefined;
}

/** When a cycle fires next after `after` (exclusive); undefined when it never does again. */
export function nextCycleTime(cycle: Cycle, after: number, firstTime: boolean): number | undefined {
  if (cycle.kind === 'cron') return nextCronTime(cycle.cron, after);
  if (firstTime && cycle.start !== undefined)
    return cycle.start > after ? cycle.start : addDuration(cycle.start, cycle.interval);
  return addDuration(after, cycle.interval);
}

// ---- cron (Spring 5.3 syntax: second minute hour day-of-month month day-of-week) ------------

export interface CronSpec {
  seconds: Set<number>;
  minutes: Set<number>;
  hours: Set<number>;
  days: Set<number>;
  months: Set<number>;
  weekdays: Set<number>;
  /** `?` or `*` in day-of-month / day-of-week: BPMN/Spring match either field then. */
  anyDay: boolean;
  anyWeekday: boolean;
}

const monthNames = [
  'JAN',
  'FEB',
  'MAR',
  'APR',
  'MAY',
  'JUN',
  'JUL',
  'AUG',
  'SEP',
  'OCT',
  'NOV',
  'DEC',
];
const dayNames = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

export function parseCron(text: string): CronSpec | undefined {
  const fields = text.split(/\s+/);
  if (fields.length !== 6) return undefined;
  const [sec, min, hour, dom, month, dow] = fields as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const seconds = field(sec, 0, 59);
  const minutes = field(min, 0, 59);
  const hours = field(hour, 0, 23);
  const days = field(dom, 1, 31);
  const months = field(month, 1, 12, monthNames, 1);
  const weekdays = field(dow.replace(/\b7\b/g, '0'), 0, 6, dayNames, 0);
  if (!seconds || !minutes || !hours || !days || !months || !weekdays) return undefined;
  return {
    seconds,
    minutes,
    hours,
    days,
    months,
    weekdays,
    anyDay: dom === '*' || dom === '?',
    anyWeekday: dow === '*' || dow === '?',
  };
}

function field(
  text: string,
  min: number,
  max: number,
  names: string[] = [],
  nameBase = 0,
): Set<number> | undefined {
  const values = new Set<number>();
  const value = (token: string): number => {
    const index = names.indexOf(token.toUpperCase());
    return index >= 0 ? index + nameBase : Number(token);
  };
  for (const part of text.split(',')) {
    const [range, stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1 || range === undefined) return undefined;
    let from: number;
    let to: number;
    if (range === '*' || range === '?') {
      from = min;
      to = max;
    } else if (range.includes('-')) {
      const [a, b] = range.split('-');
      from = value(a ?? '');
      to = value(b ?? '');
    } else {
      from = value(range);
      to = stepText === undefined ? from : max;
    }
    if (!Number.isInteger(from) || !Number.isInteger(to) || from < min || to > max || from > to)
      return undefined;
    for (let v = from; v <= to; v += step) values.add(v);
  }
  return values;
}

function nextCronTime(cron: CronSpec, after: number): number | undefined {
  const start = new Date(Math.floor(after / 1000) * 1000 + 1000);
  // Day by day for up to five years; within a day, the first matching time after `start`.
  const day = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate()));
  for (let i = 0; i < 366 * 5; i++, day.setUTCDate(day.getUTCDate() + 1)) {
    if (!cron.months.has(day.getUTCMonth() + 1)) continue;
    const domOk = cron.days.has(day.getUTCDate());
    const dowOk = cron.weekdays.has(day.getUTCDay());
    const dayOk = cron.anyDay ? dowOk : cron.anyWeekday ? domOk : domOk || dowOk;
    if (!dayOk) continue;
    for (const hour of sorted(cron.hours)) {
      for (const minute of sorted(cron.minutes)) {
        for (const second of sorted(cron.seconds)) {
          const t = day.getTime() + ((hour * 60 + minute) * 60 + second) * 1000;
          if (t >= start.getTime()) return t;
        }
      }
    }
  }
  return undefined;
}

function sorted(values: Set<number>): number[] {
  return [...values].sort((a, b) => a - b);
}
