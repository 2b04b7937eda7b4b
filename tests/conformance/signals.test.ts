import {
  activateJob,
  activateJobsEventually,
  deployProcess,
  expectEnded,
  expectJobGone,
  expectNoJobs,
  type JobQuery,
  startInstance,
  uniqueCase,
  useEngine,
} from './support.js';

const engine = useEngine();

// Signals are broadcast to every waiting subscription, so each fixture uses a signal name of its
// own; on a long-lived Zeebe, instances left by earlier runs may catch them too, which the tests,
// keeping only their own instances' jobs, do not mind.

describe('signal intermediate catch event', () => {
  it('should let every waiting instance continue on BroadcastSignal, with the signal variables', async () => {
    // given two instances waiting for the signal
    await deployProcess(engine.client, 'signals-catch.bpmn');
    const first = await startInstance(engine.client, 'signals-catch', { nomor: 1 });
    const second = await startInstance(engine.client, 'signals-catch', { nomor: 2 });
    const sesudah: JobQuery = {
      type: 'signals-catch-sesudah',
      where: (job) =>
        job.processInstanceKey === first.processInstanceKey ||
        job.processInstanceKey === second.processInstanceKey,
    };
    await expectNoJobs(engine.client, sesudah);

    // when
    await engine.client.broadcastSignal({
      signalName: 'signals-pengumuman',
      variables: { pengumuman: 'kantor tutup' },
    });

    // then both continue (one poll for both: a poll activates every job of the type it finds)
    const jobs = await activateJobsEventually(engine.client, sesudah, 2);
    await expectNoJobs(engine.client, sesudah);
    expect(
      jobs
        .map((job) => ({ processInstanceKey: job.processInstanceKey, variables: job.variables }))
        .sort((a, b) => Number(a.variables.nomor) - Number(b.variables.nomor)),
    ).toEqual([
      {
        processInstanceKey: first.processInstanceKey,
        variables: { nomor: 1, pengumuman: 'kantor tutup' },
      },
      {
        processInstanceKey: second.processInstanceKey,
        variables: { nomor: 2, pengumuman: 'kantor tutup' },
      },
    ]);
  });
});

describe('signal boundary event', () => {
  it('should interrupt the task and take the boundary path', async () => {
    // given a task whose job is activated
    await deployProcess(engine.client, 'signals-boundary.bpmn');
    const { processInstanceKey } = await startInstance(engine.client, 'signals-boundary');
    const proses = await activateJob(engine.client, {
      type: 'signals-boundary-proses',
      processInstanceKey,
    });

    // when
    await engine.client.broadcastSignal({ signalName: 'signals-darurat' });

    // then
    await activateJob(engine.client, { type: 'signals-boundary-darurat', processInstanceKey });
    await expectJobGone(engine.client, proses.key);
    await expectNoJobs(engine.client, { type: 'signals-boundary-lanjut', processInstanceKey });
  });
});

describe('signal start event', () => {
  it('should create an instance with the signal variables', async () => {
    // given
    await deployProcess(engine.client, 'signals-start.bpmn');
    const kasus = uniqueCase('pendataan');
    const data: JobQuery = {
      type: 'signals-start-data',
      where: (job) => job.variables.kasus === kasus,
    };

    // when
    await engine.client.broadcastSignal({
      signalName: 'signals-mulai-pendataan',
      variables: { kasus, wilayah: 'RT 03' },
    });

    // then exactly one instance of the process
    const job = await activateJob(engine.client, data);
    expect(job.bpmnProcessId).toBe('signals-start');
    expect(job.variables).toEqual({ kasus, wilayah: 'RT 03' });
    await expectNoJobs(engine.client, data);
  });
});

describe('signal intermediate throw event', () => {
  it('should trigger the signal catch event of an instance of another process', async () => {
    // given an instance waiting for the signal, and one about to throw it
    await deployProcess(engine.client, 'signals-receiver.bpmn');
    await deployProcess(engine.client, 'signals-thrower.bpmn');
    const receiver = await startInstance(engine.client, 'signals-receiver');
    const thrower = await startInstance(engine.client, 'signals-thrower');
    const sesudah = {
      type: 'signals-receiver-sesudah',
      processInstanceKey: receiver.processInstanceKey,
    };
    const siapkan = await activateJob(engine.client, {
      type: 'signals-thrower-siapkan',
      processInstanceKey: thrower.processInstanceKey,
    });
    await expectNoJobs(engine.client, sesudah);

    // when the thrower reaches its signal throw event
    await engine.client.completeJob({ jobKey: siapkan.key, variables: {} });

    // then the receiver continues, and the thrower ends
    await activateJob(engine.client, sesudah);
    await expectEnded(engine.client, thrower.processInstanceKey);
  });
});
