/**
 * The command line of `npm run seed`: what to generate, checked before the database is opened so
 * that a typo costs nothing.
 */
import { parseArgs } from 'node:util';

import { dayOf } from './dates.js';

export interface SeedArguments {
  residents: number;
  seed: number;
  /** YYYY-MM-DD; undefined means today in Jambi. */
  today: string | undefined;
  append: boolean;
  help: boolean;
}

export const seedUsage = `Usage: npm run seed -- [--residents N] [--seed S] [--today YYYY-MM-DD] [--append]

  --residents N       how many residents to add (default 1000, at most 1000000)
  --seed S            the random seed: the same seed gives the same residents (default 1)
  --today YYYY-MM-DD  the day ages are counted on (default: today in Jambi)
  --append            add to the residents already in the database instead of refusing`;

/** A command line that cannot be run; its message says what to change. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

const maxResidents = 1_000_000;

export function parseSeedArguments(argv: readonly string[]): SeedArguments {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        residents: { type: 'string' },
        seed: { type: 'string' },
        today: { type: 'string' },
        append: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const residents = wholeNumber('--residents', values.residents ?? '1000', 1, maxResidents);
  const seed = wholeNumber('--seed', values.seed ?? '1', 0, 2 ** 32 - 1);
  if (values.today !== undefined) {
    try {
      dayOf(values.today);
    } catch {
      throw new UsageError(`--today must be a date as YYYY-MM-DD (got ${values.today})`);
    }
  }
  return { residents, seed, today: values.today, append: values.append, help: values.help };
}

function wholeNumber(option: string, text: string, min: number, max: number): number {
  const value = /^\d+$/.test(text.replace(/_/g, '')) ? Number(text.replace(/_/g, '')) : NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new UsageError(`${option} must be a whole number from ${min} to ${max} (got ${text})`);
  }
  return value;
}
