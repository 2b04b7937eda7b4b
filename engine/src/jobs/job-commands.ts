/**
 * The job commands: activation (a claim in one statement), completion, failure with retries and
 * back-off, retries and timeout updates, timed-out activations, and BPMN errors thrown by workers.
 * Each runs inside a batch of the command queue (engine.ts submits them).
 */
import type { ActivatedJob } from '../engine.js';
import type { EngineCore } from '../engine-core.js';
import { FailedPreconditionError } from '../errors.js';
import type { Variables } from '../runtime/instance-state.js';
import { visibleVariables } from '../runtime/visible-variables.js';
import type { Batch } from '../store/batch.js';
import { type DbJob, iso, type JobRow, toJobRow } from '../store/rows.js';

/**
 * Activates up to `max` activatable jobs of a type, oldest first. Does not wait: long polling is
 * the gateway's business (it calls again when onJobsActivatable names the type).
 */
export async function activateJobs(
  core: EngineCore,
  batch: Batch,
  request: {
    type: string;
    worker: string;
    timeoutMs: number;
    max: number;
    fetchVariables: string[];
  },
): Promise<ActivatedJob[]> {
  await batch.flush();
  const deadline = batch.now + request.timeoutMs;
  // The engine is the only writer, so a plain claim suffices; SKIP LOCKED only keeps a stray
  // second engine on the same database from blocking.
  const { rows } = await batch.client.query<DbJob>(
    `with claimable as (
         select key from engine.jobs
         where type = $1 and state = 'ACTIVATABLE' and (retry_at is null or retry_at <= $2)
         order by key
         limit $3
         for update skip locked
       )
       update engine.jobs j
          set state = 'ACTIVATED', worker = $4, deadline = $5, retry_at = null
         from claimable c
        where j.key = c.key
       returning j.*`,
    [request.type, iso(batch.now), request.max, request.worker, iso(deadline)],
  );
  const jobs = rows.map(toJobRow).sort((a, b) => (BigInt(a.key) < BigInt(b.key) ? -1 : 1));
  await batch.loadInstances([...new Set(jobs.map((j) => j.processInstanceKey))]);
  const activated: ActivatedJob[] = [];
  for (const job of jobs) {
    batch.cacheJob(job);
    const state = await batch.instance(job.processInstanceKey);
    const all = state ? visibleVariables(state, job.elementInstanceKey) : {};
    const variables =
      request.fetchVariables.length === 0
        ? all
        : Object.fromEntries(
            request.fetchVariables.filter((name) => name in all).map((name) => [name, all[name]]),
          );
    activated.push({ ...job, deadline, variables });
  }
  return activated;
}

export async function completeJob(
  core: EngineCore,
  batch: Batch,
  jobKey: string,
  variables: Variables,
): Promise<void> {
  const job = await core.existingJob(batch, jobKey, 'complete');
  if (job.state === 'FAILED') {
    throw new FailedPreconditionError(
      `Expected to complete job with key '${jobKey}', but it is in state 'FAILED': resolve its incident first`,
    );
  }
  const state = await batch.instance(job.processInstanceKey);
  batch.deleteJob(jobKey);
  if (!state) return;
  await core.step(batch, state, (runtime) =>
    runtime.completeJob(job.elementInstanceKey, variables),
  );
}

