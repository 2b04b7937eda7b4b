/**
 * Completing a task completes its job with the form's variables, plus `taskCompletedBy` (the
 * login of the person) for the steps that record who acted. The task row stays locked while the
 * engine is asked, so two people cannot complete the same task; a job the engine no longer knows
 * (the process moved on: a boundary event, a cancellation) marks the task CANCELED.
 *
 * A task that was late has an escalation running (app.breaches): it learns that the step is done
 * from the message `ektp-step-completed`, keyed by the task's element instance.
 */
import { status } from '@grpc/grpc-js';
import type { Zeebe } from '@camunda8/sdk';
import type pg from 'pg';

import type { Clock } from '../../../platform/src/clock.js';

export type CompleteOutcome = 'COMPLETED' | 'NOT_FOUND' | 'ALREADY_ENDED' | 'CANCELED';

export async function completeUserTask(
  deps: { pool: pg.Pool; client: Zeebe.ZeebeGrpcClient; clock: Clock },
  request: { taskId: string; variables: Record<string, unknown>; completedBy: string },
): Promise<CompleteOutcome> {
  const db = await deps.pool.connect();
  try {
    await db.query('begin');
    const { rows } = await db.query<{
      job_key: string;
      state: string;
      element_instance_key: string;
    }>(
      'select job_key::text, state, element_instance_key::text from app.tasks where id = $1 for update',
      [request.taskId],
    );
    const task = rows[0];
    if (!task) {
      await db.query('rollback');
      return 'NOT_FOUND';
    }
    if (task.state !== 'CREATED') {
      await db.query('rollback');
      return 'ALREADY_ENDED';
    }
    let outcome: CompleteOutcome = 'COMPLETED';
    try {
      await deps.client.completeJob({
        jobKey: task.job_key,
        variables: { ...request.variables, taskCompletedBy: request.completedBy },
      });
    } catch (error) {
      if ((error as { code?: number }).code !== status.NOT_FOUND) throw error;
      outcome = 'CANCELED';
    }
    await db.query(
      outcome === 'COMPLETED'
        ? `update app.tasks set state = 'COMPLETED', completed_at = $2, completed_by = $3 where id = $1`
        : `update app.tasks set state = 'CANCELED' where id = $1`,
      outcome === 'COMPLETED'
        ? [request.taskId, new Date(deps.clock.now()), request.completedBy]
        : [request.taskId],
    );
    await db.query('commit');
    if (outcome === 'COMPLETED') await announceLateStepDone(deps, task.element_instance_key);
    return outcome;
  } catch (error) {
    await db.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    db.release();
  }
}

export const stepCompletedMessage = 'ektp-step-completed';

async function announceLateStepDone(
  deps: { pool: pg.Pool; client: Zeebe.ZeebeGrpcClient; clock: Clock },
  elementInstanceKey: string,
): Promise<void> {
  // The breaches are resolved here, not only by the escalation process: once its top level has
  // acted, that process has ended and no longer waits for the step, yet the step's breaches must
  // not stay open on the supervisors' lists for ever. The resolution is recorded on the first
  // breach, as the escalation's own resolve step does.
  const { rows } = await deps.pool.query<{ breach_id: string }>(
    `with resolved as (
       update app.breaches set status = 'RESOLVED'
        where element_instance_key = $1 and status <> 'RESOLVED'
       returning id, level, candidate_group)
     insert into app.escalation_actions (breach_id, level, candidate_group, action, at)
     select id, level, candidate_group, 'RESOLVED', $2 from resolved order by id limit 1
     returning breach_id::text`,
    [elementInstanceKey, new Date(deps.clock.now())],
  );
  if (rows.length === 0) return;
  // Ends a running escalation. Buffered for an hour: it may be between two waits.
  await deps.client.publishMessage({
    name: stepCompletedMessage,
    correlationKey: elementInstanceKey,
    messageId: `step-completed-${elementInstanceKey}`,
    timeToLive: 60 * 60_000,
    variables: {},
  });
}
