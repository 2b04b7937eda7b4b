/**
 * Who is calling: the session cookie becomes `res.locals.session`. A state-changing request
 * (anything but GET/HEAD/OPTIONS) from a session must carry the session's CSRF token in the
 * `x-csrf-token` header — a page on another site can make the browser send the cookie, but it
 * cannot read the token.
 */
import { timingSafeEqual } from 'node:crypto';

import type { RequestHandler, Response } from 'express';
import type pg from 'pg';

import type { Clock } from '../../../../platform/src/clock.js';
import { ApiError } from '../../errors/api-error.js';
import { readCookie, sessionCookie } from './cookies.js';
import { findSession, type Session } from './sessions.js';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

export function authenticate(deps: { pool: pg.Pool; clock: Clock }): RequestHandler {
  return (req, res, next) => {
    const token = readCookie(req, sessionCookie);
    if (!token) {
      next();
      return;
    }
    findSession(deps.pool, deps.clock, token).then((session) => {
      if (!session) {
        next();
        return;
      }
      if (!safeMethods.has(req.method)) {
        const sent = Buffer.from(req.get('x-csrf-token') ?? '');
        const expected = Buffer.from(session.csrfToken);
        if (sent.length !== expected.length || !timingSafeEqual(sent, expected)) {
          next(
            new ApiError(403, 'csrf_failed', 'The request lacks the CSRF token of this session.'),
          );
          return;
        }
      }
      res.locals.session = session;
      res.locals.sessionToken = token;
      next();
    }, next);
  };
}

export function currentSession(res: Response): Session | undefined {
  return res.locals.session as Session | undefined;
}
