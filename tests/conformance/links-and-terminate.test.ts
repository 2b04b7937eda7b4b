import {
  activateJob,
  deployProcess,
  expectEnded,
  expectJobGone,
  expectNoJobs,
  instanceIsActive,
  startInstance,
  useEngine,
} from './support.js';

const engine = useEngine();

describe('link events', () => {
  it('should continue at the link catch event with the name of the link throw event', async () => {
    // given
    await deployProcess(engine.client, 'links-link.bpmn');
    const { processInstanceKey } = await startInstance(engine.client, 'links-link');
    const awal = await activateJob(engine.client, { type: 'links-link-awal', processInstanceKey });
    const sahkan = { type: 'links-link-sahkan', processInstanceKey };
    await expectNoJobs(engine.client, sahkan);

    // when the flow reaches the link throw event
    await engine.client.completeJob({ jobKey: awal.key, variables: { disetujui: true } });

    // then it goes on after the link catch event, and the instance ends after it
    const job = await activateJob(engine.client, sahkan);
    expect(job.variables).toEqual({ disetujui: true });
    await engine.client.completeJob({ jobKey: job.key, variables: {} });
    await expectEnded(engine.client, processInstanceKey);
  });
});

describe('terminate end event inside a subprocess', () => {
  it('should end only the subprocess: its parallel job is gone and the parent goes on', async () => {
    // given a subprocess with two parallel branches and an activated job on each
    await deployProcess(engine.client, 'links-terminate-subprocess.bpmn');
    const { processInstanceKey } = await startInstance(engine.client, 'links-terminate-subprocess');
    const tunggu = await activateJob(engine.client, {
      type: 'links-term-tunggu',
      processInstanceKey,
    });
    const tolak = await activateJob(engine.client, {
      type: 'links-term-tolak',
      processInstanceKey,
    });

    // when one branch reaches the terminate end event
    await engine.client.completeJob({ jobKey: tolak.key, variables: {} });

    // then the flow after the subprocess is taken, and the instance is still active
    const sesudah = await activateJob(engine.client, {
      type: 'links-term-sesudah',
      processInstanceKey,
    });
    expect(await instanceIsActive(engine.client, processInstanceKey)).toBe(true);

    // and the other branch of the subprocess is gone
    await expectJobGone(engine.client, tunggu.key);
    await expectNoJobs(engine.client, { type: 'links-term-tunggu', processInstanceKey });

    // and the instance ends after the task that follows the subprocess
    await engine.client.completeJob({ jobKey: sesudah.key, variables: {} });
    await expectEnded(engine.client, processInstanceKey);
  });
});
