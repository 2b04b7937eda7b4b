/**
 * The gateway protocol does not tell a worker that a job ended without it (a boundary event
 * interrupted the user task, the process was cancelled). The user-task worker sees every open
 * task's job again after each activation timeout, so a task whose job has not come back for two
 * timeouts is suspect — but only suspect: when the clock jumps (a controlled clock moved by days,
 * a machine that slept) every job is late at once. So each suspect is checked with the engine:
 * UpdateJobTimeout answers NOT_FOUND for a job that is gone (the task is CANCELED) and succeeds or
 * refuses FAILED_PRECONDITION (not activated right now) for a job that still exists.
 */
import { status } from '@grpc/grpc-js';
import type { Zeebe } from '@camunda8/sdk';
import type pg from 'pg';

import type { Clock } from '../../../platform/src/clock.js';

export async function cancelVanishedTasks(
  deps: { pool: pg.Pool; client: Zeebe.ZeebeGrpcClient; clock: Clock },
  notSeenSince: Date,
  timeoutMs: number,
): Promise<number> {
  const { rows } = await deps.pool.query<{ id: string; job_key: string }>(
    `select id::text, job_key::text from app.tasks where state = 'CREATED' and last_seen_at < $1`,
    [notSeenSince],
  );
  let cancelled = 0;
  for (const task of rows) {
    let gone = false;
    try {
      await deps.client.updateJobTimeout({ jobKey: task.job_key, timeout: timeoutMs });
    } catch (error) {
      const code = (error as { code?: number }).code;
      if (code === status.NOT_FOUND) gone = true;
      else if (code !== status.FAILED_PRECONDITION) throw error;
    }
    const { rowCount } = await deps.pool.query(
      gone
        ? `update app.tasks set state = 'CANCELED' where id = $1 and state = 'CREATED'`
        : `update app.tasks set last_seen_at = $2 where id = $1 and state = 'CREATED'`,
      gone ? [task.id] : [task.id, new Date(deps.clock.now())],
    );
    if (gone) cancelled += rowCount ?? 0;
  }
  return cancelled;
}
