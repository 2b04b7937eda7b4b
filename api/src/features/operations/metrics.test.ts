import type { Zeebe } from '@camunda8/sdk';
import request from 'supertest';

import { ControlledClock } from '../../../../platform/src/clock.js';
import { HealthRegistry } from '../../../../platform/src/health.js';
import { createLogger } from '../../../../platform/src/log/logger.js';
import { createTestDatabase, type TestDatabase } from '../../../../tests/helpers/test-database.js';
import { createApp } from '../../app.js';
import { EngineCallMetrics } from './engine-calls.js';

describe('api - /metrics and /ready', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  afterAll(async () => {
    await db.drop();
  });

  it('should count requests by route pattern and report open breaches and tasks', async () => {
    // given
    const health = new HealthRegistry();
    health.register('database', () => ({ status: 'up' }));
    const app = createApp({
      health,
      log: createLogger({ level: 'silent' }),
      uiDirectory: '/nonexistent',
      data: { pool: db.pool, clock: new ControlledClock() },
    });
    await db.pool.query(
      `insert into app.breaches (policy_code, level, candidate_group, process_instance_key, element_instance_key, element_id, due_at, breached_at)
       values ('INVITATION_DELIVER', 1, 'lurah', 1, 2, 'deliver', now() - interval '1 day', now())`,
    );

    // when
    expect((await request(app).get('/ready')).status).toBe(200);
    await request(app).get('/api/auth/me');
    await request(app).get('/api/auth/me');
    const metrics = await request(app).get('/metrics');

    // then
    expect(metrics.status).toBe(200);
    expect(metrics.text).toContain(
      'http_requests_total{method="GET",route="/api/auth/me",status="401"} 2',
    );
    expect(metrics.text).toContain(
      'http_request_duration_seconds_count{method="GET",route="/api/auth/me"} 2',
    );
    expect(metrics.text).toContain('ektp_breaches_open{policy="INVITATION_DELIVER",level="1"} 1');
    expect(metrics.text).toContain('ektp_tasks_open 0');
  });

  it("should count and time the API's calls to the engine by method and outcome", async () => {
    // given: a gateway whose publishMessage answers and whose deployResource fails
    const zeebe = {
      publishMessage: () => Promise.resolve({ key: '1' }),
      deployResource: () => Promise.reject(new Error('unavailable')),
    } as unknown as Zeebe.ZeebeGrpcClient;
    const metrics = new EngineCallMetrics();
    const client = metrics.instrument(zeebe);

    // when
    await client.publishMessage({ name: 'm', correlationKey: 'k', variables: {} });
    await client.publishMessage({ name: 'm', correlationKey: 'k', variables: {} });
    await expect(
      client.deployResource({ process: Buffer.from(''), name: 'x.bpmn' }),
    ).rejects.toThrow('unavailable');

    // then
    const text = metrics.render().join('\n');
    expect(text).toContain('ektp_engine_calls_total{method="publishMessage",outcome="ok"} 2');
    expect(text).toContain('ektp_engine_calls_total{method="deployResource",outcome="error"} 1');
    expect(text).toContain('ektp_engine_call_duration_seconds_count{method="publishMessage"} 2');
  });
});
