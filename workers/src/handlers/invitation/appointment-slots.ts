/**
 * Appointment slots of the kecamatan's recording stations, cut on demand: the first booking of a
 * day creates that day's hourly slots (08:00–15:00 WIB, seven of them) for every recording station,
 * each with a seventh of the station's daily capacity, rounded up. The afternoon hour before
 * closing is left for walk-ins and residents sent back by the counter.
 */
import type pg from 'pg';

import { isWorkingDay, type WorkCalendar } from '../../domain/work-calendar.js';
import { addDays, wibDate, wibInstant } from './local-date.js';

export const slotHours = ['08:00', '09:00', '10:00', '11:00', '12:00', '13:00', '14:00'];
const slotMs = 60 * 60_000;

/** How far ahead a booking looks before it gives up and asks a person. */
export const bookingHorizonWorkingDays = 60;

export interface BookedSlot {
  slotId: number;
  stationId: string;
  startsAt: Date;
}

/** Makes sure `date`'s slots exist for the stations (a day already cut is left as it is). */
async function cutDay(db: pg.ClientBase, stationIds: string[], date: string): Promise<void> {
  const starts = slotHours.map((hour) => new Date(wibInstant(date, hour)));
  await db.query(
    `insert into app.appointment_slots (station_id, starts_at, ends_at, capacity)
     select s.id, t.starts_at, t.starts_at + $3::interval, ceil(s.daily_capacity / $4::numeric)::int
       from app.stations s cross join unnest($2::timestamptz[]) as t (starts_at)
      where s.id = any($1)
     on conflict (station_id, starts_at) do nothing`,
    [stationIds, starts, `${slotMs / 60_000} minutes`, slotHours.length],
  );
}

/**
 * Books the earliest slot with room at one of the stations, from the first working day after
 * `from` (local date), counting one place taken. At the same hour the least booked station goes
 * first, which spreads residents over the stations. Undefined when nothing is free in the horizon.
 */
export async function bookEarliestSlot(
  db: pg.ClientBase,
  calendar: WorkCalendar,
  stationIds: string[],
  from: number,
): Promise<BookedSlot | undefined> {
  let date = wibDate(from);
  for (let workingDays = 0; workingDays < bookingHorizonWorkingDays;) {
    date = addDays(date, 1);
    if (!isWorkingDay(calendar, wibInstant(date, '12:00'))) continue;
    workingDays += 1;
    await cutDay(db, stationIds, date);
    // A slot filled meanwhile by another booking fails the re-check under its lock and is skipped.
    const { rows } = await db.query<{ id: string; station_id: string; starts_at: Date }>(
      `with chosen as (
         select id from app.appointment_slots
          where station_id = any($1) and starts_at >= $2 and starts_at < $3 and booked < capacity
          order by starts_at, booked, station_id
          limit 1
          for update)
       update app.appointment_slots s set booked = s.booked + 1
         from chosen where s.id = chosen.id and s.booked < s.capacity
       returning s.id, s.station_id, s.starts_at`,
      [
        stationIds,
        new Date(wibInstant(date, '00:00')),
        new Date(wibInstant(addDays(date, 1), '00:00')),
      ],
    );
    const slot = rows[0];
    if (slot)
      return { slotId: Number(slot.id), stationId: slot.station_id, startsAt: slot.starts_at };
  }
  return undefined;
}
