/**
 * Starts this product's job workers against a Zeebe gateway (the embedded engine or a cluster),
 * through the official SDK. One worker per job type; each handler returns the SDK's job
 * acknowledgement (complete, fail, error or forward), so a forgotten branch does not compile.
 */
import type pg from 'pg';

import type { Clock } from '../../platform/src/clock.js';
import type { Logger } from '../../platform/src/log/logger.js';
import { createZeebeClient } from '../../platform/src/zeebe-client.js';
import type { JobHeaders, JobVariables } from './job-types.js';
import { storeUserTask, userTaskJobType } from './user-tasks/store-user-task.js';

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
}): RunningWorkers {
  const client = createZeebeClient(options.address);
  const userTasks = client.createWorker<JobVariables, JobHeaders, JobVariables>({
    taskType: userTaskJobType,
    id: 'ektp-user-tasks',
    timeout: userTaskTimeoutMs,
    maxJobsToActivate: 32,
    // Short long polls keep shutdown quick: the SDK waits for an open poll when a worker closes.
    longPoll: 5_000,
    taskHandler: (job) => storeUserTask(job, { pool: options.pool, clock: options.clock }),
  });
  return {
    jobTypes: [userTaskJobType],
    stop: async () => {
      await userTasks.close();
      await client.close();
    },
  };
}
