import request from 'supertest';

import {
  insertResident,
  insertStaff,
  talangJauh,
} from '../../../../tests/helpers/domain-fixtures.js';
import { createTestDatabase, type TestDatabase } from '../../../../tests/helpers/test-database.js';
import { addLogins, testApp, type TestApp } from '../../../../tests/helpers/api-harness.js';

describe('api - residents', () => {
  let db: TestDatabase;
  let app: TestApp;
  let siti: string;
  let budi: string;

  async function signIn(login: string) {
    const agent = request.agent(app);
    const response = await agent
      .post('/api/auth/login')
      .send({ login, password: `sandi-${login}` });
    return { agent, csrf: String((response.body as { csrfToken: string }).csrfToken) };
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    await insertStaff(db.pool, { id: 'lurah-1001', roles: ['lurah'], unitCode: talangJauh });
    await insertStaff(db.pool, { id: 'lurah-1002', roles: ['lurah'], unitCode: '15.71.08.1002' });
    await insertStaff(db.pool, { id: 'auditor', roles: ['auditor'] });
    await addLogins(db.pool, 'lurah-1001', 'lurah-1002', 'auditor');
    siti = (
      await insertResident(db.pool, { fullName: 'SITI AMINAH', sex: 'P', birthDate: '2008-01-20' })
    ).nik;
    budi = (
      await insertResident(db.pool, { fullName: 'BUDI SANTOSO', kelurahanCode: '15.71.08.1002' })
    ).nik;
    app = testApp(db.pool);
  });

  afterAll(async () => {
    await db.drop();
  });

  it("should find residents by name or NIK only within the caller's kelurahan", async () => {
    const { agent } = await signIn('lurah-1001');
    const byName = await agent.get('/api/residents?q=siti');
    expect(byName.body).toMatchObject({ total: 1, items: [{ nik: siti, name: 'SITI AMINAH' }] });
    expect((await agent.get(`/api/residents?q=${budi.slice(0, 12)}`)).body).toMatchObject({
      total: 0,
    });
    const tooShort = await agent.get('/api/residents?q=si');
    expect([tooShort.status, (tooShort.body as { details: unknown[] }).details]).toEqual([
      400,
      [{ field: 'q', message: 'at least 3 characters' }],
    ]);
  });

  it('should audit every read of a full record, and answer 404 outside the scope', async () => {
    const { agent } = await signIn('lurah-1001');
    const record = await agent.get(`/api/residents/${siti}`);
    expect(record.status).toBe(200);
    expect(record.body).toMatchObject({
      resident: { nik: siti, full_name: 'SITI AMINAH', kelurahan_name: 'Talang Jauh' },
    });
    expect((await agent.get(`/api/residents/${budi}`)).status).toBe(404);
    const { rows } = await db.pool.query(
      `select actor, action, subject_type, subject_id from app.audit_log where subject_type = 'resident'`,
    );
    expect(rows).toEqual([
      { actor: 'lurah-1001', action: 'read', subject_type: 'resident', subject_id: siti },
    ]);
  });

  it('should refuse a malformed NIK with the reason, and roles that do not work with records', async () => {
    const { agent } = await signIn('lurah-1001');
    const bad = await agent.get('/api/residents/1571089913080001');
    expect(bad.status).toBe(400);
    expect((bad.body as { details: Array<{ field: string }> }).details[0]).toMatchObject({
      field: 'nik',
    });
    const auditor = await signIn('auditor');
    expect((await auditor.agent.get(`/api/residents/${siti}`)).status).toBe(403);
    expect((await request(app).get(`/api/residents/${siti}`)).status).toBe(401);
  });

  it('should give the timeline of a case in time order', async () => {
    await db.pool.query(
      `insert into app.lifecycles (nik, process_instance_key, started_at) values ($1, 42, '2026-03-02T01:00:00Z')`,
      [siti],
    );
    const { agent } = await signIn('lurah-1001');
    const timeline = await agent.get(`/api/residents/${siti}/timeline`);
    expect(timeline.body).toEqual({
      events: [
        {
          at: '2026-03-02T01:00:00.000Z',
          kind: 'LIFECYCLE',
          what: 'Layanan dimulai',
          actor: null,
          dueAt: null,
          late: false,
        },
      ],
    });
  });

  describe('registering a resident', () => {
    const newcomer = {
      nik: '1571086205070001',
      kkNo: '1571080101250001',
      fullName: 'NUR HALIZA',
      birthPlace: 'Jambi',
      birthDate: '2007-05-22',
      sex: 'P',
      religion: 'ISLAM',
      maritalStatus: 'BELUM_KAWIN',
      occupation: 'PELAJAR/MAHASISWA',
      address: 'Jl. Kapten Pattimura No. 5',
      kelurahanCode: talangJauh,
      rw: 1,
      rt: 1,
    };
    const count = async (table: string) =>
      (await db.pool.query<{ n: number }>(`select count(*)::int as n from ${table}`)).rows[0]!.n;

    it("should register a resident of the caller's kelurahan with a new family card, audited", async () => {
      const { agent, csrf } = await signIn('lurah-1001');
      const created = await agent.post('/api/residents').set('x-csrf-token', csrf).send(newcomer);
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        resident: { nik: newcomer.nik, kk_no: newcomer.kkNo, full_name: 'NUR HALIZA', sex: 'P' },
      });
      const { rows } = await db.pool.query(
        `select actor, action from app.audit_log where subject_type = 'resident' and subject_id = $1`,
        [newcomer.nik],
      );
      expect(rows).toEqual([{ actor: 'lurah-1001', action: 'create' }]);

      const again = await agent.post('/api/residents').set('x-csrf-token', csrf).send(newcomer);
      expect([again.status, (again.body as { error: string }).error]).toEqual([
        409,
        'resident_exists',
      ]);
    });

    it('should refuse a NIK that does not match the birth date and sex, field by field', async () => {
      const { agent, csrf } = await signIn('lurah-1001');
      const wrong = await agent
        .post('/api/residents')
        .set('x-csrf-token', csrf)
        .send({ ...newcomer, nik: '1571082205070002', kkNo: '1571080101250002', rw: 'satu' });
      expect(wrong.status).toBe(400);
      expect((wrong.body as { details: unknown[] }).details).toEqual(
        expect.arrayContaining([{ field: 'rw', message: expect.any(String) as string }]),
      );
      const mismatch = await agent
        .post('/api/residents')
        .set('x-csrf-token', csrf)
        .send({ ...newcomer, nik: '1571082205070002', kkNo: '1571080101250002' });
      expect(mismatch.body).toMatchObject({
        details: [
          { field: 'nik', message: 'NIK tidak cocok dengan tanggal lahir dan jenis kelamin' },
        ],
      });
    });

    it('should write nothing when the RT does not exist, and keep a Lurah to their kelurahan', async () => {
      const { agent, csrf } = await signIn('lurah-1001');
      const families = await count('app.families');
      const residents = await count('app.residents');
      const noRt = await agent
        .post('/api/residents')
        .set('x-csrf-token', csrf)
        .send({ ...newcomer, nik: '1571086205070003', kkNo: '1571080101250003', rt: 77 });
      expect(noRt.body).toMatchObject({ details: [{ field: 'rt' }] });
      const elsewhere = await agent
        .post('/api/residents')
        .set('x-csrf-token', csrf)
        .send({
          ...newcomer,
          nik: '1571086205070004',
          kkNo: '1571080101250004',
          kelurahanCode: '15.71.08.1002',
        });
      expect(elsewhere.status).toBe(403);
      expect([await count('app.families'), await count('app.residents')]).toEqual([
        families,
        residents,
      ]);
    });
  });
});
