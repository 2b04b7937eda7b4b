import request from 'supertest';

import { insertStaff } from '../../../../tests/helpers/domain-fixtures.js';
import { createTestDatabase, type TestDatabase } from '../../../../tests/helpers/test-database.js';
import { addLogins, signIn, testApp, type TestApp } from '../../../../tests/helpers/api-harness.js';

describe('api - administration', () => {
  let db: TestDatabase;
  let app: TestApp;
  let admin: Awaited<ReturnType<typeof signIn>>;

  const post = (path: string, body: object) =>
    admin.agent.post(path).set('x-csrf-token', admin.csrf).send(body);
  const patch = (path: string, body: object) =>
    admin.agent.patch(path).set('x-csrf-token', admin.csrf).send(body);
  const put = (path: string, body: object) =>
    admin.agent.put(path).set('x-csrf-token', admin.csrf).send(body);
  const audits = async (subjectType: string) =>
    (
      await db.pool.query<{ actor: string; action: string; subject_id: string }>(
        `select actor, action, subject_id from app.audit_log where subject_type = $1 order by id`,
        [subjectType],
      )
    ).rows;

  beforeAll(async () => {
    db = await createTestDatabase();
    await insertStaff(db.pool, { id: 'admin', roles: ['admin'] });
    await insertStaff(db.pool, { id: 'kasi', roles: ['kasi'] });
    await insertStaff(db.pool, { id: 'camat', roles: ['camat'] });
    await addLogins(db.pool, 'admin', 'kasi', 'camat');
    app = testApp(db.pool);
    admin = await signIn(app, 'admin');
  });

  afterAll(async () => {
    await db.drop();
  });

  it('should add a staff member who can then sign in, audited, and refuse a second with the same id', async () => {
    const created = await post('/api/admin/staff', {
      id: 'loket-baru',
      name: 'Rina Marlina',
      employment: 'NON_ASN',
      unitCode: '15.71.08',
      position: 'Petugas loket',
      superiorId: 'kasi',
      roles: ['petugas-loket'],
      password: 'sandi-awal-123',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id: 'loket-baru',
      roles: ['petugas-loket'],
      superiorId: 'kasi',
      canSignIn: true,
      active: true,
    });
    const login = await request(app)
      .post('/api/auth/login')
      .send({ login: 'loket-baru', password: 'sandi-awal-123' });
    expect(login.status).toBe(200);
    // The answer is not a request: unknown fields (canSignIn, active) are refused.
    expect((await post('/api/admin/staff', created.body as object)).status).toBe(400);
    const again = await post('/api/admin/staff', {
      id: 'loket-baru',
      name: 'X',
      employment: 'NON_ASN',
      unitCode: '15.71.08',
      position: 'X',
      roles: ['petugas-loket'],
    });
    expect([again.status, (again.body as { error: string }).error]).toEqual([409, 'staff_exists']);
    expect(await audits('staff')).toEqual([
      { actor: 'admin', action: 'create', subject_id: 'loket-baru' },
    ]);
  });

  it('should refuse unknown units, superiors and roles field by field', async () => {
    const bad = await post('/api/admin/staff', {
      id: 'Bukan Id',
      name: '',
      employment: 'NON_ASN',
      nip: '199001012020121001',
      unitCode: '15.71.08',
      position: 'Staf',
      roles: ['raja'],
    });
    expect(bad.status).toBe(400);
    expect(
      (bad.body as { details: Array<{ field: string }> }).details.map((d) => d.field).sort(),
    ).toEqual(['id', 'name', 'roles.0']);
    const contractWithNip = await post('/api/admin/staff', {
      id: 'staf-y',
      name: 'Staf Y',
      employment: 'NON_ASN',
      nip: '199001012020121001',
      unitCode: '15.71.08',
      position: 'Staf',
      roles: ['petugas-loket'],
    });
    expect(contractWithNip.body).toMatchObject({ details: [{ field: 'nip' }] });
    const unknownUnit = await post('/api/admin/staff', {
      id: 'staf-x',
      name: 'Staf X',
      employment: 'PNS',
      unitCode: '15.71.09',
      position: 'Staf',
      roles: ['kasi'],
    });
    expect(unknownUnit.body).toMatchObject({ details: [{ field: 'unitCode' }] });
  });

  it('should end the sessions of a staff member whose roles change or who is deactivated', async () => {
    const kasi = await signIn(app, 'kasi');
    expect((await kasi.agent.get('/api/auth/me')).status).toBe(200);
    const changed = await patch('/api/admin/staff/kasi', { roles: ['kasi', 'sekcam'] });
    expect(changed.body).toMatchObject({ roles: ['kasi', 'sekcam'] });
    expect((await kasi.agent.get('/api/auth/me')).status).toBe(401);

    expect((await patch('/api/admin/staff/loket-baru', { active: false })).status).toBe(200);
    const refused = await request(app)
      .post('/api/auth/login')
      .send({ login: 'loket-baru', password: 'sandi-awal-123' });
    expect(refused.status).toBe(401);
    expect((await patch('/api/admin/staff/admin', { active: false })).status).toBe(409);
    expect((await patch('/api/admin/staff/kasi', {})).status).toBe(400);
    expect((await patch('/api/admin/staff/tidak-ada', { name: 'X' })).status).toBe(404);
  });

  it('should reset a password, clearing a lockout', async () => {
    await db.pool.query(
      `update app.users set failed_logins = 0, locked_until = now() + interval '1 hour' where staff_id = 'kasi'`,
    );
    expect((await put('/api/admin/staff/kasi/password', { password: 'pendek' })).status).toBe(400);
    expect(
      (await put('/api/admin/staff/kasi/password', { password: 'sandi-baru-456' })).status,
    ).toBe(204);
    const login = await request(app)
      .post('/api/auth/login')
      .send({ login: 'kasi', password: 'sandi-baru-456' });
    expect(login.status).toBe(200);
    expect(await audits('staff_password')).toEqual([
      { actor: 'admin', action: 'update', subject_id: 'kasi' },
    ]);
  });

  it('should change a service level with its escalation levels, and refuse a gap', async () => {
    const gap = await put('/api/admin/sla-policies/INVITATION_DELIVER', {
      dueAmount: 4,
      dueUnit: 'WORKING_DAYS',
      levels: [
        { level: 1, afterAmount: 4, afterUnit: 'WORKING_DAYS', candidateGroup: 'lurah' },
        { level: 3, afterAmount: 6, afterUnit: 'WORKING_DAYS', candidateGroup: 'camat' },
      ],
    });
    expect(gap.body).toMatchObject({ details: [{ field: 'levels.1.level' }] });
    const changed = await put('/api/admin/sla-policies/INVITATION_DELIVER', {
      dueAmount: 4,
      dueUnit: 'WORKING_DAYS',
      levels: [
        { level: 1, afterAmount: 4, afterUnit: 'WORKING_DAYS', candidateGroup: 'lurah' },
        { level: 2, afterAmount: 6, afterUnit: 'WORKING_DAYS', candidateGroup: 'camat' },
      ],
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ code: 'INVITATION_DELIVER', dueAmount: 4 });
    const { rows } = await db.pool.query(
      `select level, candidate_group from app.sla_escalation_levels where policy_code = 'INVITATION_DELIVER' order by level`,
    );
    expect(rows).toEqual([
      { level: 1, candidate_group: 'lurah' },
      { level: 2, candidate_group: 'camat' },
    ]);
    const camat = await signIn(app, 'camat');
    const list = await camat.agent.get('/api/admin/sla-policies');
    expect(list.status).toBe(200);
    expect((await put('/api/admin/sla-policies/TIDAK_ADA', changed.body as object)).status).toBe(
      400,
    );
  });

  it('should keep the work calendar: hours, and holidays added and removed', async () => {
    expect(
      (
        await put('/api/admin/work-calendar', {
          workingWeekdays: [1, 2, 3, 4, 5],
          opens: '16:00',
          closes: '08:00',
        })
      ).body,
    ).toMatchObject({ details: [{ field: 'closes' }] });
    const hours = await put('/api/admin/work-calendar', {
      workingWeekdays: [1, 2, 3, 4, 5, 6],
      opens: '07:30',
      closes: '15:30',
    });
    expect(hours.body).toMatchObject({ workingWeekdays: [1, 2, 3, 4, 5, 6], opens: '07:30' });

    const added = await post('/api/admin/holidays', {
      day: '2027-01-01',
      name: 'Tahun Baru 2027 Masehi',
      kind: 'LIBUR_NASIONAL',
    });
    expect(added.status).toBe(201);
    expect((await post('/api/admin/holidays', added.body as object)).status).toBe(409);
    const year = await admin.agent.get('/api/admin/work-calendar?year=2027');
    expect(year.body).toMatchObject({
      holidays: [{ day: '2027-01-01', kind: 'LIBUR_NASIONAL' }],
    });
    const removed = await admin.agent
      .delete('/api/admin/holidays/2027-01-01')
      .set('x-csrf-token', admin.csrf);
    expect(removed.status).toBe(204);
    expect(
      (await admin.agent.delete('/api/admin/holidays/2027-01-01').set('x-csrf-token', admin.csrf))
        .status,
    ).toBe(404);
    expect((await audits('holiday')).map((a) => a.action)).toEqual(['create', 'delete']);
  });

  it('should add a station and change its capacity', async () => {
    const created = await post('/api/admin/stations', {
      id: 'REKAM-09',
      kind: 'RECORDING',
      name: 'Alat rekam 9',
      locationCode: '15.71.08',
      dailyCapacity: 40,
    });
    expect(created.status).toBe(201);
    const changed = await patch('/api/admin/stations/REKAM-09', { dailyCapacity: 55 });
    expect(changed.body).toMatchObject({ id: 'REKAM-09', dailyCapacity: 55, kind: 'RECORDING' });
    expect((await patch('/api/admin/stations/TIDAK-ADA', { dailyCapacity: 5 })).status).toBe(404);
    expect((await post('/api/admin/stations', created.body as object)).status).toBe(409);
  });
});
