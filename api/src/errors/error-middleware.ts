import type { ErrorRequestHandler, RequestHandler } from 'express';

import type { Logger } from '../../../platform/src/log/logger.js';
import { ApiError, NotFoundError } from './api-error.js';

/** Answers every route nobody handled with the error model instead of express's HTML page. */
export const notFound: RequestHandler = (req, _res, next) => {
  next(new NotFoundError(`No endpoint ${req.method} ${req.originalUrl.split('?')[0] ?? ''}`));
};

export function errorMiddleware(log: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const requestId = String(res.locals.requestId ?? '');
    const known =
      error instanceof ApiError
        ? error
        : bodyParserError(error) === 'entity.parse.failed'
          ? new ApiError(400, 'invalid_body', 'The request body is not valid JSON.')
          : bodyParserError(error) === 'entity.too.large'
            ? new ApiError(413, 'body_too_large', 'The request body is larger than 1 MB.')
            : undefined;
    if (known) {
      log.debug('request refused', { requestId, status: known.statusCode, error: known.error });
      res.status(known.statusCode).json({
        error: known.error,
        message: known.message,
        details: known.details,
        requestId,
      });
      return;
    }
    log.error('request failed', { requestId, method: req.method, path: req.path, error });
    res.status(500).json({
      error: 'internal',
      message: 'Something went wrong on our side; the request id helps the administrator find it.',
      details: [],
      requestId,
    });
  };
}

function bodyParserError(error: unknown): string | undefined {
  return (error as { type?: string } | null)?.type;
}
