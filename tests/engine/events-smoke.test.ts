import { bpmn, flow, serviceTask } from '../../engine/src/testing/bpmn.js';
import { startTestEngine, type TestEngine } from '../helpers/engine-harness.js';

const reminder = bpmn(
  'smoke-timer',
  `<bpmn:startEvent id="s" /> ${serviceTask('work', 'smoke-timer-work')} <bpmn:endEvent id="done" />
   <bpmn:boundaryEvent id="late" attachedToRef="work" cancelActivity="true"><bpmn:timerEventDefinition><bpmn:timeDuration>PT72H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
   ${serviceTask('escalate', 'smoke-timer-escalate')} <bpmn:endEvent id="escalated" />
   ${flow('f1', 's', 'work')} ${flow('f2', 'work', 'done')} ${flow('f3', 'late', 'escalate')} ${flow('f4', 'escalate', 'escalated')}`,
);

const waitForMessage = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="x">
  <bpmn:message id="m" name="blanko-tiba"><bpmn:extensionElements><zeebe:subscription correlationKey="= kecamatan" /></bpmn:extensionElements></bpmn:message>
  <bpmn:process id="smoke-message" isExecutable="true">
    <bpmn:startEvent id="s" />
    <bpmn:intermediateCatchEvent id="wait"><bpmn:messageEventDefinition messageRef="m" /></bpmn:intermediateCatchEvent>
    ${serviceTask('print', 'smoke-message-print')}
    <bpmn:endEvent id="e" />
    ${flow('f1', 's', 'wait')} ${flow('f2', 'wait', 'print')} ${flow('f3', 'print', 'e')}
  </bpmn:process>
</bpmn:definitions>`;

describe('engine events smoke', () => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await startTestEngine();
  });
  afterAll(async () => {
    await engine.stop();
  });

  it('should fire an interrupting boundary timer when the clock passes it', async () => {
    const { client, clock } = engine;
    await client.deployResource({ process: Buffer.from(reminder), name: 'smoke-timer.bpmn' });
    await clock?.pin(Date.parse('2026-12-01T08:00:00Z'));
    await client.createProcessInstance({ bpmnProcessId: 'smoke-timer', variables: {} });
    const before = await client.activateJobs({
      type: 'smoke-timer-escalate',
      worker: 'w',
      maxJobsToActivate: 5,
      timeout: 10000,
      requestTimeout: -1,
    });
    expect(before).toHaveLength(0);

    await clock?.add(72 * 3600 * 1000);

    const after = await client.activateJobs({
      type: 'smoke-timer-escalate',
      worker: 'w',
      maxJobsToActivate: 5,
      timeout: 10000,
      requestTimeout: -1,
    });
    expect(after).toHaveLength(1);
    const work = await client.activateJobs({
      type: 'smoke-timer-work',
      worker: 'w',
      maxJobsToActivate: 5,
      timeout: 10000,
      requestTimeout: -1,
    });
    expect(work).toHaveLength(0);
  });

  it('should correlate a published message, also one published before the subscription opened', async () => {
    const { client } = engine;
    await client.deployResource({
      process: Buffer.from(waitForMessage),
      name: 'smoke-message.bpmn',
    });
    await client.createProcessInstance({
      bpmnProcessId: 'smoke-message',
      variables: { kecamatan: 'jelutung' },
    });
    await client.publishMessage({
      name: 'blanko-tiba',
      correlationKey: 'jelutung',
      variables: { jumlah: 500 },
      timeToLive: 0,
    });
    await client.publishMessage({
      name: 'blanko-tiba',
      correlationKey: 'telanaipura',
      variables: { jumlah: 20 },
      timeToLive: 60000,
    });
    await client.createProcessInstance({
      bpmnProcessId: 'smoke-message',
      variables: { kecamatan: 'telanaipura' },
    });

    const jobs = await client.activateJobs({
      type: 'smoke-message-print',
      worker: 'w',
      maxJobsToActivate: 5,
      timeout: 10000,
      requestTimeout: 2000,
    });
    const more =
      jobs.length < 2
        ? await client.activateJobs({
            type: 'smoke-message-print',
            worker: 'w',
            maxJobsToActivate: 5,
            timeout: 10000,
            requestTimeout: 2000,
          })
        : [];
    expect([...jobs, ...more].map((j) => j.variables.jumlah).sort()).toEqual([20, 500]);
  });
});
