/**
 * Errors of the monitoring REST API as Camunda's v2 API answers them: RFC 9457 problem details
 * (`{ type, title, status, detail, instance }`, application/problem+json). The SDK's REST client
 * reads `status` and `detail` from this body.
 */
import type { ErrorRequestHandler } from 'express';

import type { Logger } from '../../../platform/src/log/logger.js';

export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
  ) {
    super(detail);
    this.name = 'ProblemError';
  }
}

export class NotFoundProblem extends ProblemError {
  constructor(detail: string) {
    super(404, 'NOT_FOUND', detail);
  }
}

export function problemMiddleware(log: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const problem =
      error instanceof ProblemError
        ? error
        : (error as { type?: string } | null)?.type === 'entity.parse.failed'
          ? new ProblemError(400, 'INVALID_ARGUMENT', 'The request body is not valid JSON.')
          : undefined;
    if (!problem) log.error('monitoring request failed', { path: req.path, error });
    const answer = problem ?? new ProblemError(500, 'INTERNAL', 'The engine failed to answer.');
    res
      .status(answer.status)
      .type('application/problem+json')
      .send(
        JSON.stringify({
          type: 'about:blank',
          title: answer.title,
          status: answer.status,
          detail: answer.detail,
          instance: req.originalUrl,
        }),
      );
  };
}
