import {
  addDuration,
  nextCycleTime,
  parseCycle,
  parseDate,
  parseDuration,
} from './timer-expressions.js';

const at = (iso: string) => Date.parse(iso);

describe('timers - expressions', () => {
  it.each([
    ['PT72H', '2026-01-01T00:00:00Z', '2026-01-04T00:00:00.000Z'],
    ['P1M', '2026-01-31T00:00:00Z', '2026-03-03T00:00:00.000Z'],
    ['P2DT30M', '2026-01-01T00:00:00Z', '2026-01-03T00:30:00.000Z'],
    ['PT0.5S', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00.500Z'],
  ])('should add %s to %s', (text, from, expected) => {
    expect(new Date(addDuration(at(from), parseDuration(text) as never)).toISOString()).toBe(
      expected,
    );
  });

  it('should refuse what is not a duration or a date', () => {
    expect(parseDuration('72 hours')).toBeUndefined();
    expect(parseDuration('PT')).toBeUndefined();
    expect(parseDate('besok')).toBeUndefined();
    expect(parseDate('2026-08-17T10:00:00+07:00[Asia/Jakarta]')).toBe(at('2026-08-17T03:00:00Z'));
  });

  it('should repeat an interval the given number of times, or forever', () => {
    expect(parseCycle('R3/PT10S')).toMatchObject({ kind: 'repeat', repetitions: 3 });
    expect(parseCycle('R/P1D')).toMatchObject({ kind: 'repeat', repetitions: null });
    const withStart = parseCycle('R2/2026-01-01T08:00:00Z/PT1H');
    expect(nextCycleTime(withStart as never, at('2025-12-31T00:00:00Z'), true)).toBe(
      at('2026-01-01T08:00:00Z'),
    );
  });

  it('should find the next time of a cron expression in UTC', () => {
    const cron = parseCycle('0 0 9 * * MON-FRI');
    // 2026-11-28 is a Saturday: the next weekday 09:00 is Monday the 30th.
    expect(
      new Date(
        nextCycleTime(cron as never, at('2026-11-28T10:00:00Z'), true) as number,
      ).toISOString(),
    ).toBe('2026-11-30T09:00:00.000Z');
    expect(parseCycle('0 0 25 * * *')).toBeUndefined();
  });
});
