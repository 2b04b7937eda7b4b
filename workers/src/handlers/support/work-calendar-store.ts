/**
 * The office calendar: the working week and hours of app.work_calendar and the public holidays and
 * cuti bersama of app.holidays. They change a few times a year, so they are kept for ten minutes
 * of the product's clock rather than read for every deadline.
 */
import type pg from 'pg';

import type { Clock } from '../../../../platform/src/clock.js';
import { defaultCalendar, type WorkCalendar } from '../../domain/work-calendar.js';

const cacheMs = 10 * 60_000;
const cache = new WeakMap<pg.Pool, { loadedAt: number; calendar: WorkCalendar }>();

export async function loadWorkCalendar(pool: pg.Pool, clock: Clock): Promise<WorkCalendar> {
  const cached = cache.get(pool);
  const now = clock.now();
  if (cached && now - cached.loadedAt < cacheMs && now >= cached.loadedAt) return cached.calendar;
  const { rows } = await pool.query<{ day: string }>(
    `select to_char(day, 'YYYY-MM-DD') as day from app.holidays`,
  );
  const { rows: hours } = await pool.query<{
    utc_offset_minutes: number;
    working_weekdays: number[];
    opens: string;
    closes: string;
  }>(
    `select utc_offset_minutes, working_weekdays, to_char(opens, 'HH24:MI') as opens,
            to_char(closes, 'HH24:MI') as closes
       from app.work_calendar`,
  );
  const week = hours[0];
  const calendar: WorkCalendar = {
    ...defaultCalendar(rows.map((r) => r.day)),
    ...(week
      ? {
          utcOffsetMinutes: week.utc_offset_minutes,
          workingWeekdays: week.working_weekdays,
          opens: week.opens,
          closes: week.closes,
        }
      : {}),
  };
  cache.set(pool, { loadedAt: now, calendar });
  return calendar;
}

/** Forget the cached calendar (after an administrator edits the holidays). */
export function forgetWorkCalendar(pool: pg.Pool): void {
  cache.delete(pool);
}
