/**
 * One structured log line per answered request: request id, method, path, status, duration and
 * the signed-in staff member. The logger masks NIKs in every line, so a resident's NIK in a path
 * never reaches the log in full.
 */
import type { RequestHandler } from 'express';

import type { Logger } from '../../../../platform/src/log/logger.js';
import { currentSession } from '../auth/authenticate.js';

export function requestLog(log: Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const fields = {
        requestId: String(res.locals.requestId ?? ''),
        method: req.method,
        path: req.originalUrl.split('?')[0] ?? '',
        status: res.statusCode,
        ms: Math.round(Number(process.hrtime.bigint() - started) / 1e5) / 10,
        user: currentSession(res)?.user.id,
      };
      if (res.statusCode >= 500) log.warn('request answered', fields);
      else log.info('request answered', fields);
    });
    next();
  };
}
