/**
 * The embedded engine's monitoring REST API, read through @camunda8/sdk's CamundaRestClient (the
 * client the API uses against a Camunda 8.8 cluster as well) and plain fetch where the SDK has no
 * method: definitions and their XML, instances with state, an instance's path, variables,
 * incidents, and per-element statistics with the time spent, all on a controlled clock.
 */
import { CamundaRestClient, type Zeebe } from '@camunda8/sdk';

import { startEmbeddedEngine, type RunningEngine } from '../../engine/src/index.js';
import { bpmn, flow, serviceTask } from '../../engine/src/testing/bpmn.js';
import { ControlledClock } from '../../platform/src/clock.js';
import { createLogger } from '../../platform/src/log/logger.js';
import { createZeebeClient } from '../../platform/src/zeebe-client.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';

const hour = 3_600_000;
const t0 = Date.parse('2026-12-01T01:00:00Z');

const processXml = bpmn(
  'rest-periksa',
  `<bpmn:startEvent id="mulai" name="Permohonan masuk" />
   ${serviceTask('periksa', 'rest-periksa').replace('<bpmn:serviceTask id="periksa"', '<bpmn:serviceTask id="periksa" name="Periksa NIK"')}
   ${serviceTask('setujui', 'rest-setujui')}
   <bpmn:endEvent id="selesai" />
   ${flow('f1', 'mulai', 'periksa')}
   ${flow('f2', 'periksa', 'setujui')}
   ${flow('f3', 'setujui', 'selesai')}`,
).replace('<bpmn:process id="rest-periksa"', '<bpmn:process id="rest-periksa" name="Periksa NIK"');

