/**
 * Gives a test file a database of its own, copied from the migrated template, so test files run
 * in parallel without seeing each other's rows. Call it in `beforeAll`; `drop()` in `afterAll`.
 */
import { randomBytes } from 'node:crypto';

import pg from 'pg';

import { serverUrlVariable, templateVariable, withDatabase } from './test-postgres-server.js';

export interface TestDatabase {
  name: string;
  url: string;
  pool: pg.Pool;
  drop(): Promise<void>;
}

export async function createTestDatabase(
  options: { migrated?: boolean } = {},
): Promise<TestDatabase> {
  const adminUrl = process.env[serverUrlVariable];
  const template = process.env[templateVariable];
  if (!adminUrl || !template)
    throw new Error('the jest global setup has not run: use npm run test:jest');
  const name = `ektp_test_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const from = options.migrated === false ? 'template0' : admin.escapeIdentifier(template);
    await admin.query(`create database ${admin.escapeIdentifier(name)} template ${from}`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(adminUrl, name);
  const pool = new pg.Pool({ connectionString: url, max: 5 });
  pool.on('error', () => undefined);
  return {
    name,
    url,
    pool,
    drop: async () => {
      await pool.end();
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`drop database if exists ${client.escapeIdentifier(name)} with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}
