/**
 * `npm run seed -- --residents N`: fills the database the product uses (DATABASE_URL, or the
 * embedded PostgreSQL under DATA_DIR, migrated first) with synthetic residents of Jelutung, and an
 * empty office with its staff and stations. Ctrl-C stops between batches and rolls everything back.
 */
import { performance } from 'node:perf_hooks';

import { systemClock } from '../../../platform/src/clock.js';
import { loadConfigOrReport } from '../../../platform/src/config/config.js';
import { openDatabase } from '../../../platform/src/database/open-database.js';
import { StartupError } from '../../../platform/src/errors.js';
import { createLogger } from '../../../platform/src/log/logger.js';
import { jambiDate } from './dates.js';
import { parseSeedArguments, seedUsage, UsageError } from './seed-arguments.js';
import { SeedRefusedError, seedDatabase } from './seed-database.js';

async function main(): Promise<void> {
  let args;
  try {
    args = parseSeedArguments(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n\n${seedUsage}\n`);
    process.exitCode = 64; // EX_USAGE
    return;
  }
  if (args.help) {
    process.stdout.write(`${seedUsage}\n`);
    return;
  }
  const config = loadConfigOrReport();
  if (!config) return;
  const log = createLogger({ level: config.logLevel });

  let database;
  try {
    database = await openDatabase(config.database, log.child({ component: 'database' }));
  } catch (error) {
    if (!(error instanceof StartupError)) throw error;
    log.error(error.message);
    process.exitCode = 1;
    return;
  }

  const interrupt = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupt.signal.aborted) process.exit(130);
    log.warn('stopping after the current batch; nothing of this seed is kept', { signal });
    interrupt.abort(new Error(`interrupted by ${signal}`));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const now = systemClock.now();
  const started = performance.now();
  try {
    const summary = await seedDatabase(
      database.pool,
      { ...args, today: args.today ?? jambiDate(now), now, signal: interrupt.signal },
      log.child({ component: 'seed' }),
    );
    const seconds = Math.round(performance.now() - started) / 1000;
    log.info(
      `seeded ${summary.residents} residents in ${summary.families} families in ${seconds} s`,
      { ...summary, seconds },
    );
  } catch (error) {
    if (error instanceof SeedRefusedError) log.error(error.message);
    else if (interrupt.signal.aborted) log.warn('seed interrupted and rolled back');
    else throw error;
    process.exitCode = 1;
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`The seed failed: ${String((error as Error)?.stack ?? error)}\n`);
  process.exit(1);
});