describe('engine - monitoring REST API', () => {
  let db: TestDatabase;
  let running: RunningEngine;
  let zeebe: Zeebe.ZeebeGrpcClient;
  let rest: CamundaRestClient;
  const clock = new ControlledClock();
  let definitionKey: string;
  let done: string;
  let failing: string;
  let cancelled: string;

  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${running.restAddress ?? ''}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    clock.pin(t0);
    running = await startEmbeddedEngine({
      pool: db.pool,
      clock,
      log: createLogger({ level: 'silent' }),
      host: '127.0.0.1',
      port: 0,
      restPort: 0,
    });
    zeebe = createZeebeClient(running.address);
    rest = new CamundaRestClient({
      config: {
        ZEEBE_REST_ADDRESS: running.restAddress ?? '',
        CAMUNDA_AUTH_STRATEGY: 'NONE',
        CAMUNDA_LOG_LEVEL: 'none',
      },
    });

    // given three instances: one moves on after an hour, one fails without retries, one is cancelled
    const deployed = await zeebe.deployResource({
      name: 'rest-periksa.bpmn',
      process: Buffer.from(processXml),
    });
    definitionKey = deployed.deployments[0]?.process?.processDefinitionKey ?? '';
    const start = async (nik: string) =>
      (
        await zeebe.createProcessInstance({
          bpmnProcessId: 'rest-periksa',
          variables: { nik, nama: 'SITI AMINAH' },
        })
      ).processInstanceKey;
    done = await start('1571085501080001');
    failing = await start('1571085501080002');
    cancelled = await start('1571085501080003');
    const jobs = await zeebe.activateJobs({
      type: 'rest-periksa',
      worker: 'test',
      maxJobsToActivate: 10,
      timeout: 10 * hour,
      requestTimeout: -1,
    });
    clock.add(hour);
    for (const job of jobs) {
      if (job.processInstanceKey === done)
        await zeebe.completeJob({ jobKey: job.key, variables: {} });
      if (job.processInstanceKey === failing)
        await zeebe.failJob({
          jobKey: job.key,
          retries: 0,
          errorMessage: 'SIAK tidak menjawab',
          retryBackOff: 0,
        });
    }
    clock.add(hour);
    await zeebe.cancelProcessInstance(cancelled);
    clock.add(hour);
  });

  afterAll(async () => {
    await zeebe.close();
    await running.stop();
    await db.drop();
  });

  it('should list deployed versions and give a version its XML', async () => {
    const found = await rest.searchProcessDefinitions({
      filter: { processDefinitionId: 'rest-periksa' },
    });
    expect(found.items).toEqual([
      {
        processDefinitionKey: definitionKey,
        processDefinitionId: 'rest-periksa',
        name: 'Periksa NIK',
        resourceName: 'rest-periksa.bpmn',
        version: 1,
        tenantId: '<default>',
        hasStartForm: false,
        isLatestVersion: true,
      },
    ]);
    expect(found.page.totalItems).toBe(1);
    expect(await rest.getProcessDefinitionXML(definitionKey)).toBe(processXml);
  });

  it('should list instances with their state and open incidents', async () => {
    const found = await rest.searchProcessInstances({
      filter: { processDefinitionKey: definitionKey },
      sort: [{ field: 'processInstanceKey', order: 'ASC' }],
    });
    expect(found.items.map((i) => [i.processInstanceKey, i.state, i.hasIncident])).toEqual([
      [done, 'ACTIVE', false],
      [failing, 'ACTIVE', true],
      [cancelled, 'TERMINATED', false],
    ]);
    expect(found.items[2]).toMatchObject({
      processDefinitionName: 'Periksa NIK',
      processDefinitionVersion: 1,
      startDate: new Date(t0).toISOString(),
      endDate: new Date(t0 + 2 * hour).toISOString(),
    });
    const withIncident = await rest.searchProcessInstances({
      filter: { processDefinitionKey: definitionKey, hasIncident: true } as never,
    });
    expect(withIncident.items.map((i) => i.processInstanceKey)).toEqual([failing]);
  });

  it("should give an instance's path in the order its elements were entered", async () => {
    const path = await rest.searchElementInstances({ filter: { processInstanceKey: done } });
    expect(
      path.items.map((e) => [e.elementId, e.elementName, e.type, e.state, e.startDate, e.endDate]),
    ).toEqual([
      ['mulai', 'Permohonan masuk', 'START_EVENT', 'COMPLETED', iso(t0), iso(t0)],
      ['periksa', 'Periksa NIK', 'SERVICE_TASK', 'COMPLETED', iso(t0), iso(t0 + hour)],
      ['setujui', 'setujui', 'SERVICE_TASK', 'ACTIVE', iso(t0 + hour), null],
    ]);
    const stuck = await rest.searchElementInstances({
      filter: { processInstanceKey: failing, state: 'ACTIVE' },
    });
    expect(stuck.items).toMatchObject([{ elementId: 'periksa', hasIncident: true }]);
    const terminated = await rest.searchElementInstances({
      filter: { processInstanceKey: cancelled, elementId: 'periksa' },
    });
    expect(terminated.items).toMatchObject([{ state: 'TERMINATED', endDate: iso(t0 + 2 * hour) }]);
  });

  it("should give an instance's variables as JSON text", async () => {
    const found = await rest.searchVariables({ filter: { processInstanceKey: done } });
    expect(found.items.map((v) => [v.name, v.value, v.scopeKey, v.isTruncated])).toEqual([
      ['nama', '"SITI AMINAH"', done, false],
      ['nik', '"1571085501080001"', done, false],
    ]);
  });

  it('should list an instance’s incident with its job', async () => {
    const found = await rest.searchIncidents({ filter: { processInstanceKey: failing } });
    expect(found.items).toEqual([
      expect.objectContaining({
        errorType: 'JOB_NO_RETRIES',
        errorMessage: 'SIAK tidak menjawab',
        elementId: 'periksa',
        state: 'ACTIVE',
        processDefinitionKey: definitionKey,
        creationTime: iso(t0 + hour),
        jobKey: expect.stringMatching(/^\d+$/) as unknown,
      }),
    ]);
  });

  it('should count element instances per element and the time spent in each', async () => {
    const { status, body } = await post(
      `/v2/process-definitions/${definitionKey}/statistics/element-instances`,
      {},
    );
    expect(status).toBe(200);
    expect(body.items).toEqual([
      {
        elementId: 'mulai',
        active: 0,
        incidents: 0,
        completed: 3,
        canceled: 0,
        totalDurationMs: 0,
        averageDurationMs: 0,
      },
      {
        elementId: 'periksa',
        active: 0,
        incidents: 1,
        completed: 1,
        canceled: 1,
        // done: 1 h; failing: 3 h so far; cancelled: 2 h
        totalDurationMs: 6 * hour,
        averageDurationMs: hour,
      },
      {
        elementId: 'setujui',
        active: 1,
        incidents: 0,
        completed: 0,
        canceled: 0,
        totalDurationMs: 2 * hour,
        averageDurationMs: null,
      },
    ]);
  });

  it('should page with cursors', async () => {
    const first = await rest.searchProcessInstances({
      filter: { processDefinitionKey: definitionKey },
      page: { from: 0, limit: 2 },
    });
    expect(first.items).toHaveLength(2);
    const rest2 = await rest.searchProcessInstances({
      filter: { processDefinitionKey: definitionKey },
      page: { from: 0, limit: 2, after: first.page.endCursor },
    });
    expect(rest2.items.map((i) => i.processInstanceKey)).toEqual([cancelled]);
    expect(rest2.page.totalItems).toBe(3);
  });

  it('should answer problems: 404 for an unknown key, 400 naming a field it cannot filter on', async () => {
    const unknown = String((1n << 51n) + 999_999_999n);
    await expect(rest.getProcessDefinitionXML(unknown)).rejects.toMatchObject({ statusCode: 404 });
    const bad = await post('/v2/element-instances/search', { filter: { type: 'USER_TASK' } });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ type: 'about:blank', title: 'INVALID_ARGUMENT', status: 400 });
    expect(String(bad.body.detail)).toContain('type');
    const notKey = await post('/v2/process-instances/search', {
      filter: { processInstanceKey: 'abc' },
    });
    expect(notKey.status).toBe(400);
    expect((await fetch(`${running.restAddress ?? ''}/v2/user-tasks/search`)).status).toBe(404);
  });
});

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
