/**
 * One database transaction around a handler's writes: a ticket and its number, an enrolment and
 * its status history, only make sense together, and a job delivered twice must find either all of
 * them or none. The outcome decides: `complete` commits, an incident or a BPMN error rolls back,
 * so a handler may give up halfway without leaving half its work behind.
 */
import type pg from 'pg';

import type { HandlerOutcome } from '../job-handler.js';

export async function inTransaction<O>(
  pool: pg.Pool,
  work: (db: pg.PoolClient) => Promise<HandlerOutcome<O>>,
): Promise<HandlerOutcome<O>> {
  const db = await pool.connect();
  try {
    await db.query('begin');
    const outcome = await work(db);
    await db.query(outcome.kind === 'complete' ? 'commit' : 'rollback');
    return outcome;
  } catch (error) {
    await db.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    db.release();
  }
}
