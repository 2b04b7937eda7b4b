import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import type { Zeebe } from '@camunda8/sdk';

import { startEmbeddedEngine, type RunningEngine } from '../../../../engine/src/index.js';
import { ControlledClock } from '../../../../platform/src/clock.js';
import { createLogger } from '../../../../platform/src/log/logger.js';
import { createZeebeClient } from '../../../../platform/src/zeebe-client.js';
import { addLogins, signIn, testApp, type TestApp } from '../../../../tests/helpers/api-harness.js';
import { insertStaff, talangJauh } from '../../../../tests/helpers/domain-fixtures.js';
import { createTestDatabase, type TestDatabase } from '../../../../tests/helpers/test-database.js';
import { createProcessMonitor, type ProcessMonitor } from './process-monitor.js';

const fixture = (name: string) =>
  readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', name), 'utf8');

const hour = 3_600_000;
const t0 = Date.parse('2026-12-01T01:00:00Z');
const validXml = fixture('valid-8-5.bpmn');
const form = JSON.stringify({
  id: 'periksa-nik',
  type: 'default',
  components: [
    { id: 'c1', type: 'textfield', key: 'catatan', label: 'Catatan' },
    { id: 'c2', type: 'checkbox', key: 'sesuai', label: 'Sesuai' },
  ],
});

interface Listed {
  processes: Array<{ bpmnProcessId: string; latestVersion: number; versions: unknown[] }>;
}

