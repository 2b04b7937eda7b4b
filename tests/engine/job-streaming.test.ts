/**
 * StreamActivatedJobs: a stream opened for a job type is pushed the jobs created after it opened,
 * each to one stream only; the backlog from before it opened stays for ActivateJobs polling.
 */
import { bpmn, flow, serviceTask } from '../../engine/src/testing/bpmn.js';
import { startTestEngine, type TestEngine } from '../helpers/engine-harness.js';

const processXml = bpmn(
  'streaming',
  `<bpmn:startEvent id="s" /> ${serviceTask('work', 'streaming-work')} <bpmn:endEvent id="e" />
   ${flow('f1', 's', 'work')} ${flow('f2', 'work', 'e')}`,
);

describe('engine - job streaming', () => {
  let engine: TestEngine;

  beforeAll(async () => {
    engine = await startTestEngine();
    await engine.client.deployResource({
      process: Buffer.from(processXml),
      name: 'streaming.bpmn',
    });
  });

  afterAll(async () => {
    await engine.stop();
  });

  it('should push new jobs to an open stream, which completes them', async () => {
    // given a job created before the stream opened, and a stream
    const before = await engine.client.createProcessInstance({
      bpmnProcessId: 'streaming',
      variables: { n: 0 },
    });
    const seen: Array<{ instance: string; n: unknown }> = [];
    const stream = await engine.client.streamJobs({
      type: 'streaming-work',
      worker: 'stream-test',
      timeout: 30_000,
      tenantIds: ['<default>'],
      taskHandler: async (job) => {
        seen.push({ instance: job.processInstanceKey, n: job.variables.n });
        return job.complete({ streamed: true });
      },
    });
    await new Promise((resolve) => setTimeout(resolve, 300)); // let the stream register

    // when three instances are created
    const results = await Promise.all(
      [1, 2, 3].map((n) =>
        engine.client.createProcessInstanceWithResult({
          bpmnProcessId: 'streaming',
          variables: { n },
          requestTimeout: 10_000,
        }),
      ),
    );
    stream.close();

    // then each was pushed once and completed, and the older job stayed for polling
    expect(results.map((r) => r.variables)).toEqual([
      { n: 1, streamed: true },
      { n: 2, streamed: true },
      { n: 3, streamed: true },
    ]);
    expect(
      seen
        .filter((s) => s.instance !== before.processInstanceKey)
        .map((s) => s.n)
        .sort(),
    ).toEqual([1, 2, 3]);
    const polled = await engine.client.activateJobs({
      type: 'streaming-work',
      worker: 'poller',
      maxJobsToActivate: 10,
      timeout: 10_000,
      requestTimeout: -1,
    });
    expect(polled.map((j) => j.processInstanceKey)).toEqual(
      seen.some((s) => s.instance === before.processInstanceKey) ? [] : [before.processInstanceKey],
    );
  });
});
