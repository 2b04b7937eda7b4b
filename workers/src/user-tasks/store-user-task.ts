/**
 * The user-task worker: each `io.camunda.zeebe:userTask` job becomes a row of app.tasks, where the
 * tasklist finds it. The job is left activated ("forwarded"): it completes when a person completes
 * the task. It comes back after its activation timeout; storing is idempotent on the job key and
 * only notes that the job is still there.
 */
import type pg from 'pg';

import type { Clock } from '../../../platform/src/clock.js';
import type { JobAck, WorkerJob } from '../job-types.js';
import { readUserTaskHeaders } from './user-task-headers.js';

export const userTaskJobType = 'io.camunda.zeebe:userTask';

export interface UserTaskDeps {
  pool: pg.Pool;
  clock: Clock;
}

export async function storeUserTask(job: WorkerJob, deps: UserTaskDeps): Promise<JobAck> {
  const headers = readUserTaskHeaders(job.customHeaders);
  if (!headers.ok) {
    // A modelling error no retry can fix: an incident tells the designer.
    return job.fail({
      errorMessage: `The user task's headers are invalid: ${headers.message}`,
      retries: 0,
    });
  }
  const h = headers.value;
  const now = new Date(deps.clock.now());
  const kelurahan =
    typeof job.variables.kelurahanCode === 'string' ? job.variables.kelurahanCode : null;
  await deps.pool.query(
    `insert into app.tasks
       (job_key, process_instance_key, bpmn_process_id, process_definition_version, element_id, element_instance_key,
        assignee, candidate_groups, candidate_users, form_key, due_at, follow_up_at, variables, kelurahan_code,
        created_at, last_seen_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13,
             (select code from app.regions where code = $14 and level = 'KELURAHAN'), $15, $15)
     on conflict (job_key) do update set last_seen_at = excluded.last_seen_at`,
    [
      job.key,
      job.processInstanceKey,
      job.bpmnProcessId,
      job.processDefinitionVersion,
      job.elementId,
      job.elementInstanceKey,
      h.assignee,
      h.candidateGroups,
      h.candidateUsers,
      h.formKey,
      h.dueAt,
      h.followUpAt,
      JSON.stringify(job.variables),
      kelurahan,
      now,
    ],
  );
  return job.forward();
}