export async function failJob(
  core: EngineCore,
  batch: Batch,
  request: {
    jobKey: string;
    retries: number;
    errorMessage: string;
    retryBackOffMs: number;
    variables: Variables;
  },
): Promise<void> {
  const job = await core.existingJob(batch, request.jobKey, 'fail');
  if (job.state !== 'ACTIVATED') {
    throw new FailedPreconditionError(
      `Expected to fail activated job with key '${request.jobKey}', but it is not activated`,
    );
  }
  if (Object.keys(request.variables).length > 0) {
    const state = await batch.instance(job.processInstanceKey);
    // FailJob variables stay in the task's own scope (gateway.proto).
    if (state)
      await core.step(batch, state, (runtime) =>
        runtime.setVariables(job.elementInstanceKey, request.variables, true),
      );
  }
  const failed: JobRow = {
    ...job,
    retries: request.retries,
    errorMessage: request.errorMessage,
    worker: null,
    deadline: null,
  };
  if (request.retries > 0) {
    batch.putJob({
      ...failed,
      state: 'ACTIVATABLE',
      retryAt: request.retryBackOffMs > 0 ? batch.now + request.retryBackOffMs : null,
    });
    return;
  }
  batch.putJob({ ...failed, state: 'FAILED', retryAt: null });
  batch.putIncident({
    key: core.keys.nextKey(),
    type: 'JOB_NO_RETRIES',
    message: request.errorMessage || 'No more retries left.',
    processInstanceKey: job.processInstanceKey,
    elementInstanceKey: job.elementInstanceKey,
    elementId: job.elementId,
    bpmnProcessId: job.bpmnProcessId,
    processDefinitionKey: job.processDefinitionKey,
    jobKey: job.key,
    state: 'ACTIVE',
    createdAt: batch.now,
    resolvedAt: null,
  });
}

export async function updateJobRetries(
  core: EngineCore,
  batch: Batch,
  jobKey: string,
  retries: number,
): Promise<void> {
  const job = await core.existingJob(batch, jobKey, 'update retries of');
  batch.putJob({ ...job, retries });
}

export async function updateJobTimeout(
  core: EngineCore,
  batch: Batch,
  jobKey: string,
  timeoutMs: number,
): Promise<void> {
  const job = await core.existingJob(batch, jobKey, 'update the timeout of');
  if (job.state !== 'ACTIVATED') {
    throw new FailedPreconditionError(
      `Expected to update the timeout of job with key '${jobKey}', but it is not activated`,
    );
  }
  batch.putJob({ ...job, deadline: batch.now + timeoutMs });
}

/**
 * Jobs whose activation timed out become activatable again (retries unchanged), and jobs whose
 * retry back-off has passed wake their workers. Run periodically by the engine's scheduler.
 */
export async function expireJobs(core: EngineCore, batch: Batch): Promise<number> {
  await batch.flush();
  const expired = await batch.client.query<{ type: string }>(
    `update engine.jobs set state = 'ACTIVATABLE', worker = null, deadline = null
        where state = 'ACTIVATED' and deadline <= $1
       returning type`,
    [iso(batch.now)],
  );
  const due = await batch.client.query<{ type: string }>(
    `update engine.jobs set retry_at = null
        where state = 'ACTIVATABLE' and retry_at is not null and retry_at <= $1
       returning type`,
    [iso(batch.now)],
  );
  for (const row of [...expired.rows, ...due.rows]) batch.activatableTypes.add(row.type);
  return expired.rowCount ?? 0;
}

export async function throwError(
  core: EngineCore,
  batch: Batch,
  request: {
    jobKey: string;
    errorCode: string;
    errorMessage: string;
    variables: Variables;
  },
): Promise<void> {
  const job = await core.existingJob(batch, request.jobKey, 'throw an error for');
  if (job.state !== 'ACTIVATED') {
    throw new FailedPreconditionError(
      `Expected to throw an error for job with key '${request.jobKey}', but it is not activated`,
    );
  }
  const state = await batch.instance(job.processInstanceKey);
  // The job stops being activatable; if a catch event takes the error the job goes with its
  // element, otherwise it waits with an incident.
  batch.putJob({
    ...job,
    state: 'FAILED',
    errorMessage: request.errorMessage,
    worker: null,
    deadline: null,
  });
  if (!state) return;
  await core.step(batch, state, (runtime) =>
    runtime.throwError(
      job.elementInstanceKey,
      request.errorCode,
      request.errorMessage,
      request.variables,
    ),
  );
}
