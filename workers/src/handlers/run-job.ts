/**
 * Runs one job through its handler: checks the variables and headers with the handler's zod
 * schemas, calls it, checks what it writes, and answers the engine.
 *
 * - Variables or headers that do not fit: a modelling or data error no retry can fix, so the job
 *   fails with no retries left and the incident names every field and why.
 * - `complete` → CompleteJob with the output; `error` → ThrowError (a BPMN error boundary decides);
 *   `fail` or an exception → FailJob with one retry fewer and a back-off, an incident at zero.
 */
import type { z } from 'zod';

import type { JobAck, WorkerJob } from '../job-types.js';
import type { HandlerContext, JobHandler } from './job-handler.js';

export function describeIssues(what: string, error: z.ZodError): string {
  return `${what}: ${error.issues
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(root)'} ${issue.message}`)
    .join('; ')}`;
}

export async function runJob<V, H, O>(
  handler: JobHandler<V, H, O>,
  job: WorkerJob,
  context: HandlerContext,
): Promise<JobAck> {
  const variables = handler.variables.safeParse(job.variables);
  if (!variables.success) {
    return job.fail({
      errorMessage: describeIssues(`${handler.type}: invalid variables`, variables.error),
      retries: 0,
    });
  }
  const headers = handler.headers.safeParse(job.customHeaders);
  if (!headers.success) {
    return job.fail({
      errorMessage: describeIssues(`${handler.type}: invalid task headers`, headers.error),
      retries: 0,
    });
  }
  try {
    const outcome = await handler.handle(
      {
        key: job.key,
        type: job.type,
        processInstanceKey: job.processInstanceKey,
        bpmnProcessId: job.bpmnProcessId,
        elementId: job.elementId,
        elementInstanceKey: job.elementInstanceKey,
        retries: job.retries,
        variables: variables.data,
        headers: headers.data,
      },
      context,
    );
    switch (outcome.kind) {
      case 'complete': {
        const output = handler.output.safeParse(outcome.variables);
        if (!output.success) {
          return job.fail({
            errorMessage: describeIssues(
              `${handler.type}: produced invalid variables`,
              output.error,
            ),
            retries: 0,
          });
        }
        return job.complete(output.data as Record<string, unknown>);
      }
      case 'error':
        return job.error({
          errorCode: outcome.errorCode,
          errorMessage: outcome.message,
          variables: {},
        });
      case 'fail':
        return job.fail({
          errorMessage: outcome.message,
          retries: outcome.noRetry ? 0 : Math.max(job.retries - 1, 0),
          retryBackOff: outcome.retryBackoffMs ?? 60_000,
        });
    }
  } catch (error) {
    context.log.warn('job handler failed', { type: handler.type, jobKey: job.key, error });
    return job.fail({
      errorMessage: `${handler.type}: ${error instanceof Error ? error.message : String(error)}`,
      retries: Math.max(job.retries - 1, 0),
      retryBackOff: 10_000,
    });
  }
}
