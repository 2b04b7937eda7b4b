/**
 * The office calendar from app.holidays (public holidays and cuti bersama) over the default
 * working week and hours. Holidays change a few times a year, so the list is kept for ten minutes
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
  const calendar = defaultCalendar(rows.map((r) => r.day));
  cache.set(pool, { loadedAt: now, calendar });
  return calendar;
}

/** Forget the cached calendar (after an administrator edits the holidays). */
export function forgetWorkCalendar(pool: pg.Pool): void {
  cache.delete(pool);
}
