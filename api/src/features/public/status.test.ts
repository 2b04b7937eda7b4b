import request from 'supertest';

import { insertResident } from '../../../../tests/helpers/domain-fixtures.js';
import { createTestDatabase, type TestDatabase } from '../../../../tests/helpers/test-database.js';
import { testApp, type TestApp } from '../../../../tests/helpers/api-harness.js';

describe('api - public status check', () => {
  let db: TestDatabase;
  let app: TestApp;
  let nik: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    nik = (await insertResident(db.pool, { fullName: 'RINA MARLINA', sex: 'P' })).nik;
    await db.pool.query(
      `insert into app.invitations (nik, attempt, letter_no, check_in_code, status, created_at)
       values ($1, 1, '474.4/1/1/KEC-JLT/2026', 'K7PX2Q', 'AT_RT', now())`,
      [nik],
    );
    app = testApp(db.pool);
  });

  afterAll(async () => {
    await db.drop();
  });

  it('should tell the status and the next step, and nothing else, for a NIK with its receipt', async () => {
    const answer = await request(app).get(`/api/public/status?nik=${nik}&receipt=k7px2q`);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      status: 'Diundang merekam',
      nextStep: 'Datang ke Kantor Camat Jelutung sesuai jadwal di surat undangan.',
    });
    expect(JSON.stringify(answer.body)).not.toContain('RINA');
  });

  it('should answer a wrong receipt exactly like an unknown NIK', async () => {
    const wrong = await request(app).get(`/api/public/status?nik=${nik}&receipt=AAAAAA`);
    const unknown = await request(app).get(
      '/api/public/status?nik=1571081503089999&receipt=K7PX2Q',
    );
    expect([wrong.status, unknown.status]).toEqual([404, 404]);
    expect((wrong.body as { message: string }).message).toBe(
      (unknown.body as { message: string }).message,
    );
  });

  it('should limit each address to 20 checks a minute', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) {
      statuses.push(
        (
          await request(app)
            .get(`/api/public/status?nik=${nik}&receipt=K7PX2Q`)
            .set('x-forwarded-for', '10.1.1.1')
        ).status,
      );
    }
    expect(statuses.every((s) => s === 200)).toBe(true);
    const limited = await request(app)
      .get(`/api/public/status?nik=${nik}&receipt=K7PX2Q`)
      .set('x-forwarded-for', '10.1.1.1');
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBeDefined();
  });
});
