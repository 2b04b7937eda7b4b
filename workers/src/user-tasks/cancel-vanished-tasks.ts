/**
 * The gateway protocol does not tell a worker that a job ended without it (a boundary event
 * interrupted the user task, the process was cancelled). The user-task worker sees every open
 * task's job again after each activation timeout, so a task whose job has not come back for two
 * timeouts belongs to a job that is gone: it is marked CANCELED and leaves the tasklist.
 */
import type pg from 'pg';

export async function cancelVanishedTasks(pool: pg.Pool, notSeenSince: Date): Promise<number> {
  const { rowCount } = await pool.query(
    `update app.tasks set state = 'CANCELED' where state = 'CREATED' and last_seen_at < $1`,
    [notSeenSince],
  );
  return rowCount ?? 0;
}
