/**
 * Sessions in app.sessions: a random 32-byte token for the cookie (stored as its SHA-256), a CSRF
 * token, an idle timeout of 8 hours and an absolute limit of 12 hours. Finding a session slides its
 * idle expiry, at most once a minute so reads do not turn every request into a write.
 */
import { createHash, randomBytes } from 'node:crypto';

import type pg from 'pg';

import type { Clock } from '../../../../platform/src/clock.js';

export const idleTimeoutMs = 8 * 60 * 60_000;
export const absoluteTimeoutMs = 12 * 60 * 60_000;

export interface SessionUser {
  id: string;
  name: string;
  roles: string[];
  /** The unit the staff member works in: a kelurahan, the kecamatan or the Dinas. */
  unitCode: string;
}

export interface Session {
  user: SessionUser;
  csrfToken: string;
}

const hash = (token: string) => createHash('sha256').update(token).digest('hex');

export async function createSession(
  pool: pg.Pool,
  clock: Clock,
  staffId: string,
  client: { ip?: string; userAgent?: string },
): Promise<{ token: string; csrfToken: string }> {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(32).toString('base64url');
  const now = clock.now();
  await pool.query(
    `insert into app.sessions (token_hash, staff_id, csrf_token, created_at, last_seen_at, expires_at, ip, user_agent)
     values ($1, $2, $3, $4, $4, $5, $6, $7)`,
    [
      hash(token),
      staffId,
      csrfToken,
      new Date(now),
      new Date(now + idleTimeoutMs),
      client.ip ?? null,
      client.userAgent?.slice(0, 300) ?? null,
    ],
  );
  return { token, csrfToken };
}

export async function findSession(
  pool: pg.Pool,
  clock: Clock,
  token: string,
): Promise<Session | undefined> {
  const now = clock.now();
  const { rows } = await pool.query<{
    staff_id: string;
    name: string;
    unit_code: string;
    roles: string[] | null;
    csrf_token: string;
    created_at: Date;
    last_seen_at: Date;
  }>(
    `select s.staff_id, st.name, st.unit_code, s.csrf_token, s.created_at, s.last_seen_at,
            (select array_agg(r.role::text order by r.role) from app.staff_roles r where r.staff_id = s.staff_id) as roles
       from app.sessions s join app.staff st on st.id = s.staff_id
      where s.token_hash = $1 and s.expires_at > $2 and st.active`,
    [hash(token), new Date(now)],
  );
  const row = rows[0];
  if (!row) return undefined;
  if (now - row.last_seen_at.getTime() > 60_000) {
    const expires = Math.min(now + idleTimeoutMs, row.created_at.getTime() + absoluteTimeoutMs);
    await pool.query(
      `update app.sessions set last_seen_at = $2, expires_at = $3 where token_hash = $1`,
      [hash(token), new Date(now), new Date(expires)],
    );
  }
  return {
    user: { id: row.staff_id, name: row.name, roles: row.roles ?? [], unitCode: row.unit_code },
    csrfToken: row.csrf_token,
  };
}

export async function endSession(pool: pg.Pool, token: string): Promise<void> {
  await pool.query('delete from app.sessions where token_hash = $1', [hash(token)]);
}
