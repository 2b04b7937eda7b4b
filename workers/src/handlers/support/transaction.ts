/**
 * One database transaction around a handler's writes: rows that only make sense together (a batch
 * and its letters, a print job and its blanko movement) are written together, and a job delivered
 * twice finds either all of them or none.
 */
import type pg from 'pg';

import { inTransaction } from '../../../../platform/src/database/in-transaction.js';
import type { HandlerOutcome } from '../job-handler.js';

export { inTransaction };

/**
 * The handler's outcome decides: `complete` commits; an incident, a retry or a BPMN error rolls
 * back, so a handler may give up halfway without leaving half its work behind.
 */
export function inOutcomeTransaction<O>(
  pool: pg.Pool,
  work: (db: pg.PoolClient) => Promise<HandlerOutcome<O>>,
): Promise<HandlerOutcome<O>> {
  return inTransaction(pool, work, (outcome) => outcome.kind === 'complete');
}
