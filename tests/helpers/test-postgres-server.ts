/**
 * The PostgreSQL server a test run uses: DATABASE_URL's server when set (CI may bring one),
 * otherwise an embedded server of its own under .data/test-pg, apart from the product's data.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import net from 'node:net';
import path from 'node:path';

import pg from 'pg';

import {
  startEmbeddedPostgres,
  type RunningPostgres,
} from '../../platform/src/database/embedded-postgres.js';
import { migrate, productMigrations } from '../../platform/src/database/migrate.js';
import { createLogger } from '../../platform/src/log/logger.js';
import { projectRoot } from '../../platform/src/project-root.js';

/** Environment variables the global setup hands to every test file. */
export const serverUrlVariable = 'EKTP_TEST_ADMIN_URL';
export const templateVariable = 'EKTP_TEST_TEMPLATE';

export interface TestServer {
  adminUrl: string;
  template: string;
  stop(): Promise<void>;
}

export async function startTestServer(): Promise<TestServer> {
  const log = createLogger({ level: process.env.TEST_LOG_LEVEL === 'debug' ? 'debug' : 'warn' });
  let embedded: RunningPostgres | undefined;
  let adminUrl = process.env.DATABASE_URL;
  let scratch: string | undefined;
  if (!adminUrl) {
    try {
      embedded = await startEmbeddedPostgres({
        dataDir: path.join(projectRoot, '.data', 'test-pg'),
        port: await freePort(),
        database: 'postgres',
        log,
      });
    } catch (error) {
      // Another test run owns the shared cluster: this run gets a throwaway one of its own.
      if (!/in use by another running instance/.test((error as Error).message)) throw error;
      scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'ektp-test-pg-'));
      await fs.chmod(scratch, 0o755);
      embedded = await startEmbeddedPostgres({
        dataDir: path.join(scratch, 'pg'),
        port: await freePort(),
        database: 'postgres',
        log,
      });
    }
    adminUrl = embedded.adminUrl;
  }
  // Leftover test databases are dropped only on our own server: on a shared one they may belong
  // to a run in progress.
  const template = await prepareTemplate(adminUrl, embedded !== undefined);
  return {
    adminUrl,
    template,
    stop: async () => {
      await embedded?.stop();
      if (scratch) await fs.rm(scratch, { recursive: true, force: true });
    },
  };
}

/**
 * A migrated database that each test file copies (CREATE DATABASE ... TEMPLATE), which takes tens
 * of milliseconds instead of running every migration again. Its name carries a hash of the
 * migration files, so a changed migration gets a new template and old ones are dropped.
 */
async function prepareTemplate(adminUrl: string, dropLeftovers: boolean): Promise<string> {
  const hash = createHash('sha256');
  for (const set of productMigrations) {
    for (const name of safeReaddir(set.directory).sort()) {
      hash.update(set.schema + '/' + name).update(readFileSync(path.join(set.directory, name)));
    }
  }
  const template = `ektp_template_${hash.digest('hex').slice(0, 12)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ datname: string }>(
      `select datname from pg_database where datname ~ '^ektp_(template|test)_'`,
    );
    for (const { datname } of rows) {
      const leftover = datname.startsWith('ektp_test_') ? dropLeftovers : datname !== template;
      if (leftover)
        await admin.query(
          `drop database if exists ${admin.escapeIdentifier(datname)} with (force)`,
        );
    }
    if (!rows.some((r) => r.datname === template)) {
      // Build under a temporary name and rename, so an interrupted run never leaves a template
      // that looks complete but is not.
      const building = `${template}_building`;
      await admin.query(`drop database if exists ${admin.escapeIdentifier(building)}`);
      await admin.query(`create database ${admin.escapeIdentifier(building)}`);
      const pool = new pg.Pool({ connectionString: withDatabase(adminUrl, building), max: 1 });
      try {
        await migrate(pool);
      } finally {
        await pool.end();
      }
      await admin.query(
        `alter database ${admin.escapeIdentifier(building)} rename to ${admin.escapeIdentifier(template)}`,
      );
    }
  } finally {
    await admin.end();
  }
  return template;
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = '/' + database;
  return parsed.toString();
}

function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir).filter((n) => n.endsWith('.sql'));
  } catch {
    return [];
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
