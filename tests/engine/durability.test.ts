/**
 * The engine's durability promise: what it acknowledged survives `kill -9`. Instances, jobs and
 * incidents are where they were after a restart, jobs activated before the crash come back after
 * their timeout, and keys are never reused.
 */
import fs from 'node:fs/promises';

import { createZeebeClient } from '../../platform/src/zeebe-client.js';
import { bpmn, flow, serviceTask } from '../../engine/src/testing/bpmn.js';
import {
  connectToProductDatabase,
  killLeftoverProducts,
  productSettings,
  type ProductSettings,
  startProductProcess,
  waitForHealthy,
} from '../helpers/product-process.js';

const processXml = bpmn(
  'durability',
  `<bpmn:startEvent id="s" /> ${serviceTask('work', 'durability-work')} <bpmn:endEvent id="e" />
   ${flow('f1', 's', 'work')} ${flow('f2', 'work', 'e')}`,
);

async function engineCounts(settings: ProductSettings) {
  const client = await connectToProductDatabase(settings);
  try {
    const count = async (sql: string) =>
      Number((await client.query<{ n: string }>(sql)).rows[0]?.n);
    return {
      active: await count(
        `select count(*) as n from engine.process_instances where state = 'ACTIVE'`,
      ),
      completed: await count(
        `select count(*) as n from engine.process_instances where state = 'COMPLETED'`,
      ),
      openIncidents: await count(
        `select count(*) as n from engine.incidents where state = 'ACTIVE'`,
      ),
      maxKey: (
        await client.query<{ k: string }>(
          'select max(key)::text as k from engine.process_instances',
        )
      ).rows[0]?.k,
    };
  } finally {
    await client.end();
  }
}

describe('engine - durability across kill -9', () => {
  let settings: ProductSettings;

  beforeEach(async () => {
    settings = await productSettings();
  });

  afterEach(async () => {
    killLeftoverProducts();
    await fs.rm(settings.dataDir, { recursive: true, force: true });
  });

  it('should keep instances, jobs and incidents, and bring back jobs activated before the crash', async () => {
    // given 30 instances: 10 jobs completed, 1 failed into an incident, 9 activated and abandoned
    const address = `grpc://127.0.0.1:${settings.env.ZEEBE_GRPC_PORT}`;
    const first = startProductProcess(settings.env);
    await waitForHealthy(first, settings.httpPort);
    let client = createZeebeClient(address);
    await client.deployResource({ process: Buffer.from(processXml), name: 'durability.bpmn' });
    const created = [];
    for (let i = 0; i < 30; i++)
      created.push(
        await client.createProcessInstance({ bpmnProcessId: 'durability', variables: { i } }),
      );
    const jobs = await client.activateJobs({
      type: 'durability-work',
      worker: 'before',
      maxJobsToActivate: 20,
      timeout: 1500,
      requestTimeout: -1,
    });
    expect(jobs).toHaveLength(20);
    for (const job of jobs.slice(0, 10))
      await client.completeJob({ jobKey: job.key, variables: { done: true } });
    await client.failJob({
      jobKey: (jobs[10] as { key: string }).key,
      retries: 0,
      errorMessage: 'SIAK tidak menjawab',
      retryBackOff: 0,
    });
    await client.close();
    const before = await engineCounts(settings);

    // when the product is killed without warning and started again
    first.child.kill('SIGKILL');
    await first.exited;
    const second = startProductProcess(settings.env);
    await waitForHealthy(second, settings.httpPort);
    client = createZeebeClient(address);

    // then the state is as it was
    expect(await engineCounts(settings)).toEqual(before);
    expect(before).toMatchObject({ active: 20, completed: 10, openIncidents: 1 });

    // and every job that was not finished can be worked: 10 never activated, 9 abandoned (after their timeout)
    const again: string[] = [];
    const deadline = Date.now() + 15_000;
    while (again.length < 19 && Date.now() < deadline) {
      const batch = await client.activateJobs({
        type: 'durability-work',
        worker: 'after',
        maxJobsToActivate: 50,
        timeout: 30_000,
        requestTimeout: 1000,
      });
      again.push(...batch.map((j) => j.key));
    }
    expect(again).toHaveLength(19);
    expect(again).not.toContain((jobs[10] as { key: string }).key);
    for (const key of again) await client.completeJob({ jobKey: key, variables: {} });
    const fresh = await client.createProcessInstance({
      bpmnProcessId: 'durability',
      variables: {},
    });
    await client.close();

    const after = await engineCounts(settings);
    expect(after).toMatchObject({ active: 2, completed: 29, openIncidents: 1 });
    expect(BigInt(fresh.processInstanceKey)).toBeGreaterThan(BigInt(before.maxKey ?? '0'));
    expect(new Set(created.map((c) => c.processInstanceKey)).size).toBe(30);

    second.child.kill('SIGTERM');
    await second.exited;
  }, 120_000);
});
