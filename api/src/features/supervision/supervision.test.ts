import { insertStaff, talangJauh } from '../../../../tests/helpers/domain-fixtures.js';
import { createTestDatabase, type TestDatabase } from '../../../../tests/helpers/test-database.js';
import {
  addLogins,
  signIn as signInAs,
  testApp,
  type TestApp,
} from '../../../../tests/helpers/api-harness.js';

describe('api - supervision of breaches', () => {
  let db: TestDatabase;
  let app: TestApp;

  const signIn = async (login: string) => (await signInAs(app, login)).agent;

  beforeAll(async () => {
    db = await createTestDatabase();
    await insertStaff(db.pool, { id: 'camat', roles: ['camat'] });
    await insertStaff(db.pool, { id: 'lurah-1002', roles: ['lurah'], unitCode: '15.71.08.1002' });
    await insertStaff(db.pool, { id: 'loket-1', roles: ['petugas-loket'] });
    await addLogins(db.pool, 'camat', 'lurah-1002', 'loket-1');
    const breach = (key: number, kelurahan: string, breachedAt: string, status: string) =>
      db.pool.query(
        `insert into app.breaches (policy_code, level, candidate_group, process_instance_key, element_instance_key,
                                   element_id, kelurahan_code, due_at, breached_at, status)
         values ('INVITATION_DELIVER', 1, 'lurah', 1, $1, 'deliver', $2, $3::timestamptz - interval '26 hours', $3, $4)`,
        [key, kelurahan, breachedAt, status],
      );
    await breach(1, talangJauh, '2026-03-09T01:00:00Z', 'OPEN');
    await breach(2, '15.71.08.1002', '2026-03-10T01:00:00Z', 'RESOLVED');
    await breach(3, '15.71.08.1002', '2026-04-01T01:00:00Z', 'OPEN');
    app = testApp(db.pool);
  });

  afterAll(async () => {
    await db.drop();
  });

  it('should list breaches with filters for the Camat, newest first, and how late each was', async () => {
    const camat = await signIn('camat');
    const march = await camat.get('/api/supervision/breaches?from=2026-03-01&to=2026-03-31');
    expect(march.body).toMatchObject({
      total: 2,
      items: [
        {
          kelurahanCode: '15.71.08.1002',
          status: 'RESOLVED',
          hoursLate: 26,
          step: expect.any(String) as string,
        },
        { kelurahanCode: talangJauh, status: 'OPEN', policy: 'INVITATION_DELIVER', level: 1 },
      ],
    });
    expect((await camat.get('/api/supervision/breaches?status=OPEN')).body).toMatchObject({
      total: 2,
    });
    expect((await camat.get('/api/supervision/breaches?from=1-3-2026')).status).toBe(400);
  });

  it("should show a Lurah only their kelurahan's breaches and refuse the counter", async () => {
    const lurah = await signIn('lurah-1002');
    expect((await lurah.get('/api/supervision/breaches')).body).toMatchObject({ total: 2 });
    const loket = await signIn('loket-1');
    expect((await loket.get('/api/supervision/breaches')).status).toBe(403);
  });

  it('should export the list as CSV', async () => {
    const camat = await signIn('camat');
    const csv = await camat.get('/api/supervision/breaches?format=csv&status=OPEN');
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csv.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe(
      'id,policy,step,level,candidateGroup,kelurahanCode,dueAt,breachedAt,hoursLate,status',
    );
    expect(lines).toHaveLength(3);
  });
});
