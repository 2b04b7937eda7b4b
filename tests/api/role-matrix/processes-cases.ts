/**
 * Role-matrix cases for processes: deploying, the versions and their XML and statistics, the
 * instances, an instance's detail and retrying an incident.
 *
 * The reads need the app's process monitor (the embedded engine's monitoring REST API, as
 * `startProcessHarness().restAddress`). `matrix-monitor` is a one-task process whose job type no
 * worker serves, so its instances wait, and failing a job without retries makes an incident.
 */
import type { MatrixCases, MatrixWorld } from './matrix-case.js';

const jobType = 'matrix-monitor-job';

const bpmn = (processId: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:modeler="http://camunda.org/schema/modeler/1.0" id="d" targetNamespace="http://bpmn.io/schema/bpmn" modeler:executionPlatform="Camunda Cloud" modeler:executionPlatformVersion="8.5.0">
  <bpmn:process id="${processId}" name="Matriks" isExecutable="true">
    <bpmn:startEvent id="mulai" name="Mulai"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:serviceTask id="kerja" name="Kerja">
      <bpmn:extensionElements><zeebe:taskDefinition type="${jobType}" /></bpmn:extensionElements>
      <bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>
    </bpmn:serviceTask>
    <bpmn:endEvent id="selesai" name="Selesai"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="mulai" targetRef="kerja" />
    <bpmn:sequenceFlow id="f2" sourceRef="kerja" targetRef="selesai" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="diagram">
    <bpmndi:BPMNPlane id="plane" bpmnElement="${processId}">
      <bpmndi:BPMNShape id="mulai_di" bpmnElement="mulai"><dc:Bounds x="152" y="102" width="36" height="36" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="kerja_di" bpmnElement="kerja"><dc:Bounds x="240" y="80" width="100" height="80" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="selesai_di" bpmnElement="selesai"><dc:Bounds x="392" y="102" width="36" height="36" /></bpmndi:BPMNShape>
      <bpmndi:BPMNEdge id="f1_di" bpmnElement="f1"><di:waypoint x="188" y="120" /><di:waypoint x="240" y="120" /></bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f2_di" bpmnElement="f2"><di:waypoint x="340" y="120" /><di:waypoint x="392" y="120" /></bpmndi:BPMNEdge>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>`;

const deployed = new WeakMap<MatrixWorld, Promise<string>>();

/** The definition key of `matrix-monitor`, deployed once per world. */
function monitoredDefinition(world: MatrixWorld): Promise<string> {
  let key = deployed.get(world);
  if (!key) {
    key = world.zeebe
      .deployResource({ name: 'matrix-monitor.bpmn', process: Buffer.from(bpmn('matrix-monitor')) })
      .then((answer) => answer.deployments[0]?.process?.processDefinitionKey ?? '');
    deployed.set(world, key);
  }
  return key;
}

async function waitingInstance(world: MatrixWorld): Promise<string> {
  await monitoredDefinition(world);
  const { processInstanceKey } = await world.zeebe.createProcessInstance({
    bpmnProcessId: 'matrix-monitor',
    variables: { nik: '1571085501080001' },
  });
  return processInstanceKey;
}

/** A fresh incident: an instance whose job failed without retries left. */
async function openIncident(world: MatrixWorld): Promise<string> {
  const processInstanceKey = await waitingInstance(world);
  for (let i = 0; i < 250; i++) {
    const jobs = await world.zeebe.activateJobs({
      type: jobType,
      worker: 'matrix',
      maxJobsToActivate: 32,
      timeout: 600_000,
      requestTimeout: -1,
    });
    for (const job of jobs)
      await world.zeebe.failJob({
        jobKey: job.key,
        retries: 0,
        errorMessage: 'matriks',
        retryBackOff: 0,
      });
    // The gateway protocol cannot list incidents; like the engine harness, the test looks it up.
    const { rows } = await world.pool.query<{ key: string }>(
      `select key::text from engine.incidents where process_instance_key = $1 and state = 'ACTIVE'`,
      [processInstanceKey],
    );
    if (rows[0]) return rows[0].key;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('the matrix waited in vain for an incident');
}

export const processesCases: MatrixCases = {
  deployProcesses: () =>
    Promise.resolve({
      body: { resources: [{ name: 'matrix-deploy.bpmn', content: bpmn('matrix-deploy') }] },
    }),
  listProcessDefinitions: () => Promise.resolve({}),
  getProcessDefinitionXml: async (world) => ({
    params: { key: await monitoredDefinition(world) },
  }),
  getProcessStatistics: async (world) => ({ params: { key: await monitoredDefinition(world) } }),
  listProcessInstances: async (world) => ({
    query: { processDefinitionKey: await monitoredDefinition(world), state: 'ACTIVE' },
  }),
  getProcessInstance: async (world) => ({ params: { key: await waitingInstance(world) } }),
  retryIncident: async (world) => ({
    params: { key: await openIncident(world) },
    body: { retries: 1 },
  }),
};
