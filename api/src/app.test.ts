import request from 'supertest';

import { HealthRegistry } from '../../platform/src/health.js';
import { createLogger } from '../../platform/src/log/logger.js';
import { createApp } from './app.js';

const log = createLogger({ level: 'silent' });

describe('api - createApp', () => {
  it('should answer 200 when every part is up, 503 with the failing part otherwise', async () => {
    // given
    const health = new HealthRegistry();
    let engineUp = true;
    health.register('database', () => ({ status: 'up' }));
    health.register('engine', () => {
      if (!engineUp) throw new Error('connection refused');
      return { status: 'up' };
    });
    const app = createApp({ health, log, uiDirectory: '/nonexistent' });

    // when
    const healthy = await request(app).get('/health');
    engineUp = false;
    const unhealthy = await request(app).get('/health');

    // then
    expect(healthy.status).toBe(200);
    expect(unhealthy.status).toBe(503);
    expect(unhealthy.body).toEqual({
      status: 'unavailable',
      parts: {
        database: { status: 'up' },
        engine: { status: 'down', error: 'connection refused' },
      },
    });
  });

  it('should answer unknown API routes and malformed JSON with the error model', async () => {
    // given
    const app = createApp({ health: new HealthRegistry(), log, uiDirectory: '/nonexistent' });

    // when
    const missing = await request(app).get('/api/penduduk?nik=1').set('x-request-id', 'req-1');
    const malformed = await request(app)
      .post('/api/penduduk')
      .set('content-type', 'application/json')
      .send('{"nik":');

    // then
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({
      error: 'not_found',
      message: 'No endpoint GET /api/penduduk',
      details: [],
      requestId: 'req-1',
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body).toMatchObject({ error: 'invalid_body', details: [] });
    expect((malformed.body as { requestId: string }).requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('should answer a body over 1 MB with 413 in the error model', async () => {
    const app = createApp({ health: new HealthRegistry(), log, uiDirectory: '/nonexistent' });
    const huge = await request(app)
      .post('/api/penduduk')
      .set('content-type', 'application/json')
      .send(JSON.stringify({ content: 'x'.repeat(1_100_000) }));
    expect([huge.status, (huge.body as { error: string }).error]).toEqual([413, 'body_too_large']);
  });

  it('should serve a page in Bahasa Indonesia at / before the UI is built', async () => {
    const app = createApp({ health: new HealthRegistry(), log, uiDirectory: '/nonexistent' });
    const page = await request(app).get('/');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Layanan e-KTP Kecamatan');
  });
});
