import request from 'supertest';

import { ControlledClock } from '../../../../platform/src/clock.js';
import { createLogger } from '../../../../platform/src/log/logger.js';
import { startWorkers, type RunningWorkers } from '../../../../workers/src/start-workers.js';
import { insertStaff, talangJauh } from '../../../../tests/helpers/domain-fixtures.js';
import { startTestEngine, type TestEngine } from '../../../../tests/helpers/engine-harness.js';
import { createTestDatabase, type TestDatabase } from '../../../../tests/helpers/test-database.js';
import { addLogins, testApp, type TestApp } from '../../../../tests/helpers/api-harness.js';

const deliverProcess = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="tasklist-deliver" isExecutable="true">
    <bpmn:startEvent id="s"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:userTask id="deliver" name="Antar undangan ke warga">
      <bpmn:extensionElements>
        <zeebe:formDefinition formKey="ektp:antar-undangan" />
        <zeebe:assignmentDefinition candidateGroups="ketua-rt" />
        <zeebe:taskSchedule dueDate="2026-03-09T01:00:00Z" />
      </bpmn:extensionElements>
      <bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:endEvent id="e"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="deliver" /><bpmn:sequenceFlow id="f2" sourceRef="deliver" targetRef="e" />
  </bpmn:process>
</bpmn:definitions>`;

describe('api - tasklist', () => {
  let db: TestDatabase;
  let engine: TestEngine;
  let workers: RunningWorkers;
  const clock = new ControlledClock();
  let app: TestApp;
  let finished: Promise<{ variables: Record<string, unknown> }>;

  async function signIn(login: string) {
    const agent = request.agent(app);
    const response = await agent
      .post('/api/auth/login')
      .send({ login, password: `sandi-${login}` });
    return { agent, csrf: String((response.body as { csrfToken: string }).csrfToken) };
  }

  async function openTaskId(): Promise<string> {
    for (let i = 0; i < 200; i++) {
      const { rows } = await db.pool.query<{ id: string }>(
        `select id::text from app.tasks where state = 'CREATED'`,
      );
      if (rows[0]) return rows[0].id;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error('the user-task worker stored no task');
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    engine = await startTestEngine();
    clock.pin(Date.parse('2026-03-10T01:00:00Z'));
    await insertStaff(db.pool, { id: 'camat', roles: ['camat'] });
    await insertStaff(db.pool, { id: 'loket-1', roles: ['petugas-loket'] });
    await insertStaff(db.pool, { id: 'rt-1001-01-01', roles: ['ketua-rt'], unitCode: talangJauh });
    await insertStaff(db.pool, { id: 'rt-1001-02-01', roles: ['ketua-rt'], unitCode: talangJauh });
    await insertStaff(db.pool, {
      id: 'rt-1002-01-01',
      roles: ['ketua-rt'],
      unitCode: '15.71.08.1002',
    });
    await addLogins(db.pool, 'camat', 'loket-1', 'rt-1001-01-01', 'rt-1001-02-01', 'rt-1002-01-01');
    await engine.client.deployResource({
      process: Buffer.from(deliverProcess),
      name: 'tasklist-deliver.bpmn',
    });
    workers = startWorkers({
      address: engine.address,
      pool: db.pool,
      clock,
      log: createLogger({ level: 'error' }),
    });
    app = testApp(db.pool, { clock, zeebe: engine.client });
    finished = engine.client.createProcessInstanceWithResult({
      bpmnProcessId: 'tasklist-deliver',
      variables: {
        nik: '1571081503080001',
        kelurahanCode: talangJauh,
        residentName: 'Rahmat Hidayat',
        rt: 1,
        rw: 1,
      },
      requestTimeout: 60_000,
    });
    await openTaskId();
  });

  afterAll(async () => {
    await workers.stop();
    await engine.stop();
    await db.drop();
  });

  it('should show the task to the RT of its kelurahan and supervisors, and to nobody else', async () => {
    const seen = async (login: string) => {
      const { agent } = await signIn(login);
      return ((await agent.get('/api/tasks')).body as { total: number }).total;
    };
    expect(await seen('rt-1001-01-01')).toBe(1);
    expect(await seen('camat')).toBe(1);
    expect(await seen('rt-1002-01-01')).toBe(0);
    expect(await seen('loket-1')).toBe(0);
    expect((await request(app).get('/api/tasks')).status).toBe(401);
  });

  it('should list with due-date badges and filters, and give the form with the task', async () => {
    const { agent } = await signIn('rt-1001-01-01');
    const list = await agent.get('/api/tasks?overdue=true&process=tasklist-deliver');
    expect(list.body).toMatchObject({
      total: 1,
      items: [
        {
          step: 'deliver',
          overdue: true,
          dueAt: '2026-03-09T01:00:00.000Z',
          subject: 'Rahmat Hidayat',
        },
      ],
    });
    const id = (list.body as { items: Array<{ id: string }> }).items[0]!.id;
    const detail = await agent.get(`/api/tasks/${id}`);
    expect(detail.body).toMatchObject({
      form: { id: 'antar-undangan' },
      variables: { residentName: 'Rahmat Hidayat' },
    });
    expect((await agent.get('/api/tasks?kelurahan=bad')).status).toBe(400);
  });

  it('should refuse values the form does not allow, field by field, and leave the task open', async () => {
    const { agent, csrf } = await signIn('rt-1001-01-01');
    const id = await openTaskId();
    const refused = await agent
      .post(`/api/tasks/${id}/complete`)
      .set('x-csrf-token', csrf)
      .send({ variables: { deliveryOutcome: 'LOST', kelurahanCode: '15.71.08.1007' } });
    expect(refused.status).toBe(400);
    expect((refused.body as { details: unknown[] }).details).toEqual([
      { field: 'kelurahanCode', message: 'is not a field of this form' },
      { field: 'deliveryOutcome', message: expect.stringContaining('DELIVERED') as string },
    ]);
    const { rows } = await db.pool.query(`select state from app.tasks where id = $1`, [id]);
    expect(rows).toEqual([{ state: 'CREATED' }]);
  });

  it('should let one RT claim it, keep another from completing it, and complete the job for the claimer', async () => {
    const first = await signIn('rt-1001-01-01');
    const second = await signIn('rt-1001-02-01');
    const id = await openTaskId();
    expect(
      (await first.agent.post(`/api/tasks/${id}/claim`).set('x-csrf-token', first.csrf)).status,
    ).toBe(200);
    expect(
      (await second.agent.post(`/api/tasks/${id}/claim`).set('x-csrf-token', second.csrf)).status,
    ).toBe(409);
    const blocked = await second.agent
      .post(`/api/tasks/${id}/complete`)
      .set('x-csrf-token', second.csrf)
      .send({ variables: { deliveryOutcome: 'DELIVERED' } });
    expect(blocked.status).toBe(409);

    // when
    const done = await first.agent
      .post(`/api/tasks/${id}/complete`)
      .set('x-csrf-token', first.csrf)
      .send({ variables: { deliveryOutcome: 'DELIVERED', note: 'Diterima ibunya' } });

    // then: the job is completed with the form's values, the process ends, the history says who
    expect(done.status).toBe(200);
    const result = await finished;
    expect(result.variables).toMatchObject({
      deliveryOutcome: 'DELIVERED',
      note: 'Diterima ibunya',
      taskCompletedBy: 'rt-1001-01-01',
    });
    const history = await first.agent.get(`/api/tasks/${id}/history`);
    expect(
      (history.body as { events: Array<{ kind: string; actor: string | null }> }).events.map(
        (e) => [e.kind, e.actor],
      ),
    ).toEqual([
      ['CREATED', null],
      ['CLAIMED', 'rt-1001-01-01'],
      ['COMPLETED', 'rt-1001-01-01'],
    ]);
  });
});
