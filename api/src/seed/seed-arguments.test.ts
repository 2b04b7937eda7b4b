import { parseSeedArguments } from './seed-arguments.js';

describe('seed - command line', () => {
  it('should default to 1000 residents from seed 1, counted from today', () => {
    expect(parseSeedArguments([])).toEqual({
      residents: 1000,
      seed: 1,
      today: undefined,
      append: false,
      help: false,
    });
  });

  it('should read every option', () => {
    expect(
      parseSeedArguments([
        '--residents',
        '100_000',
        '--seed',
        '42',
        '--today',
        '2026-12-01',
        '--append',
      ]),
    ).toEqual({ residents: 100_000, seed: 42, today: '2026-12-01', append: true, help: false });
  });

  it.each([
    [['--residents', '0'], '--residents must be a whole number from 1 to 1000000 (got 0)'],
    [['--residents', '1e5'], '--residents must be a whole number from 1 to 1000000 (got 1e5)'],
    [['--seed=-3'], '--seed must be a whole number from 0 to 4294967295 (got -3)'],
    [['--today', '2026-02-30'], '--today must be a date as YYYY-MM-DD (got 2026-02-30)'],
    [['--people', '5'], "Unknown option '--people'"],
  ])('should refuse %j', (argv, message) => {
    expect(() => parseSeedArguments(argv)).toThrow(message);
  });
});
