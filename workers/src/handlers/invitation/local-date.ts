/**
 * The local (WIB, UTC+7, no daylight saving) calendar date of an instant: the month an eligibility
 * scan belongs to and the days appointment slots are cut for are those of Jambi, not of UTC.
 */
import { defaultCalendar } from '../../domain/work-calendar.js';

const offsetMs = defaultCalendar().utcOffsetMinutes * 60_000;

/** `YYYY-MM-DD` in WIB. */
export function wibDate(instant: number): string {
  return new Date(instant + offsetMs).toISOString().slice(0, 10);
}

/** The instant of local time `HH:MM` on the WIB date `YYYY-MM-DD`. */
export function wibInstant(date: string, time: string): number {
  return Date.parse(`${date}T${time}:00.000Z`) - offsetMs;
}

/** The WIB date `days` calendar days after `date`. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00.000Z`) + days * 86_400_000)
    .toISOString()
    .slice(0, 10);
}
