/**
 * The service day of the counter: queue numbers start from 1 every local (WIB) day, whatever the
 * UTC date of the instant.
 */
import { defaultCalendar } from '../../domain/work-calendar.js';

const offsetMs = defaultCalendar().utcOffsetMinutes * 60_000;

/** `YYYY-MM-DD` in WIB. */
export function serviceDate(instant: number): string {
  return new Date(instant + offsetMs).toISOString().slice(0, 10);
}
