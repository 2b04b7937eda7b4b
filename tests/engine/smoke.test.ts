import { startTestEngine, type TestEngine } from '../helpers/engine-harness.js';

const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="smoke" isExecutable="true">
    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="task" />
    <bpmn:serviceTask id="task"><bpmn:extensionElements><zeebe:taskDefinition type="smoke-work" /></bpmn:extensionElements>
      <bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:serviceTask>
    <bpmn:sequenceFlow id="f2" sourceRef="task" targetRef="end" />
    <bpmn:endEvent id="end"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
  </bpmn:process>
</bpmn:definitions>`;

describe('engine smoke', () => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await startTestEngine();
  });
  afterAll(async () => {
    await engine.stop();
  });

  it('should run start → service task → end through the SDK', async () => {
    const topology = await engine.client.topology();
    expect(topology.partitionsCount).toBe(1);
    const deployment = await engine.client.deployResource({
      process: Buffer.from(xml),
      name: 'smoke.bpmn',
    });
    expect(deployment.deployments[0]).toMatchObject({
      process: { bpmnProcessId: 'smoke', version: 1 },
    });
    const result = engine.client.createProcessInstanceWithResult({
      bpmnProcessId: 'smoke',
      variables: { a: 1 },
      requestTimeout: 10000,
    });
    const jobs = await engine.client.activateJobs({
      type: 'smoke-work',
      worker: 'w',
      maxJobsToActivate: 5,
      timeout: 10000,
      requestTimeout: 5000,
    });
    expect(jobs).toHaveLength(1);
    expect(jobs[0]?.variables).toEqual({ a: 1 });
    await engine.client.completeJob({ jobKey: jobs[0]?.key as string, variables: { b: 2 } });
    expect((await result).variables).toEqual({ a: 1, b: 2 });
  });
});
