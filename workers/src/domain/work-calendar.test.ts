import {
  addWorkingDays,
  addWorkingMinutes,
  defaultCalendar,
  isWorkingDay,
} from './work-calendar.js';

// Local WIB times, written with their offset so the tests read like an office clock.
const wib = (local: string) => Date.parse(`${local}+07:00`);
const asWib = (instant: number) =>
  new Date(instant + 7 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

describe('domain - work calendar', () => {
  // 2026-12-25 (Friday) is Christmas; 2026-12-24 is cuti bersama.
  const calendar = defaultCalendar(['2026-12-24', '2026-12-25']);

  it('should know weekends and holidays', () => {
    expect(isWorkingDay(calendar, wib('2026-12-23T10:00'))).toBe(true);
    expect(isWorkingDay(calendar, wib('2026-12-24T10:00'))).toBe(false);
    expect(isWorkingDay(calendar, wib('2026-12-26T10:00'))).toBe(false);
    // 23:30 WIB on Wednesday is still Wednesday locally, although it is 16:30 UTC.
    expect(isWorkingDay(calendar, wib('2026-12-23T23:30'))).toBe(true);
  });

  it.each([
    ['2026-12-01T10:00', 2, '2026-12-03 10:00'], // Tuesday → Thursday
    ['2026-12-04T10:00', 2, '2026-12-08 10:00'], // Friday → Tuesday, over the weekend
    ['2026-12-04T17:30', 2, '2026-12-09 08:00'], // after closing: counts from Monday's opening
    ['2026-12-22T09:00', 2, '2026-12-28 09:00'], // cuti bersama and Christmas shift the due date
    ['2026-12-22T09:00', 0, '2026-12-22 09:00'],
  ])('should put %s + %i working days at %s', (from, days, due) => {
    expect(asWib(addWorkingDays(calendar, wib(from), days))).toBe(due);
  });

  it.each([
    ['2026-12-01T10:00', 60, '2026-12-01 11:00'],
    ['2026-12-01T15:30', 60, '2026-12-02 08:30'], // the rest runs on the next morning
    ['2026-12-23T15:00', 240, '2026-12-28 11:00'], // across the holidays and the weekend
    ['2026-12-01T07:00', 30, '2026-12-01 08:30'], // before opening: counts from 08:00
  ])('should put %s + %i working minutes at %s', (from, minutes, due) => {
    expect(asWib(addWorkingMinutes(calendar, wib(from), minutes))).toBe(due);
  });
});
