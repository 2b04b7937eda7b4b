/**
 * ActivateJobs: activate what is there; if nothing is and long polling is on, park the request
 * until jobs of the type arrive or `requestTimeout` passes (0 = the 10 s default, < 0 = answer at
 * once). All jobs go out in one response message.
 */
import type { ServerWritableStream } from '@grpc/grpc-js';

import type { Engine } from '../engine.js';
import { InvalidArgumentError } from '../errors.js';
import { toActivatedJobMessage } from './activated-job.js';
import { checkTenants, toNumber, toText } from './documents.js';
import type { JobAvailability } from './job-availability.js';

const defaultLongPollMs = 10_000;

export interface ActivationRequest {
  type: string;
  worker: string;
  timeoutMs: number;
  max: number;
  fetchVariables: string[];
}

/**
 * The fields ActivateJobs and StreamActivatedJobs share, validated as gateway.proto documents.
 * `max` is the request's maxJobsToActivate; a stream (which has none) passes its own batch size.
 */
export function readActivationRequest(
  request: Record<string, unknown>,
  max: number,
): ActivationRequest {
  checkTenants(request.tenantIds);
  const type = toText(request.type).trim();
  const timeoutMs = toNumber(request.timeout);
  if (type === '') throw new InvalidArgumentError('Expected type to be present, but it was blank');
  if (timeoutMs < 1)
    throw new InvalidArgumentError(`Expected timeout to be at least 1 ms, but it was ${timeoutMs}`);
  if (max < 1)
    throw new InvalidArgumentError(
      `Expected maxJobsToActivate to be at least 1, but it was ${max}`,
    );
  return {
    type,
    worker: toText(request.worker),
    timeoutMs,
    max,
    fetchVariables: (request.fetchVariable as string[] | undefined) ?? [],
  };
}

export async function activateJobs(
  engine: Engine,
  availability: JobAvailability,
  call: ServerWritableStream<Record<string, unknown>, Record<string, unknown>>,
): Promise<void> {
  const request = readActivationRequest(call.request, toNumber(call.request.maxJobsToActivate));
  if (request.worker.trim() === '') {
    throw new InvalidArgumentError('Expected worker to be present, but it was blank');
  }
  const requestTimeout = toNumber(call.request.requestTimeout);
  const longPollMs = requestTimeout === 0 ? defaultLongPollMs : requestTimeout;

  // Watch before the first attempt: jobs committed while it runs must still wake us.
  const wakeUp = { signalled: false, wake: () => undefined as void };
  const stopWatching = availability.watch(request.type, () => {
    wakeUp.signalled = true;
    wakeUp.wake();
  });
  const deadline = Date.now() + Math.max(longPollMs, 0);
  try {
    for (;;) {
      wakeUp.signalled = false;
      const jobs = await engine.activateJobs(request);
      if (call.cancelled) {
        // The worker went away: it will never see these jobs, so they come back after their timeout.
        return;
      }
      if (jobs.length > 0) {
        call.write({ jobs: jobs.map(toActivatedJobMessage) });
        return;
      }
      if (longPollMs < 0 || Date.now() >= deadline) return;
      if (!wakeUp.signalled) {
        const outcome = await new Promise<'woken' | 'timeout' | 'cancelled'>((resolve) => {
          const timer = setTimeout(() => resolve('timeout'), deadline - Date.now());
          wakeUp.wake = () => {
            clearTimeout(timer);
            resolve('woken');
          };
          call.once('cancelled', () => {
            clearTimeout(timer);
            resolve('cancelled');
          });
        });
        wakeUp.wake = () => undefined;
        if (outcome !== 'woken') return;
      }
    }
  } finally {
    stopWatching();
  }
}
