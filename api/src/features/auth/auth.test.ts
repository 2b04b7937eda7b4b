import request from 'supertest';

import { ControlledClock } from '../../../../platform/src/clock.js';
import { HealthRegistry } from '../../../../platform/src/health.js';
import { createLogger } from '../../../../platform/src/log/logger.js';
import { insertStaff, talangJauh } from '../../../../tests/helpers/domain-fixtures.js';
import { createTestDatabase, type TestDatabase } from '../../../../tests/helpers/test-database.js';
import { createApp } from '../../app.js';
import { hashPassword } from './password.js';

// Cheap parameters for tests: the hash carries them, so verification uses them too.
const fast = { N: 2 ** 10, r: 8, p: 1 };

describe('api - sign-in, sessions, CSRF', () => {
  let db: TestDatabase;
  const clock = new ControlledClock();
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    db = await createTestDatabase();
    clock.pin(Date.parse('2026-03-02T01:00:00Z'));
    await insertStaff(db.pool, {
      id: 'lurah-1001',
      roles: ['lurah'],
      unitCode: talangJauh,
      name: 'Hj. Rosmawati',
    });
    await insertStaff(db.pool, { id: 'camat', roles: ['camat'] });
    for (const [login, password] of [
      ['lurah-1001', 'benar-sekali-123'],
      ['camat', 'camat-rahasia-456'],
    ] as const) {
      await db.pool.query(`insert into app.users (staff_id, password_hash) values ($1, $2)`, [
        login,
        await hashPassword(password, fast),
      ]);
    }
    app = createApp({
      health: new HealthRegistry(),
      log: createLogger({ level: 'silent' }),
      uiDirectory: '/nonexistent',
      data: { pool: db.pool, clock },
    });
  });

  afterAll(async () => {
    await db.drop();
  });

  it('should sign in with the right password: an httpOnly SameSite cookie, the user and a CSRF token', async () => {
    // when
    const response = await request(app)
      .post('/api/auth/login')
      .send({ login: 'Lurah-1001', password: 'benar-sekali-123' });

    // then
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      user: { id: 'lurah-1001', name: 'Hj. Rosmawati', roles: ['lurah'], unitCode: talangJauh },
      csrfToken: expect.stringMatching(/^[\w-]{43}$/) as string,
    });
    const cookie = String(response.headers['set-cookie']);
    expect(cookie).toMatch(/^ektp_session=[\w-]{43};/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const { rows } = await db.pool.query(`select actor, action, details from app.audit_log`);
    expect(rows).toEqual([{ actor: 'lurah-1001', action: 'sign_in', details: { ok: true } }]);
  });

  it('should know the session on later requests and end it at sign-out, which needs the CSRF token', async () => {
    // given
    const agent = request.agent(app);
    const login = await agent
      .post('/api/auth/login')
      .send({ login: 'camat', password: 'camat-rahasia-456' });
    const csrf = String((login.body as { csrfToken: string }).csrfToken);

    // when / then
    expect((await agent.get('/api/auth/me')).body).toMatchObject({
      user: { id: 'camat', roles: ['camat'] },
    });
    const forged = await agent.post('/api/auth/logout');
    expect(forged.status).toBe(403);
    expect(forged.body).toMatchObject({ error: 'csrf_failed' });
    expect((await agent.get('/api/auth/me')).status).toBe(200);
    expect((await agent.post('/api/auth/logout').set('x-csrf-token', csrf)).status).toBe(204);
    expect((await agent.get('/api/auth/me')).status).toBe(401);
  });

  it('should answer a wrong password and an unknown login alike, and refuse a malformed body field by field', async () => {
    const wrong = await request(app)
      .post('/api/auth/login')
      .send({ login: 'camat', password: 'salah' });
    const unknown = await request(app)
      .post('/api/auth/login')
      .send({ login: 'tidak-ada', password: 'salah' });
    expect([wrong.status, (wrong.body as { error: string }).error]).toEqual([
      401,
      'invalid_credentials',
    ]);
    expect([unknown.status, (unknown.body as { error: string }).error]).toEqual([
      401,
      'invalid_credentials',
    ]);
    const malformed = await request(app).post('/api/auth/login').send({ login: '', password: 7 });
    expect(malformed.status).toBe(400);
    expect(malformed.body).toMatchObject({
      error: 'validation_failed',
      details: [
        { field: 'login', message: 'is required' },
        { field: 'password', message: expect.any(String) as string },
      ],
    });
  });

  it('should lock an account for 15 minutes after five wrong passwords in a row', async () => {
    // given
    for (let i = 0; i < 5; i++) {
      await request(app)
        .post('/api/auth/login')
        .set('x-forwarded-for', `10.0.0.${i}`)
        .send({ login: 'lurah-1001', password: 'salah' });
    }

    // then: even the right password is refused while locked…
    const locked = await request(app)
      .post('/api/auth/login')
      .send({ login: 'lurah-1001', password: 'benar-sekali-123' });
    expect([locked.status, (locked.body as { error: string }).error]).toEqual([
      423,
      'account_locked',
    ]);

    // …and accepted once the 15 minutes have passed
    clock.add(15 * 60_000 + 1);
    const again = await request(app)
      .post('/api/auth/login')
      .send({ login: 'lurah-1001', password: 'benar-sekali-123' });
    expect(again.status).toBe(200);
  });

  it('should limit sign-in attempts per address', async () => {
    // given a fresh app (its own limiter: 10 attempts a minute per address)
    const limited = createApp({
      health: new HealthRegistry(),
      log: createLogger({ level: 'silent' }),
      uiDirectory: '/nonexistent',
      data: { pool: db.pool, clock },
    });
    const answers: number[] = [];
    for (let i = 0; i < 12; i++) {
      answers.push(
        (await request(limited).post('/api/auth/login').send({ login: 'x', password: 'y' })).status,
      );
    }

    // then: ten attempts are answered, then 429 with Retry-After
    expect(answers.slice(0, 10).every((status) => status === 401)).toBe(true);
    expect(answers.slice(10)).toEqual([429, 429]);
  });
});
