/**
 * One database transaction around writes that only make sense together: on its own connection,
 * rolled back when `work` throws or `commitWhen` says no, so nothing is left half-written.
 */
import type pg from 'pg';

export async function inTransaction<T>(
  pool: pg.Pool,
  work: (db: pg.PoolClient) => Promise<T>,
  commitWhen: (result: T) => boolean = () => true,
): Promise<T> {
  const db = await pool.connect();
  try {
    await db.query('begin');
    const result = await work(db);
    await db.query(commitWhen(result) ? 'commit' : 'rollback');
    return result;
  } catch (error) {
    await db.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    db.release();
  }
}
