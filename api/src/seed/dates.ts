/**
 * Calendar dates as whole days since 1970-01-01, for a generator that handles hundreds of
 * thousands of birth dates: plain integers are cheap to compare and add, and carry no time zone.
 */
const msPerDay = 86_400_000;

/** `YYYY-MM-DD` → day number; throws on anything that is not a real calendar date. */
export function dayOf(date: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) throw new RangeError(`not a date (YYYY-MM-DD): ${date}`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  if (new Date(ms).getUTCDate() !== day || month < 1 || month > 12) {
    throw new RangeError(`not a calendar date: ${date}`);
  }
  return ms / msPerDay;
}

export function dateOf(day: number): string {
  return new Date(day * msPerDay).toISOString().slice(0, 10);
}

/** The same day of the month `years` later (or earlier); 29 February becomes 1 March. */
export function addYears(day: number, years: number): number {
  const date = new Date(day * msPerDay);
  return Date.UTC(date.getUTCFullYear() + years, date.getUTCMonth(), date.getUTCDate()) / msPerDay;
}

/** Completed years of age on `today`. */
export function ageOn(birth: number, today: number): number {
  const b = new Date(birth * msPerDay);
  const t = new Date(today * msPerDay);
  const age = t.getUTCFullYear() - b.getUTCFullYear();
  const beforeBirthday =
    t.getUTCMonth() < b.getUTCMonth() ||
    (t.getUTCMonth() === b.getUTCMonth() && t.getUTCDate() < b.getUTCDate());
  return beforeBirthday ? age - 1 : age;
}

/** DDMMYY as in NIK and KK numbers; `dayOffset` 40 marks a woman in a NIK. */
export function ddmmyy(day: number, dayOffset = 0): string {
  const date = new Date(day * msPerDay);
  return (
    String(date.getUTCDate() + dayOffset).padStart(2, '0') +
    String(date.getUTCMonth() + 1).padStart(2, '0') +
    String(date.getUTCFullYear() % 100).padStart(2, '0')
  );
}

/** The local date in Jambi (WIB, UTC+7, no daylight saving) at `instant`. */
export function jambiDate(instant: number): string {
  return new Date(instant + 7 * 3_600_000).toISOString().slice(0, 10);
}
