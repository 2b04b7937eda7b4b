/**
 * What a job handler is (one per job type): the zod schemas of the variables it reads, the headers
 * it expects and the variables it writes, and a function from a checked job to an outcome. The
 * runner (run-job.ts) does the checking and turns the outcome into the job's complete / fail /
 * BPMN error, so a handler holds only its domain logic.
 *
 * Jobs can be delivered twice (after a timeout, or when the engine restarts between our commit
 * and its completion): every handler's writes are idempotent — keyed on a business key or on the
 * job key — so a second delivery finds its work done and answers the same.
 */
import type { Zeebe } from '@camunda8/sdk';
import type pg from 'pg';
import type { z } from 'zod';

import type { Clock } from '../../../platform/src/clock.js';
import type { Logger } from '../../../platform/src/log/logger.js';
import type { Adapters } from '../adapters/simulated-adapters.js';

export interface HandlerContext {
  pool: pg.Pool;
  clock: Clock;
  log: Logger;
  adapters: Adapters;
  /** For starting process instances and publishing messages from a handler. */
  zeebe: Zeebe.ZeebeGrpcClient;
}

/** The parts of a job a handler may use, with its variables and headers already checked. */
export interface CheckedJob<V, H> {
  key: string;
  type: string;
  processInstanceKey: string;
  bpmnProcessId: string;
  elementId: string;
  elementInstanceKey: string;
  retries: number;
  variables: V;
  headers: H;
}

export type HandlerOutcome<O> =
  | { kind: 'complete'; variables: O }
  /** A business outcome the process models with an error boundary event. */
  | { kind: 'error'; errorCode: string; message: string }
  /**
   * Something went wrong that a retry may fix (a system unreachable, a conflict) — or, with
   * `noRetry`, that only a person can fix (data the process cannot work with): an incident.
   */
  | { kind: 'fail'; message: string; retryBackoffMs?: number; noRetry?: boolean };

export interface JobHandler<V = unknown, H = unknown, O = unknown> {
  type: string;
  variables: z.ZodType<V>;
  headers: z.ZodType<H>;
  output: z.ZodType<O>;
  /** How long a job may stay with this worker before the engine hands it to another. */
  timeoutMs?: number;
  handle(job: CheckedJob<V, H>, context: HandlerContext): Promise<HandlerOutcome<O>>;
}

export function defineHandler<V, H, O>(handler: JobHandler<V, H, O>): JobHandler<V, H, O> {
  return handler;
}

export const complete = <O>(variables: O): HandlerOutcome<O> => ({ kind: 'complete', variables });

export const bpmnError = (errorCode: string, message: string): HandlerOutcome<never> => ({
  kind: 'error',
  errorCode,
  message,
});

export const retryLater = (message: string, retryBackoffMs = 60_000): HandlerOutcome<never> => ({
  kind: 'fail',
  message,
  retryBackoffMs,
});

/** Data the process cannot go on with (a resident who does not exist…): an incident at once. */
export const incident = (message: string): HandlerOutcome<never> => ({
  kind: 'fail',
  message,
  noRetry: true,
});