describe('api - processes', () => {
  let db: TestDatabase;
  let engine: RunningEngine;
  let zeebe: Zeebe.ZeebeGrpcClient;
  let monitor: ProcessMonitor;
  let app: TestApp;
  const clock = new ControlledClock();

  const startInstance = async (nik: string) =>
    (
      await zeebe.createProcessInstance({
        bpmnProcessId: 'lint-valid',
        variables: { nik, nama: 'SITI AMINAH' },
      })
    ).processInstanceKey;

  /** Activates the waiting `periksa-nik` jobs (each once) and gives the one of an instance. */
  const jobOf = async (processInstanceKey: string) => {
    const jobs = await zeebe.activateJobs({
      type: 'periksa-nik',
      worker: 'test',
      maxJobsToActivate: 32,
      timeout: 10 * hour,
      requestTimeout: -1,
    });
    const job = jobs.find((j) => j.processInstanceKey === processInstanceKey);
    if (!job) throw new Error(`no job of instance ${processInstanceKey}`);
    return job;
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    clock.pin(t0);
    engine = await startEmbeddedEngine({
      pool: db.pool,
      clock,
      log: createLogger({ level: 'silent' }),
      host: '127.0.0.1',
      port: 0,
      restPort: 0,
    });
    zeebe = createZeebeClient(engine.address);
    monitor = createProcessMonitor(engine.restAddress ?? '');
    await insertStaff(db.pool, { id: 'perancang', roles: ['perancang-proses'] });
    await insertStaff(db.pool, { id: 'kasi', roles: ['kasi'] });
    await insertStaff(db.pool, { id: 'auditor', roles: ['auditor'] });
    await insertStaff(db.pool, { id: 'lurah-1001', roles: ['lurah'], unitCode: talangJauh });
    await addLogins(db.pool, 'perancang', 'kasi', 'auditor', 'lurah-1001');
    app = testApp(db.pool, { clock, zeebe, monitor });
  });

  afterAll(async () => {
    await zeebe.close();
    await engine.stop();
    await db.drop();
  });

  describe('deploying', () => {
    it('should deploy a process that passes the 8.5 rules, with a form, and list the new version', async () => {
      // given
      const { agent, csrf } = await signIn(app, 'perancang');

      // when
      const deployed = await agent
        .post('/api/processes/deployments')
        .set('x-csrf-token', csrf)
        .send({
          resources: [
            { name: 'lint-valid.bpmn', content: validXml },
            { name: 'periksa-nik.form', content: form },
          ],
        });

      // then
      expect(deployed.status).toBe(201);
      expect(deployed.body).toEqual({
        processes: [
          {
            bpmnProcessId: 'lint-valid',
            version: 1,
            processDefinitionKey: expect.stringMatching(/^\d+$/) as unknown,
            resourceName: 'lint-valid.bpmn',
          },
        ],
        forms: [{ formId: 'periksa-nik', version: 1, resourceName: 'periksa-nik.form' }],
        warnings: [],
      });
      const listed = await agent.get('/api/processes/definitions');
      expect(listed.body).toEqual({
        processes: [
          {
            bpmnProcessId: 'lint-valid',
            name: 'Periksa NIK',
            latestVersion: 1,
            latestProcessDefinitionKey: (
              deployed.body as { processes: Array<{ processDefinitionKey: string }> }
            ).processes[0]?.processDefinitionKey,
            versions: [expect.objectContaining({ version: 1, latest: true })],
          },
        ],
      });
      const { rows } = await db.pool.query(
        `select actor, action, subject_type, details from app.audit_log where action = 'deploy'`,
      );
      expect(rows).toEqual([
        {
          actor: 'perancang',
          action: 'deploy',
          subject_type: 'process_deployment',
          details: { processes: ['lint-valid:1'], forms: ['periksa-nik:1'] },
        },
      ]);
    });

    it('should refuse a process that would not run on Zeebe 8.5, one detail per problem, and deploy nothing', async () => {
      // given
      const { agent, csrf } = await signIn(app, 'perancang');
      const before = (await agent.get('/api/processes/definitions')).body as Listed;

      // when
      const refused = await agent
        .post('/api/processes/deployments')
        .set('x-csrf-token', csrf)
        .send({
          resources: [
            { name: 'lint-invalid.bpmn', content: fixture('invalid-8-5.bpmn') },
            { name: 'periksa-nik.form', content: form.replace('Catatan', 'Catatan baru') },
          ],
        });

      // then
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({
        error: 'lint_failed',
        details: [
          {
            field: 'periksa',
            message:
              'camunda-compat/implementation: Element of type <bpmn:ServiceTask> must have one extension element of type <zeebe:TaskDefinition>',
          },
          {
            field: 'selesai',
            message:
              'camunda-compat/signal-reference: Element of type <bpmn:SignalEventDefinition> must have property <signalRef>',
          },
        ],
      });
      expect((await agent.get('/api/processes/definitions')).body).toEqual(before);
      const forms = await db.pool.query(`select form_id, version from app.process_forms`);
      expect(forms.rows).toEqual([{ form_id: 'periksa-nik', version: 1 }]);
    });

    it("should answer the engine's own refusal with its message, and keep nothing", async () => {
      const { agent, csrf } = await signIn(app, 'perancang');
      // Passes the linter, but its id is also deployed by the other resource: the engine refuses.
      const refused = await agent
        .post('/api/processes/deployments')
        .set('x-csrf-token', csrf)
        .send({
          resources: [
            { name: 'a.bpmn', content: validXml },
            { name: 'b.bpmn', content: validXml },
          ],
        });
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ error: 'deployment_rejected' });
      expect((refused.body as { message: string }).message).toContain('lint-valid');
    });

    it('should make a new version of a changed process, the latest one', async () => {
      const { agent, csrf } = await signIn(app, 'perancang');
      const changed = validXml.replace('name="NIK diperiksa"', 'name="NIK sudah diperiksa"');
      const deployed = await agent
        .post('/api/processes/deployments')
        .set('x-csrf-token', csrf)
        .send({ resources: [{ name: 'lint-valid.bpmn', content: changed }] });
      expect(deployed.body).toMatchObject({ processes: [{ version: 2 }] });
      const listed = (await agent.get('/api/processes/definitions')).body as Listed;
      expect(listed.processes[0]).toMatchObject({
        latestVersion: 2,
        versions: [
          { version: 2, latest: true },
          { version: 1, latest: false },
        ],
      });
    });

    it('should refuse malformed input field by field', async () => {
      const { agent, csrf } = await signIn(app, 'perancang');
      const bad = await agent
        .post('/api/processes/deployments')
        .set('x-csrf-token', csrf)
        .send({ resources: [{ name: 'proses.txt', content: '' }] });
      expect(bad.status).toBe(400);
      expect(bad.body).toMatchObject({
        error: 'validation_failed',
        details: [
          { field: 'resources.0.name', message: expect.stringContaining('.bpmn') as unknown },
          { field: 'resources.0.content', message: 'is empty' },
        ],
      });
      const badForm = await agent
        .post('/api/processes/deployments')
        .set('x-csrf-token', csrf)
        .send({ resources: [{ name: 'x.form', content: '{"components": 3}' }] });
      expect([badForm.status, (badForm.body as { error: string }).error]).toEqual([
        400,
        'invalid_form',
      ]);
    });
  });

  describe('monitoring', () => {
    let definitionKey: string;
    let finished: string;
    let waiting: string;
    let failing: string;

    beforeAll(async () => {
      const { agent } = await signIn(app, 'perancang');
      const listed = (await agent.get('/api/processes/definitions')).body as {
        processes: Array<{ latestProcessDefinitionKey: string }>;
      };
      definitionKey = listed.processes[0]?.latestProcessDefinitionKey ?? '';
      clock.pin(t0 + hour);
      finished = await startInstance('1571085501080001');
      waiting = await startInstance('1571085501080002');
      failing = await startInstance('1571085501080003');
      clock.add(hour);
      const jobs = await zeebe.activateJobs({
        type: 'periksa-nik',
        worker: 'test',
        maxJobsToActivate: 32,
        timeout: 10 * hour,
        requestTimeout: -1,
      });
      const jobKey = (instance: string) =>
        jobs.find((j) => j.processInstanceKey === instance)?.key ?? '';
      await zeebe.completeJob({ jobKey: jobKey(finished), variables: {} });
      await zeebe.failJob({
        jobKey: jobKey(failing),
        retries: 0,
        errorMessage: 'SIAK tidak menjawab',
        retryBackOff: 0,
      });
      clock.add(hour);
    });

    it("should give a version's XML as deployed", async () => {
      const { agent } = await signIn(app, 'kasi');
      const answer = await agent.get(`/api/processes/definitions/${definitionKey}/xml`);
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({
        definition: { bpmnProcessId: 'lint-valid', version: 2 },
        xml: expect.stringContaining('NIK sudah diperiksa') as unknown,
      });
      const unknown = await agent.get('/api/processes/definitions/2251799813685000/xml');
      expect([unknown.status, (unknown.body as { error: string }).error]).toEqual([
        404,
        'not_found',
      ]);
    });

    it('should list instances with their state, filtered', async () => {
      const { agent } = await signIn(app, 'auditor');
      const all = await agent.get(`/api/processes/instances?processDefinitionKey=${definitionKey}`);
      expect(all.status).toBe(200);
      const items = (all.body as { items: Array<Record<string, unknown>> }).items;
      expect(
        Object.fromEntries(items.map((i) => [i.processInstanceKey, [i.state, i.hasIncident]])),
      ).toEqual({
        [finished]: ['COMPLETED', false],
        [waiting]: ['ACTIVE', false],
        [failing]: ['ACTIVE', true],
      });
      expect(all.body).toMatchObject({ page: 1, pageSize: 25, total: 3 });
      const active = await agent.get(
        '/api/processes/instances?bpmnProcessId=lint-valid&state=ACTIVE',
      );
      expect((active.body as { total: number }).total).toBe(2);
      const stuck = await agent.get('/api/processes/instances?hasIncident=true');
      expect((stuck.body as { items: Array<{ processInstanceKey: string }> }).items).toEqual([
        expect.objectContaining({ processInstanceKey: failing, processName: 'Periksa NIK' }),
      ]);
    });

    it("should give an instance's path, active elements, counts, variables — and audit the read", async () => {
      const { agent } = await signIn(app, 'kasi');
      const answer = await agent.get(`/api/processes/instances/${waiting}`);
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({
        instance: { processInstanceKey: waiting, state: 'ACTIVE', version: 2 },
        activeElementIds: ['periksa'],
        elementCounts: [
          { elementId: 'mulai', active: 0, incidents: 0, completed: 1, canceled: 0 },
          { elementId: 'periksa', active: 1, incidents: 0, completed: 0, canceled: 0 },
        ],
        path: [
          {
            elementId: 'mulai',
            elementName: 'Permohonan masuk',
            type: 'START_EVENT',
            state: 'COMPLETED',
            startedAt: new Date(t0 + hour).toISOString(),
            endedAt: new Date(t0 + hour).toISOString(),
          },
          {
            elementId: 'periksa',
            elementName: 'Periksa NIK di SIAK',
            type: 'SERVICE_TASK',
            state: 'ACTIVE',
            startedAt: new Date(t0 + hour).toISOString(),
            endedAt: null,
            incidentKey: null,
          },
        ],
        variables: [
          { name: 'nama', scopeKey: waiting, value: 'SITI AMINAH', truncated: false },
          { name: 'nik', scopeKey: waiting, value: '1571085501080002', truncated: false },
        ],
        incidents: [],
      });
      const { rows } = await db.pool.query(
        `select actor, action, subject_id from app.audit_log where subject_type = 'process_instance'`,
      );
      expect(rows).toEqual([{ actor: 'kasi', action: 'read', subject_id: waiting }]);
      const unknown = await agent.get('/api/processes/instances/2251799813685000');
      expect(unknown.status).toBe(404);
      const notAKey = await agent.get('/api/processes/instances/abc');
      expect(notAKey.body).toMatchObject({
        error: 'validation_failed',
        details: [{ field: 'key' }],
      });
    });

    it('should count per element of a version, with the time spent, for the heat map', async () => {
      const { agent } = await signIn(app, 'auditor');
      const answer = await agent.get(`/api/processes/definitions/${definitionKey}/statistics`);
      expect(answer.status).toBe(200);
      expect((answer.body as { elements: unknown[] }).elements).toEqual([
        expect.objectContaining({ elementId: 'mulai', completed: 3 }),
        {
          elementId: 'periksa',
          active: 1,
          incidents: 1,
          completed: 1,
          canceled: 0,
          // finished: 1 h; waiting and failing: 2 h each so far
          totalDurationMs: 5 * hour,
          averageDurationMs: hour,
        },
        expect.objectContaining({ elementId: 'selesai', completed: 1 }),
      ]);
    });

    it('should retry an incident: resolved, and the job can be taken again', async () => {
      // given
      const { agent: reader } = await signIn(app, 'auditor');
      const before = (await reader.get(`/api/processes/instances/${failing}`)).body as {
        incidents: Array<{ incidentKey: string; state: string; jobKey: string }>;
        elementCounts: unknown[];
      };
      expect(before.incidents).toEqual([
        expect.objectContaining({
          state: 'ACTIVE',
          errorType: 'JOB_NO_RETRIES',
          errorMessage: 'SIAK tidak menjawab',
          elementId: 'periksa',
        }),
      ]);
      expect(before.elementCounts).toContainEqual(
        expect.objectContaining({ elementId: 'periksa', active: 0, incidents: 1 }),
      );
      const incidentKey = before.incidents[0]?.incidentKey ?? '';

      // when
      const { agent, csrf } = await signIn(app, 'kasi');
      const retried = await agent
        .post(`/api/processes/incidents/${incidentKey}/retry`)
        .set('x-csrf-token', csrf)
        .send({ retries: 2 });

      // then
      expect(retried.status).toBe(200);
      expect(retried.body).toEqual({
        incidentKey,
        processInstanceKey: failing,
        jobKey: before.incidents[0]?.jobKey,
        retries: 2,
        resolved: true,
      });
      expect((await monitor.incident(incidentKey))?.state).toBe('RESOLVED');
      const job = await jobOf(failing);
      expect(job.retries).toBe(2);
      const again = await agent
        .post(`/api/processes/incidents/${incidentKey}/retry`)
        .set('x-csrf-token', csrf);
      expect([again.status, (again.body as { error: string }).error]).toEqual([
        409,
        'incident_not_active',
      ]);
      const { rows } = await db.pool.query(
        `select actor, action, subject_id from app.audit_log where subject_type = 'incident'`,
      );
      expect(rows).toEqual([{ actor: 'kasi', action: 'update', subject_id: incidentKey }]);
    });
  });

  describe('roles and availability', () => {
    it.each([
      ['lurah-1001', 'get', '/api/processes/definitions'],
      ['lurah-1001', 'get', '/api/processes/instances'],
      ['kasi', 'post', '/api/processes/deployments'],
      ['auditor', 'post', '/api/processes/incidents/2251799813685000/retry'],
    ] as const)('should refuse %s: %s %s', async (login, method, url) => {
      const { agent, csrf } = await signIn(app, login);
      const answer = await agent[method](url).set('x-csrf-token', csrf).send({});
      expect([answer.status, (answer.body as { error: string }).error]).toEqual([403, 'forbidden']);
    });

    it('should say monitoring is unavailable when the engine has no REST API (Zeebe 8.5)', async () => {
      const withoutMonitor = testApp(db.pool, { clock, zeebe });
      const { agent } = await signIn(withoutMonitor, 'kasi');
      const answer = await agent.get('/api/processes/instances');
      expect(answer.status).toBe(503);
      expect(answer.body).toMatchObject({
        error: 'monitoring_unavailable',
        message: expect.stringContaining('ZEEBE_REST_ADDRESS') as unknown,
      });
    });

    it('should answer 503 when the monitoring API does not answer', async () => {
      const gone = testApp(db.pool, {
        clock,
        zeebe,
        monitor: createProcessMonitor('http://127.0.0.1:9'),
      });
      const { agent } = await signIn(gone, 'kasi');
      const answer = await agent.get('/api/processes/definitions');
      expect([answer.status, (answer.body as { error: string }).error]).toEqual([
        503,
        'monitoring_unavailable',
      ]);
    });
  });
});
