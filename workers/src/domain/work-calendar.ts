/**
 * Working time of an Indonesian government office, for service-level due dates (DESIGN.md §5):
 * working days and hours in local time, minus public holidays and cuti bersama. Due dates are
 * computed here and handed to BPMN timers as `timeDate`, so a holiday moves a deadline.
 */
export interface WorkCalendar {
  /** Local time as an offset from UTC in minutes: WIB (Jambi) is +420. Indonesia has no DST. */
  utcOffsetMinutes: number;
  /** ISO weekdays that are working days: 1 = Monday … 7 = Sunday. */
  workingWeekdays: readonly number[];
  /** Opening and closing time, local, `HH:MM`. */
  opens: string;
  closes: string;
  /** Public holidays and cuti bersama, local dates `YYYY-MM-DD`. */
  holidays: ReadonlySet<string>;
}

const minute = 60_000;
const day = 24 * 60 * minute;

/** Monday to Friday, 08:00–16:00 WIB: a kecamatan office in Kota Jambi, before holidays. */
export function defaultCalendar(holidays: Iterable<string> = []): WorkCalendar {
  return {
    utcOffsetMinutes: 7 * 60,
    workingWeekdays: [1, 2, 3, 4, 5],
    opens: '08:00',
    closes: '16:00',
    holidays: new Set(holidays),
  };
}

export function isWorkingDay(calendar: WorkCalendar, instant: number): boolean {
  const local = new Date(instant + calendar.utcOffsetMinutes * minute);
  const weekday = local.getUTCDay() === 0 ? 7 : local.getUTCDay();
  return (
    calendar.workingWeekdays.includes(weekday) &&
    !calendar.holidays.has(local.toISOString().slice(0, 10))
  );
}

/**
 * `days` working days after `from`, at the same local time of day. A start outside working hours
 * counts from the next opening: a request handed in on Friday evening is due, for two working
 * days, on Wednesday at opening time.
 */
export function addWorkingDays(calendar: WorkCalendar, from: number, days: number): number {
  let at = intoWorkingTime(calendar, from);
  for (let left = days; left > 0;) {
    at += day;
    if (isWorkingDay(calendar, at)) left -= 1;
  }
  return at;
}

/** `minutes` of working time after `from`: only minutes when the office is open count. */
export function addWorkingMinutes(calendar: WorkCalendar, from: number, minutes: number): number {
  let at = intoWorkingTime(calendar, from);
  let left = minutes * minute;
  for (;;) {
    const closes = localTime(calendar, at, calendar.closes);
    if (at + left <= closes) return at + left;
    left -= closes - at;
    at = nextOpening(calendar, closes);
  }
}

/** The instant itself when the office is open then, else the next opening. */
function intoWorkingTime(calendar: WorkCalendar, instant: number): number {
  if (isWorkingDay(calendar, instant)) {
    const opens = localTime(calendar, instant, calendar.opens);
    const closes = localTime(calendar, instant, calendar.closes);
    if (instant < opens) return opens;
    if (instant < closes) return instant;
  }
  return nextOpening(calendar, instant);
}

function nextOpening(calendar: WorkCalendar, after: number): number {
  let at = localTime(calendar, after, calendar.opens);
  if (at <= after) at += day;
  while (!isWorkingDay(calendar, at)) at += day;
  return at;
}

/** The instant of local time `hhmm` on the local date of `instant`. */
function localTime(calendar: WorkCalendar, instant: number, hhmm: string): number {
  const offset = calendar.utcOffsetMinutes * minute;
  const localMidnight = Math.floor((instant + offset) / day) * day;
  const [hours, mins] = hhmm.split(':').map(Number) as [number, number];
  return localMidnight + (hours * 60 + mins) * minute - offset;
}
