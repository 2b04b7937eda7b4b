import { Validator } from '@seriousme/openapi-schema-validator';
import request from 'supertest';

import { createTestDatabase, type TestDatabase } from '../../../../tests/helpers/test-database.js';
import { testApp, type TestApp } from '../../../../tests/helpers/api-harness.js';
import { apiEndpoints } from '../../api-endpoints.js';
import { openApiPath } from '../../http/openapi.js';
import { ControlledClock } from '../../../../platform/src/clock.js';

describe('api - contract', () => {
  let db: TestDatabase;
  let app: TestApp;

  beforeAll(async () => {
    db = await createTestDatabase();
    app = testApp(db.pool);
  });

  afterAll(async () => {
    await db.drop();
  });

  it('should serve a valid OpenAPI 3.1 document to anyone', async () => {
    const response = await request(app).get('/api/openapi.json');
    expect(response.status).toBe(200);
    const validator = new Validator();
    const result = await validator.validate(response.body as Record<string, unknown>);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('should describe every endpoint with its roles, its inputs and the error model', async () => {
    const document = (await request(app).get('/api/openapi.json')).body as {
      paths: Record<string, Record<string, Record<string, unknown>>>;
      components: { schemas: Record<string, unknown> };
    };
    const endpoints = apiEndpoints({ pool: db.pool, clock: new ControlledClock() });
    for (const e of endpoints) {
      const operation = document.paths[openApiPath(e.path)]?.[e.method];
      expect(operation).toMatchObject({
        operationId: e.operationId,
        'x-roles': e.access === 'anyone' ? ['anyone'] : [...e.access],
      });
      if (e.access !== 'anyone') expect(operation?.responses).toHaveProperty('403');
    }
    const operations = Object.values(document.paths).flatMap((methods) => Object.values(methods));
    expect(operations).toHaveLength(endpoints.length);
    expect(document.components.schemas.Error).toMatchObject({
      required: ['error', 'message', 'details', 'requestId'],
    });

    const complete = document.paths['/tasks/{id}/complete']?.post as {
      parameters: Array<{ name: string; in: string }>;
      requestBody: { content: { 'application/json': { schema: { required: string[] } } } };
      security: unknown[];
    };
    expect(complete.parameters).toEqual([expect.objectContaining({ name: 'id', in: 'path' })]);
    expect(complete.requestBody.content['application/json'].schema.required).toEqual(['variables']);
    // Changing something needs the session and the CSRF token.
    expect(complete.security).toEqual([{ session: [], csrf: [] }]);
  });

  it('should render the reference page with every endpoint, without scripts', async () => {
    const page = await request(app).get('/api/docs');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.text).not.toMatch(/<script/i);
    for (const e of apiEndpoints({ pool: db.pool, clock: new ControlledClock() })) {
      expect(page.text).toContain(`id="${e.operationId}"`);
    }
    expect(page.text).toContain('/api/tasks/{id}/claim');
  });
});
