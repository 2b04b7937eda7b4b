/**
 * Starts this product's job workers against a Zeebe gateway (the embedded engine or a cluster),
 * through the official SDK. One worker per job type; each handler returns the SDK's job
 * acknowledgement (complete, fail, error or forward), so a forgotten branch does not compile.
 */
import type pg from 'pg';

import type { Clock } from '../../platform/src/clock.js';
import type { Logger } from '../../platform/src/log/logger.js';
import { createZeebeClient } from '../../platform/src/zeebe-client.js';
import type { Adapters } from './adapters/simulated-adapters.js';
import { allHandlers } from './handlers/all-handlers.js';
import type { JobHandler } from './handlers/job-handler.js';
import { runJob } from './handlers/run-job.js';
import type { JobHeaders, JobVariables } from './job-types.js';
import { cancelVanishedTasks } from './user-tasks/cancel-vanished-tasks.js';
import { storeUserTask, userTaskJobType } from './user-tasks/store-user-task.js';

// The SDK starts the next long poll on a timer tick after the previous one returned: a short tick
// keeps a chain of service tasks from waiting up to the default 300 ms at every step. The long
// poll itself waits at the engine, so a short tick is no busy loop.
const pollIntervalMs = 10;

export interface RunningWorkers {
  jobTypes: string[];
  stop(): Promise<void>;
}

// A user task stays with a person for days; its job comes back every five minutes, which is
// how the tasklist learns that a task's job still exists.
const userTaskTimeoutMs = 5 * 60_000;

export function startWorkers(options: {
  address: string;
  pool: pg.Pool;
  clock: Clock;
  log: Logger;
  /** The external systems; without them only the user-task worker runs. */
  adapters?: Adapters;
  /** The job handlers to run (default: all of them). */
  handlers?: ReadonlyArray<JobHandler<never, never, unknown>>;
}): RunningWorkers {
  const client = createZeebeClient(options.address);
  const handlerWorkers = options.adapters
    ? (options.handlers ?? allHandlers).map((handler) => {
        const context = {
          pool: options.pool,
          clock: options.clock,
          log: options.log,
          adapters: options.adapters!,
          zeebe: client,
        };
        return client.createWorker<JobVariables, JobHeaders, JobVariables>({
          taskType: handler.type,
          id: `ektp-${handler.type}`,
          timeout: handler.timeoutMs ?? 60_000,
          maxJobsToActivate: 32,
          longPoll: 5_000,
          pollInterval: pollIntervalMs,
          taskHandler: (job) => runJob(handler, job, context),
        });
      })
    : [];
  const userTasks = client.createWorker<JobVariables, JobHeaders, JobVariables>({
    taskType: userTaskJobType,
    id: 'ektp-user-tasks',
    timeout: userTaskTimeoutMs,
    maxJobsToActivate: 32,
    // Short long polls keep shutdown quick: the SDK waits for an open poll when a worker closes.
    longPoll: 5_000,
    pollInterval: pollIntervalMs,
    taskHandler: (job) => storeUserTask(job, { pool: options.pool, clock: options.clock }),
  });
  // Only once this worker has been up for two timeouts has every live job come back to it; before
  // that (after a restart) an old last_seen_at says nothing.
  const startedAt = options.clock.now();
  const sweep = setInterval(() => {
    const now = options.clock.now();
    if (now - startedAt < 2 * userTaskTimeoutMs) return;
    cancelVanishedTasks(
      { pool: options.pool, client, clock: options.clock },
      new Date(now - 2 * userTaskTimeoutMs),
      userTaskTimeoutMs,
    ).then(
      (count) => {
        if (count > 0) options.log.info('tasks whose job is gone were cancelled', { count });
      },
      (error: unknown) => options.log.warn('could not sweep vanished tasks', { error }),
    );
  }, userTaskTimeoutMs);
  sweep.unref();

  return {
    jobTypes: [
      userTaskJobType,
      ...(options.adapters ? (options.handlers ?? allHandlers).map((h) => h.type) : []),
    ],
    stop: async () => {
      clearInterval(sweep);
      await Promise.all(handlerWorkers.map((worker) => worker.close()));
      await userTasks.close();
      await client.close();
    },
  };
}
