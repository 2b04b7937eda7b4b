/**
 * Sign-in and sign-out (/api/auth): passwords checked against their scrypt hashes, five wrong
 * passwords in a row lock the account for 15 minutes, ten attempts a minute per address at most,
 * and the same answer for an unknown login as for a wrong password. Sign-ins and sign-outs are
 * written to the audit log.
 */
import type pg from 'pg';
import { z } from 'zod';

import type { Clock } from '../../../../platform/src/clock.js';
import { ApiError } from '../../errors/api-error.js';
import { endpoint, type Endpoint } from '../../http/endpoint.js';
import { writeAudit } from '../audit/write-audit.js';
import { currentSession } from './authenticate.js';
import { roles, UnauthenticatedError } from './authorize.js';
import { clearSessionCookie, setSessionCookie } from './cookies.js';
import { LoginRateLimit } from './login-rate-limit.js';
import { hashPassword, verifyPassword } from './password.js';
import { absoluteTimeoutMs, createSession, endSession } from './sessions.js';

export const lockAfterFailures = 5;
export const lockoutMs = 15 * 60_000;

const loginSchema = z.object({
  login: z.string().trim().toLowerCase().min(1, 'is required').max(64),
  password: z.string().min(1, 'is required').max(200),
});

// Checked when the login does not exist, so that answer takes as long as a wrong password.
const decoyHash = hashPassword('decoy-password-for-unknown-logins');

const sessionUser = z.object({
  id: z.string(),
  name: z.string(),
  roles: z.array(z.string()),
  unitCode: z.string(),
});

const signedIn = z.object({ user: sessionUser, csrfToken: z.string() });

export function authEndpoints(deps: {
  pool: pg.Pool;
  clock: Clock;
  rateLimit?: LoginRateLimit;
}): Endpoint[] {
  const rateLimit = deps.rateLimit ?? new LoginRateLimit(deps.clock);
  return [
    endpoint({
      operationId: 'signIn',
      method: 'post',
      path: '/auth/login',
      tag: 'Sign-in',
      summary: 'Sign in: sets the session cookie and answers the CSRF token',
      description:
        'Five wrong passwords in a row lock the account for 15 minutes (423); ten attempts a ' +
        'minute per address (429). An unknown login answers like a wrong password (401).',
      access: 'anyone',
      body: loginSchema,
      response: signedIn,
      errors: [423, 429],
      beforeParsing: (req, res) => {
        const address = req.ip ?? 'unknown';
        if (!rateLimit.allow(address)) {
          res.set('retry-after', String(rateLimit.retryAfterSeconds(address)));
          throw new ApiError(
            429,
            'too_many_attempts',
            'Too many sign-in attempts; wait a minute and try again.',
          );
        }
      },
      handler: async ({ req, res, body: { login, password } }) => {
        const address = req.ip ?? 'unknown';
        const now = deps.clock.now();
        const { rows } = await deps.pool.query<{
          password_hash: string;
          failed_logins: number;
          locked_until: Date | null;
        }>(
          `select u.password_hash, u.failed_logins, u.locked_until
             from app.users u join app.staff s on s.id = u.staff_id where u.staff_id = $1 and s.active`,
          [login],
        );
        const user = rows[0];
        if (!user) {
          await verifyPassword(password, await decoyHash);
          throw invalidCredentials();
        }
        if (user.locked_until && user.locked_until.getTime() > now) {
          throw new ApiError(
            423,
            'account_locked',
            'This account is locked after repeated wrong passwords; try again later.',
          );
        }
        if (!(await verifyPassword(password, user.password_hash))) {
          const failures = user.failed_logins + 1;
          await deps.pool.query(
            `update app.users set failed_logins = $2, locked_until = $3 where staff_id = $1`,
            [
              login,
              failures >= lockAfterFailures ? 0 : failures,
              failures >= lockAfterFailures ? new Date(now + lockoutMs) : null,
            ],
          );
          await audit(deps.pool, now, login, 'sign_in', String(res.locals.requestId), {
            ok: false,
          });
          throw invalidCredentials();
        }
        await deps.pool.query(
          `update app.users set failed_logins = 0, locked_until = null where staff_id = $1`,
          [login],
        );
        const { token, csrfToken } = await createSession(deps.pool, deps.clock, login, {
          ip: address,
          ...(req.get('user-agent') ? { userAgent: req.get('user-agent') } : {}),
        });
        setSessionCookie(req, res, token, absoluteTimeoutMs);
        await audit(deps.pool, now, login, 'sign_in', String(res.locals.requestId), { ok: true });
        const { rows: staff } = await deps.pool.query<{
          name: string;
          unit_code: string;
          roles: string[] | null;
        }>(
          `select s.name, s.unit_code, (select array_agg(role::text order by role) from app.staff_roles where staff_id = s.id) as roles
             from app.staff s where s.id = $1`,
          [login],
        );
        return {
          user: {
            id: login,
            name: staff[0]?.name ?? login,
            roles: staff[0]?.roles ?? [],
            unitCode: staff[0]?.unit_code ?? '',
          },
          csrfToken,
        };
      },
    }),

    endpoint({
      operationId: 'signOut',
      method: 'post',
      path: '/auth/logout',
      tag: 'Sign-in',
      summary: 'Sign out: ends the session',
      access: roles,
      successStatus: 204,
      handler: async ({ req, res, user }) => {
        await endSession(deps.pool, String(res.locals.sessionToken));
        clearSessionCookie(req, res);
        await audit(
          deps.pool,
          deps.clock.now(),
          user.id,
          'sign_out',
          String(res.locals.requestId),
          {},
        );
        return undefined;
      },
    }),

    endpoint({
      operationId: 'currentUser',
      method: 'get',
      path: '/auth/me',
      tag: 'Sign-in',
      summary: 'Who is signed in, and the CSRF token of the session',
      access: roles,
      response: signedIn,
      handler: ({ res }) => {
        const session = currentSession(res);
        if (!session) throw new UnauthenticatedError();
        return { user: session.user, csrfToken: session.csrfToken };
      },
    }),
  ];
}

function invalidCredentials(): ApiError {
  return new ApiError(401, 'invalid_credentials', 'The login or the password is wrong.');
}

function audit(
  pool: pg.Pool,
  at: number,
  actor: string,
  action: 'sign_in' | 'sign_out',
  requestId: string,
  details: Record<string, unknown>,
): Promise<void> {
  return writeAudit(pool, {
    at,
    actor,
    action,
    subjectType: 'session',
    subjectId: actor,
    requestId,
    details,
  });
}
