/**
 * The API in-process for HTTP tests (supertest) on a real test database: the app, demo-style logins
 * (password `sandi-<login>`, hashed with cheap scrypt parameters — the hash carries them) and a
 * signed-in agent with its CSRF token.
 */
import type { Zeebe } from '@camunda8/sdk';
import type pg from 'pg';
import request from 'supertest';

import { createApp } from '../../api/src/app.js';
import { hashPassword } from '../../api/src/features/auth/password.js';
import type { ProcessMonitor } from '../../api/src/features/processes/process-monitor.js';
import { ControlledClock, type Clock } from '../../platform/src/clock.js';
import { HealthRegistry } from '../../platform/src/health.js';
import { createLogger } from '../../platform/src/log/logger.js';

export const fastScrypt = { N: 2 ** 10, r: 8, p: 1 };

export type TestApp = ReturnType<typeof createApp>;

export function testApp(
  pool: pg.Pool,
  options: {
    clock?: Clock;
    zeebe?: Zeebe.ZeebeGrpcClient;
    monitor?: ProcessMonitor;
    health?: HealthRegistry;
  } = {},
): TestApp {
  return createApp({
    health: options.health ?? new HealthRegistry(),
    log: createLogger({ level: 'silent' }),
    uiDirectory: '/nonexistent',
    data: {
      pool,
      clock: options.clock ?? new ControlledClock(),
      ...(options.zeebe ? { zeebe: options.zeebe } : {}),
      ...(options.monitor ? { monitor: options.monitor } : {}),
    },
  });
}

/** Gives existing staff members a login with the password `sandi-<login>`. */
export async function addLogins(pool: pg.Pool, ...logins: string[]): Promise<void> {
  for (const login of logins) {
    await pool.query(`insert into app.users (staff_id, password_hash) values ($1, $2)`, [
      login,
      await hashPassword(`sandi-${login}`, fastScrypt),
    ]);
  }
}

/** An agent that keeps the session cookie, and the CSRF token to send on state-changing requests. */
export async function signIn(
  app: TestApp,
  login: string,
): Promise<{ agent: ReturnType<typeof request.agent>; csrf: string }> {
  const agent = request.agent(app);
  const response = await agent.post('/api/auth/login').send({ login, password: `sandi-${login}` });
  if (response.status !== 200) throw new Error(`${login} could not sign in: ${response.status}`);
  return { agent, csrf: String((response.body as { csrfToken: string }).csrfToken) };
}
