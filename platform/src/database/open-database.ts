/**
 * Opens the product's database: the server named by DATABASE_URL, or the embedded PostgreSQL
 * started here when it is unset. Either way the migrations run before anything else touches it.
 */
import pg from 'pg';

import type { Config } from '../config/config.js';
import { StartupError } from '../errors.js';
import type { Logger } from '../log/logger.js';
import { startEmbeddedPostgres } from './embedded-postgres.js';
import { migrate } from './migrate.js';

export interface Database {
  pool: pg.Pool;
  mode: Config['database']['mode'];
  /** The connection URL, for parts that open their own pool (engine, workers). */
  url: string;
  /** Closes the pool and, for the embedded server, stops PostgreSQL. */
  close(): Promise<void>;
}

export const embeddedDatabaseName = 'ektp';

export async function openDatabase(config: Config['database'], log: Logger): Promise<Database> {
  const embedded =
    config.mode === 'embedded'
      ? await startEmbeddedPostgres({
          dataDir: config.dataDir,
          port: config.port,
          database: embeddedDatabaseName,
          log: log.child({ component: 'postgres' }),
        })
      : undefined;
  const url = embedded?.url ?? (config as { url: string }).url;
  const pool = createPool(url, log);
  try {
    await checkConnection(pool, config.mode);
    await migrate(pool, undefined, log);
  } catch (error) {
    await pool.end().catch(() => undefined);
    await embedded?.stop();
    throw error;
  }
  log.info('database ready', { mode: config.mode });
  return {
    pool,
    mode: config.mode,
    url,
    close: async () => {
      await endPool(pool);
      await embedded?.stop();
    },
  };
}

const closingPools = new WeakSet<pg.Pool>();

export function createPool(url: string, log: Logger, max = 10): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max, application_name: 'ektp' });
  // An idle connection can be cut (server restart, network); the pool replaces it. Without this
  // listener the 'error' event would crash the process. While the product shuts down, the
  // server's goodbye to connections that pool.end() has let go of is expected, not news.
  pool.on('error', (error) => {
    if (!closingPools.has(pool)) log.warn('idle database connection lost', { error });
  });
  return pool;
}

/** Ends a pool made by createPool without warnings from the server closing its connections. */
export async function endPool(pool: pg.Pool): Promise<void> {
  closingPools.add(pool);
  await pool.end();
}

async function checkConnection(pool: pg.Pool, mode: string): Promise<void> {
  try {
    await pool.query('select 1');
  } catch (error) {
    const code = (error as { code?: string }).code;
    const where =
      mode === 'external' ? 'the PostgreSQL server in DATABASE_URL' : 'the embedded PostgreSQL';
    const hint =
      code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'ETIMEDOUT'
        ? 'is it running and reachable from here?'
        : code === '28P01' || code === '28000'
          ? 'the user name or password is wrong.'
          : code === '3D000'
            ? 'the database does not exist: create it first.'
            : 'check the server log.';
    throw new StartupError(
      `Cannot connect to ${where} (${code ?? (error as Error).message}): ${hint}`,
      {
        cause: error,
      },
    );
  }
}
