import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import type pg from 'pg';

import { createTestDatabase, type TestDatabase } from '../../../tests/helpers/test-database.js';
import { StartupError } from '../errors.js';
import { migrate, productMigrations } from './migrate.js';

/** Everything migrations may change, in a comparable form. */
async function schemaSnapshot(pool: pg.Pool): Promise<unknown> {
  const query = async (sql: string) => (await pool.query(sql)).rows as unknown[];
  return {
    columns:
      await query(`select table_schema, table_name, column_name, data_type, is_nullable, column_default
      from information_schema.columns where table_schema in ('engine', 'app') order by 1, 2, 3`),
    indexes: await query(`select schemaname, indexname, indexdef from pg_indexes
      where schemaname in ('engine', 'app') order by 1, 2`),
    constraints:
      await query(`select conrelid::regclass::text as rel, conname, pg_get_constraintdef(oid) as def
      from pg_constraint where connamespace::regnamespace::text in ('engine', 'app') order by 1, 2`),
    triggers: await query(`select tgrelid::regclass::text as rel, tgname from pg_trigger
      where not tgisinternal order by 1, 2`),
    functions: await query(`select p.oid::regprocedure::text as fn from pg_proc p
      join pg_namespace n on n.oid = p.pronamespace where n.nspname in ('engine', 'app') order by 1`),
    recorded:
      await query(`select 'engine' as schema, id, name, checksum, applied_at from engine.schema_migrations
      union all select 'app', id, name, checksum, applied_at from app.schema_migrations order by 1, 2`),
  };
}

describe('database - migrate', () => {
  let db: TestDatabase;
  let scratch: string;

  beforeEach(async () => {
    db = await createTestDatabase({ migrated: false });
    scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'ektp-migrations-'));
  });

  afterEach(async () => {
    await db.drop();
    await fs.rm(scratch, { recursive: true, force: true });
  });

  it('should apply every product migration once, and change nothing when applied again', async () => {
    // given
    const first = await migrate(db.pool);
    const afterFirst = await schemaSnapshot(db.pool);

    // when
    const second = await migrate(db.pool);
    const third = await migrate(db.pool);

    // then
    expect(first).toContain('app/0001_audit_log.sql');
    expect(second).toEqual([]);
    expect(third).toEqual([]);
    expect(await schemaSnapshot(db.pool)).toEqual(afterFirst);
  });

  it('should apply each file exactly once when several processes migrate at the same time', async () => {
    // when
    const results = await Promise.all([migrate(db.pool), migrate(db.pool), migrate(db.pool)]);

    // then
    const all = results.flat();
    expect(new Set(all).size).toBe(all.length);
    expect(all.length).toBeGreaterThan(0);
  });

  it('should roll back a failing file completely and record nothing', async () => {
    // given
    await fs.writeFile(
      path.join(scratch, '0001_good.sql'),
      'create table trial.kept (id int primary key);',
    );
    await fs.writeFile(
      path.join(scratch, '0002_bad.sql'),
      'create table trial.half_made (id int); select * from trial.no_such_table;',
    );
    const sets = [{ schema: 'trial', directory: scratch }];

    // when
    const attempt = migrate(db.pool, sets);

    // then
    await expect(attempt).rejects.toThrow(
      /Migration trial\/0002_bad.sql failed and was rolled back: relation "trial.no_such_table" does not exist/,
    );
    const tables = await db.pool.query(
      `select table_name from information_schema.tables where table_schema = 'trial' order by 1`,
    );
    expect(tables.rows).toEqual([{ table_name: 'kept' }, { table_name: 'schema_migrations' }]);
    const recorded = await db.pool.query('select name from trial.schema_migrations');
    expect(recorded.rows).toEqual([{ name: '0001_good.sql' }]);
  });

  it('should refuse to start when an applied file was edited afterwards', async () => {
    // given
    const file = path.join(scratch, '0001_first.sql');
    await fs.writeFile(file, 'create table trial.a (id int);');
    const sets = [{ schema: 'trial', directory: scratch }];
    await migrate(db.pool, sets);

    // when
    await fs.writeFile(file, 'create table trial.a (id bigint);');

    // then
    await expect(migrate(db.pool, sets)).rejects.toThrow(
      new StartupError(
        'Migration trial/0001_first.sql was changed after it was applied; migrations are forward-only: restore the file and add a new one for the change.',
      ),
    );
  });

  it('should refuse a misnamed file instead of skipping it', async () => {
    // given
    await fs.writeFile(path.join(scratch, '1_first.sql'), 'select 1;');

    // then
    await expect(migrate(db.pool, [{ schema: 'trial', directory: scratch }])).rejects.toThrow(
      /1_first.sql is misnamed: name it NNNN_lower_case_words.sql/,
    );
  });

  it('should keep the audit log append-only', async () => {
    // given
    await migrate(db.pool, productMigrations);
    await db.pool.query(
      `insert into app.audit_log (occurred_at, actor, action, subject_type, subject_id) values (now(), 'u1', 'read', 'resident', 'r1')`,
    );

    // then
    await expect(db.pool.query(`update app.audit_log set actor = 'u2'`)).rejects.toThrow(
      /append-only: UPDATE is not allowed/,
    );
    await expect(db.pool.query(`delete from app.audit_log`)).rejects.toThrow(
      /append-only: DELETE is not allowed/,
    );
    await expect(db.pool.query(`truncate app.audit_log`)).rejects.toThrow(
      /append-only: TRUNCATE is not allowed/,
    );
    expect((await db.pool.query('select actor from app.audit_log')).rows).toEqual([
      { actor: 'u1' },
    ]);
  });
});
