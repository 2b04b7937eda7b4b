/**
 * Runs a handler's writes in one transaction, so a job that fails half-way (a lost connection, a
 * constraint) leaves nothing behind and its retry starts from the same rows. Shared by the
 * printing, clearance, activation and discipline handlers.
 */
import type pg from 'pg';

export async function inTransaction<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    const result = await work(client);
    await client.query('commit');
    return result;
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
