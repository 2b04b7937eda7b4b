/**
 * The SDK's job and acknowledgement types, taken from its createWorker signature (the SDK does not
 * export them by name). A handler must return the acknowledgement of complete, fail, error or
 * forward, so a branch that forgets to answer the job does not compile.
 */
import type { Zeebe } from '@camunda8/sdk';

/** Job variables and headers as JSON: handlers check what they read with zod. */
export type JobVariables = Record<string, unknown>;
export type JobHeaders = Record<string, string | number>;

// eslint-disable-next-line @typescript-eslint/no-unused-vars -- declared only to instantiate its generic type below
declare const createWorker: Zeebe.ZeebeGrpcClient['createWorker'];
type TaskHandler = Parameters<
  typeof createWorker<JobVariables, JobHeaders, JobVariables>
>[0]['taskHandler'];

export type WorkerJob = Parameters<TaskHandler>[0];
export type JobAck = Awaited<ReturnType<TaskHandler>>;
