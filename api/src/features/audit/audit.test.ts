import request from 'supertest';

import { apiEndpoints } from '../../api-endpoints.js';
import { insertStaff } from '../../../../tests/helpers/domain-fixtures.js';
import { createTestDatabase, type TestDatabase } from '../../../../tests/helpers/test-database.js';
import {
  addLogins,
  signIn as signInAs,
  testApp,
  type TestApp,
} from '../../../../tests/helpers/api-harness.js';

interface Entry {
  id: string;
  occurredAt: string;
  actor: string;
  action: string;
  subjectType: string;
  subjectId: string;
  details: Record<string, unknown>;
}

describe('api - the audit log, read by the auditor and changed by nobody', () => {
  let db: TestDatabase;
  let app: TestApp;

  // One session per login: sign-ins are limited to ten a minute per address.
  const sessions = new Map<string, ReturnType<typeof signInAs>>();
  const signIn = (login: string) => {
    const session = sessions.get(login) ?? signInAs(app, login);
    sessions.set(login, session);
    return session;
  };
  const snapshot = async () =>
    (
      await db.pool.query<{ id: string }>(
        `select id::text, occurred_at, actor, action, subject_type, subject_id, details from app.audit_log
          where actor <> 'auditor' order by id`,
      )
    ).rows;

  beforeAll(async () => {
    db = await createTestDatabase();
    await insertStaff(db.pool, { id: 'auditor', roles: ['auditor'] });
    await insertStaff(db.pool, { id: 'admin', roles: ['admin'] });
    await insertStaff(db.pool, { id: 'camat', roles: ['camat'] });
    await addLogins(db.pool, 'auditor', 'admin', 'camat');
    const entry = (at: string, actor: string, action: string, type: string, id: string) =>
      db.pool.query(
        `insert into app.audit_log (occurred_at, actor, action, subject_type, subject_id, request_id, details)
         values ($1, $2, $3, $4, $5, 'req-' || $5, $6)`,
        [at, actor, action, type, id, JSON.stringify({ note: `${action} ${id}` })],
      );
    // 1 March 2026, 23:30 WIB.
    await entry('2026-03-01T16:30:00Z', 'lurah-1001', 'read', 'resident', '1571081503080001');
    // 2 March 00:30 WIB, which is 1 March in UTC: a local day of its own.
    await entry('2026-03-01T17:30:00Z', 'lurah-1001', 'read', 'resident', '1571082003070002');
    await entry('2026-03-03T02:00:00Z', 'camat', 'update', 'breach', '7');
    await entry('2026-03-04T02:00:00Z', 'system:workers', 'create', 'resident', '1571081503080001');
    app = testApp(db.pool);
  });

  afterAll(async () => {
    await db.drop();
  });

  it('should list the log for the auditor, newest first, filtered by actor, action, subject and WIB days', async () => {
    const { agent } = await signIn('auditor');

    const byResident = await agent.get('/api/audit/log?subjectId=1571081503080001');
    expect(byResident.status).toBe(200);
    expect((byResident.body as { items: Entry[] }).items.map((e) => [e.actor, e.action])).toEqual([
      ['system:workers', 'create'],
      ['lurah-1001', 'read'],
    ]);

    const reads = await agent.get(
      '/api/audit/log?actor=lurah-1001&action=read&subjectType=resident',
    );
    expect(reads.body).toMatchObject({ total: 2 });

    // 2 March WIB holds the read at 00:30 WIB only (17:30 UTC on 1 March).
    const secondOfMarch = await agent.get('/api/audit/log?from=2026-03-02&to=2026-03-02');
    expect(secondOfMarch.body).toMatchObject({
      total: 1,
      items: [
        {
          actor: 'lurah-1001',
          subjectId: '1571082003070002',
          occurredAt: '2026-03-01T17:30:00.000Z',
          requestId: 'req-1571082003070002',
          details: { note: 'read 1571082003070002' },
        },
      ],
    });

    const page2 = await agent.get('/api/audit/log?from=2026-03-01&to=2026-03-04&pageSize=1&page=2');
    expect(page2.body).toMatchObject({
      total: 4,
      page: 2,
      pageSize: 1,
      items: [{ actor: 'camat', action: 'update', subjectType: 'breach', subjectId: '7' }],
    });
  });

  it('should export the log as CSV and record the export itself, but not the paging', async () => {
    const { agent } = await signIn('auditor');
    const before = await db.pool.query(
      `select count(*)::int as n from app.audit_log where actor = 'auditor' and action <> 'sign_in'`,
    );
    expect(before.rows).toEqual([{ n: 0 }]);

    const csv = await agent.get('/api/audit/log?format=csv&subjectType=resident');
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csv.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('id,occurredAt,actor,action,subjectType,subjectId,requestId,details');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(
      /^\d+,2026-03-04T02:00:00.000Z,system:workers,create,resident,1571081503080001,req-1571081503080001,"{""note"":""create 1571081503080001""}"$/,
    );

    const exports = await db.pool.query(
      `select action, subject_type, details from app.audit_log where actor = 'auditor' and action <> 'sign_in'`,
    );
    expect(exports.rows).toEqual([
      {
        action: 'export',
        subject_type: 'audit_log',
        details: { filters: { subjectType: 'resident' }, rows: 3, total: 3 },
      },
    ]);
  });

  it('should let only the auditor read it', async () => {
    expect((await request(app).get('/api/audit/log')).status).toBe(401);
    for (const login of ['admin', 'camat']) {
      const { agent } = await signIn(login);
      const refused = await agent.get('/api/audit/log');
      expect([login, refused.status, (refused.body as { error: string }).error]).toEqual([
        login,
        403,
        'forbidden',
      ]);
    }
  });

  it('should refuse bad filters with one detail per field', async () => {
    const { agent } = await signIn('auditor');
    const bad = await agent.get('/api/audit/log?from=2026-02-30&action=erase&pageSize=0');
    expect(bad.status).toBe(400);
    expect(
      (bad.body as { details: Array<{ field: string }> }).details.map((d) => d.field).sort(),
    ).toEqual(['action', 'from', 'pageSize']);
    const backwards = await agent.get('/api/audit/log?from=2026-03-05&to=2026-03-01');
    expect(backwards.body).toMatchObject({
      error: 'validation_failed',
      details: [{ field: 'to', message: 'must not be before from' }],
    });
    const unknown = await agent.get('/api/audit/log?actorName=x');
    expect(unknown.status).toBe(400);
  });

  it('should offer no way to change it: no such endpoint, and the database refuses', async () => {
    // given: what is in the log now
    const before = await snapshot();
    expect(before).toHaveLength(4 + 2); // the four entries and two staff sign-ins (admin, camat)

    // when: the auditor and the administrator try every writing method on the log and an entry
    for (const login of ['auditor', 'admin']) {
      const { agent, csrf } = await signIn(login);
      for (const method of ['post', 'put', 'patch', 'delete'] as const) {
        for (const path of ['/api/audit/log', `/api/audit/log/${before[0]!.id}`]) {
          const answer = await agent[method](path)
            .set('x-csrf-token', csrf)
            .send({ actor: 'nobody', action: 'read' });
          expect([login, method, path, answer.status]).toEqual([login, method, path, 404]);
        }
      }
    }

    // then: no endpoint of the API writes under /audit, and the rows are as they were
    const declared = apiEndpoints({ pool: db.pool, clock: { now: () => 0 } });
    expect(
      declared.filter((e) => e.path.startsWith('/audit')).map((e) => [e.method, e.path]),
    ).toEqual([['get', '/audit/log']]);
    const after = await snapshot();
    expect(after.slice(0, before.length)).toEqual(before);

    // and: the table itself refuses to change, whoever asks
    for (const statement of [
      `update app.audit_log set actor = 'nobody'`,
      `delete from app.audit_log`,
      `truncate app.audit_log`,
    ]) {
      await expect(db.pool.query(statement)).rejects.toMatchObject({
        code: '42501',
        message: expect.stringMatching(/append-only/) as string,
      });
    }
    expect((await snapshot()).slice(0, before.length)).toEqual(before);
  });
});
