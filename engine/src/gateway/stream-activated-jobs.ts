/**
 * StreamActivatedJobs: a long-lived stream that is pushed jobs of its type as they become
 * activatable. As in Zeebe, it does not drain the jobs that were waiting before it opened: that
 * backlog is for ActivateJobs polling.
 */
import type { ServerWritableStream } from '@grpc/grpc-js';

import type { Engine } from '../engine.js';
import { toActivatedJobMessage } from './activated-job.js';
import { readActivationRequest } from './activate-jobs.js';
import type { JobAvailability } from './job-availability.js';

const pushBatch = 32;

export function streamActivatedJobs(
  engine: Engine,
  availability: JobAvailability,
  call: ServerWritableStream<Record<string, unknown>, Record<string, unknown>>,
  onError: (error: unknown) => void,
): Promise<void> {
  const request = readActivationRequest(call.request, pushBatch);
  return new Promise<void>((resolve) => {
    let running = false;
    let again = false;
    const push = async () => {
      if (running) {
        again = true;
        return;
      }
      running = true;
      try {
        do {
          again = false;
          if (call.cancelled) break;
          const jobs = await engine.activateJobs(request);
          for (const job of jobs) call.write(toActivatedJobMessage(job));
          if (jobs.length === pushBatch) again = true;
        } while (again);
      } catch (error) {
        onError(error);
      } finally {
        running = false;
      }
    };
    const stopWatching = availability.watch(request.type, () => void push());
    call.once('cancelled', () => {
      stopWatching();
      resolve();
    });
  });
}
