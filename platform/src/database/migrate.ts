/**
 * Forward-only, numbered SQL migrations, one directory per schema (`engine`, `app`).
 *
 * Each file `NNNN_what_it_does.sql` runs once, in its own transaction, together with the row that
 * records it, so a failing file leaves neither half its changes nor a record behind. The whole run
 * holds an advisory lock, so several processes starting at once (api and workers containers)
 * apply each file exactly once. A file that changed after it was applied stops the start: history
 * is never rewritten, a new file is added instead.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

import type pg from 'pg';

import { StartupError } from '../errors.js';
import type { Logger } from '../log/logger.js';
import { projectRoot } from '../project-root.js';

export interface MigrationSet {
  /** The PostgreSQL schema the files build; also holds that schema's `schema_migrations` table. */
  schema: string;
  directory: string;
}

/** The product's schemas in the order they are built: the engine's first, then the app's. */
export const productMigrations: readonly MigrationSet[] = [
  { schema: 'engine', directory: path.join(projectRoot, 'engine', 'migrations') },
  { schema: 'app', directory: path.join(projectRoot, 'api', 'migrations') },
];

interface MigrationFile {
  id: number;
  name: string;
  sql: string;
  checksum: string;
}

const fileNamePattern = /^(\d{4})_[a-z0-9_]+\.sql$/;
// Any constant will do as long as nothing else in the database uses it for an advisory lock.
const migrationLockKey = 7_130_871_908;

/** Applies every pending migration; returns the files applied, as `schema/file.sql`. */
export async function migrate(
  pool: pg.Pool,
  sets: readonly MigrationSet[] = productMigrations,
  log?: Logger,
): Promise<string[]> {
  const files = await Promise.all(sets.map((set) => readMigrationFiles(set)));
  const client = await pool.connect();
  const applied: string[] = [];
  try {
    await client.query('select pg_advisory_lock($1)', [migrationLockKey]);
    for (const [index, set] of sets.entries()) {
      for (const file of await pendingFiles(client, set, files[index] ?? [])) {
        await applyFile(client, set, file);
        applied.push(`${set.schema}/${file.name}`);
        log?.info('applied migration', { schema: set.schema, file: file.name });
      }
    }
  } finally {
    await client.query('select pg_advisory_unlock($1)', [migrationLockKey]).catch(() => undefined);
    client.release();
  }
  return applied;
}

async function readMigrationFiles(set: MigrationSet): Promise<MigrationFile[]> {
  let names: string[];
  try {
    names = (await fs.readdir(set.directory)).filter((name) => name.endsWith('.sql')).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const files: MigrationFile[] = [];
  for (const name of names) {
    const match = fileNamePattern.exec(name);
    if (!match) {
      throw new StartupError(
        `Migration file ${path.join(set.directory, name)} is misnamed: name it NNNN_lower_case_words.sql.`,
      );
    }
    const id = Number(match[1]);
    if (files.some((f) => f.id === id)) {
      throw new StartupError(
        `Two migration files in ${set.directory} share the number ${match[1]}.`,
      );
    }
    const sql = await fs.readFile(path.join(set.directory, name), 'utf8');
    files.push({ id, name, sql, checksum: createHash('sha256').update(sql).digest('hex') });
  }
  return files;
}

async function pendingFiles(
  client: pg.PoolClient,
  set: MigrationSet,
  files: MigrationFile[],
): Promise<MigrationFile[]> {
  const schema = client.escapeIdentifier(set.schema);
  await client.query(`create schema if not exists ${schema}`);
  await client.query(
    `create table if not exists ${schema}.schema_migrations (
       id integer primary key,
       name text not null,
       checksum text not null,
       applied_at timestamptz not null default now()
     )`,
  );
  const { rows } = await client.query<{ id: number; name: string; checksum: string }>(
    `select id, name, checksum from ${schema}.schema_migrations order by id`,
  );
  for (const row of rows) {
    const file = files.find((f) => f.id === row.id);
    if (!file) {
      throw new StartupError(
        `The database has migration ${set.schema}/${row.name}, which this build does not have: it was migrated by a newer build; run that build, or restore a backup.`,
      );
    }
    if (file.checksum !== row.checksum) {
      throw new StartupError(
        `Migration ${set.schema}/${file.name} was changed after it was applied; migrations are forward-only: restore the file and add a new one for the change.`,
      );
    }
  }
  return files.filter((file) => !rows.some((row) => row.id === file.id));
}

async function applyFile(
  client: pg.PoolClient,
  set: MigrationSet,
  file: MigrationFile,
): Promise<void> {
  const schema = client.escapeIdentifier(set.schema);
  await client.query('begin');
  try {
    await client.query(`set local search_path to ${schema}, public`);
    await client.query(file.sql);
    await client.query(
      `insert into ${schema}.schema_migrations (id, name, checksum) values ($1, $2, $3)`,
      [file.id, file.name, file.checksum],
    );
    await client.query('commit');
  } catch (error) {
    await client.query('rollback');
    throw new StartupError(
      `Migration ${set.schema}/${file.name} failed and was rolled back: ${(error as Error).message}`,
      { cause: error },
    );
  }
}
