import { status } from '@grpc/grpc-js';

import {
  activateJob,
  activateJobsNow,
  deployProcess,
  expectNoJobs,
  type JobQuery,
  sleep,
  startInstance,
  startInstanceWithResult,
  uniqueCase,
  UNKNOWN_KEY,
  WORKER,
  useEngine,
} from './support.js';

const engine = useEngine();

// jobs-single-task.bpmn has one service task of type `= "jobs-" + langkah`, so every test
// below gets a job type of its own from the same fixture.
async function startSingleTask(langkah: string, variables: Record<string, string> = {}) {
  await deployProcess(engine.client, 'jobs-single-task.bpmn');
  const { processInstanceKey } = await startInstance(engine.client, 'jobs-single-task', {
    langkah,
    ...variables,
  });
  return { processInstanceKey, type: `jobs-${langkah}` };
}

describe('ActivateJobs', () => {
  it('should hand out a service task job with its element, process, headers and retries', async () => {
    // given
    const deployed = await deployProcess(engine.client, 'jobs-service-task.bpmn');
    const variables = { nik: '1571010101010001', nama: 'Ani' };
    const { processInstanceKey } = await startInstance(
      engine.client,
      'jobs-service-task',
      variables,
    );

    // when
    const job = await activateJob(engine.client, {
      type: 'jobs-periksa-berkas',
      processInstanceKey,
    });

    // then
    expect(job).toMatchObject({
      type: 'jobs-periksa-berkas',
      processInstanceKey,
      bpmnProcessId: 'jobs-service-task',
      processDefinitionVersion: deployed.version,
      processDefinitionKey: deployed.processDefinitionKey,
      elementId: 'task-periksa-berkas',
      worker: WORKER,
      retries: 5,
    });
    expect(job.key).toMatch(/^\d+$/);
    expect(job.elementInstanceKey).toMatch(/^\d+$/);
    expect(job.customHeaders).toEqual({ kanal: 'loket', layanan: 'ektp-baru' });
    expect(job.variables).toEqual(variables);
  });

  it('should give three retries and no headers when the task definition sets neither', async () => {
    // given
    await deployProcess(engine.client, 'jobs-default-retries.bpmn');
    const { processInstanceKey } = await startInstance(engine.client, 'jobs-default-retries');

    // when
    const job = await activateJob(engine.client, {
      type: 'jobs-default-retries',
      processInstanceKey,
    });

    // then
    expect(job.retries).toBe(3);
    expect(job.customHeaders).toEqual({});
  });

  it('should hand out only the variables named in fetchVariable', async () => {
    // given
    const { processInstanceKey, type } = await startSingleTask('fetch-variable', {
      nik: '1571010101010002',
      nama: 'Budi',
      alamat: 'Jl. Kapten Pattimura',
    });

    // when
    const job = await activateJob(engine.client, {
      type,
      processInstanceKey,
      fetchVariable: ['nik', 'nama'],
    });

    // then
    expect(job.variables).toEqual({ nik: '1571010101010002', nama: 'Budi' });
  });

  it('should create the job under the type a FEEL expression evaluates to', async () => {
    // given
    await deployProcess(engine.client, 'jobs-feel-type.bpmn');

    // when
    const { processInstanceKey } = await startInstance(engine.client, 'jobs-feel-type', {
      kind: 'ktp',
    });

    // then
    const job = await activateJob(engine.client, { type: 'jobs-kind-ktp', processInstanceKey });
    expect(job.type).toBe('jobs-kind-ktp');
    await expectNoJobs(engine.client, { type: 'jobs-kind-kia', processInstanceKey });
  });

  it('should not hand the same job out twice while it is activated', async () => {
    // given
    const { processInstanceKey, type } = await startSingleTask('exclusive');
    await activateJob(engine.client, { type, processInstanceKey });

    // when
    const second = await activateJobsNow(engine.client, { type, processInstanceKey });

    // then
    expect(second).toEqual([]);
  });

  it('should answer a long-polling request as soon as a job is created', async () => {
    // given no job of the type is waiting, and a request that may wait up to 5 s
    await deployProcess(engine.client, 'jobs-single-task.bpmn');
    await activateJobsNow(engine.client, { type: 'jobs-long-poll' });
    const asked = Date.now();
    const waiting = engine.client.activateJobs({
      type: 'jobs-long-poll',
      worker: WORKER,
      maxJobsToActivate: 32,
      timeout: 10_000,
      requestTimeout: 5000,
    });
    // Time for the request to reach the engine and park before the job exists.
    await sleep(300);

    // when
    const { processInstanceKey } = await startInstance(engine.client, 'jobs-single-task', {
      langkah: 'long-poll',
    });

    // then well before the 5 s request timeout
    const jobs = await waiting;
    expect(Date.now() - asked).toBeLessThan(4000);
    expect(jobs.map((job) => job.processInstanceKey)).toContain(processInstanceKey);
  });
});

describe('CompleteJob', () => {
  it('should merge the completion variables into the instance', async () => {
    // given
    await deployProcess(engine.client, 'jobs-single-task.bpmn');
    const kasus = uniqueCase('complete');
    const result = startInstanceWithResult(engine.client, 'jobs-single-task', {
      langkah: 'complete',
      kasus,
      nama: 'Ani',
      nik: '1571010101010003',
    });
    const job = await activateJob(engine.client, {
      type: 'jobs-complete',
      where: (candidate) => candidate.variables.kasus === kasus,
    });

    // when
    await engine.client.completeJob({
      jobKey: job.key,
      variables: { nama: 'Ani Suryani', status: 'diverifikasi' },
    });

    // then
    expect((await result).variables).toEqual({
      langkah: 'complete',
      kasus,
      nama: 'Ani Suryani',
      nik: '1571010101010003',
      status: 'diverifikasi',
    });
  });

  it('should answer NOT_FOUND when the job was already completed', async () => {
    // given
    const { processInstanceKey, type } = await startSingleTask('complete-twice');
    const job = await activateJob(engine.client, { type, processInstanceKey });
    await engine.client.completeJob({ jobKey: job.key, variables: {} });

    // when
    const again = engine.client.completeJob({ jobKey: job.key, variables: {} });

    // then
    await expect(again).rejects.toMatchObject({ code: status.NOT_FOUND });
  });

  it('should answer NOT_FOUND for a job key that never existed', async () => {
    // when
    const call = engine.client.completeJob({ jobKey: UNKNOWN_KEY, variables: {} });

    // then
    await expect(call).rejects.toMatchObject({ code: status.NOT_FOUND });
  });

  it('should let a worker from createWorker complete the jobs of its type', async () => {
    // given
    await deployProcess(engine.client, 'jobs-single-task.bpmn');
    const worker = engine.client.createWorker({
      taskType: 'jobs-worker',
      taskHandler: (job) =>
        job.complete({ ditanganiOleh: 'worker', langkahDilihat: job.variables.langkah ?? '-' }),
      pollInterval: 100,
      longPoll: 1000,
      loglevel: 'NONE',
    });

    try {
      // when
      const result = await engine.client.createProcessInstanceWithResult({
        bpmnProcessId: 'jobs-single-task',
        variables: { langkah: 'worker' },
        requestTimeout: 10_000,
      });

      // then
      expect(result.variables).toEqual({
        langkah: 'worker',
        ditanganiOleh: 'worker',
        langkahDilihat: 'worker',
      });
    } finally {
      await worker.close();
    }
  });
});

describe('job activation timeout', () => {
  it('should make a job activatable again after its timeout, with its retries intact', async () => {
    // given a job activated for 500 ms
    const { processInstanceKey, type } = await startSingleTask('timeout');
    const first = await activateJob(engine.client, { type, processInstanceKey, timeout: 500 });

    // when nobody completes it, then it comes back
    const again = await activateJob(engine.client, { type, processInstanceKey }, 5000);
    expect(again.key).toBe(first.key);
    expect(again.retries).toBe(first.retries);
    await engine.client.completeJob({ jobKey: again.key, variables: {} });
  });

  it('should keep a job activated past its first deadline after UpdateJobTimeout', async () => {
    // given a job activated for 500 ms
    const { processInstanceKey, type } = await startSingleTask('update-timeout');
    const job = await activateJob(engine.client, { type, processInstanceKey, timeout: 500 });

    // when
    await engine.client.updateJobTimeout({ jobKey: job.key, timeout: 30_000 });

    // then it stays with us well past the first deadline (Zeebe checks deadlines every second)
    await expectNoJobs(engine.client, { type, processInstanceKey }, 2000);
    await engine.client.completeJob({ jobKey: job.key, variables: {} });
  });

  it('should answer NOT_FOUND to UpdateJobTimeout for an unknown job', async () => {
    // when
    const call = engine.client.updateJobTimeout({ jobKey: UNKNOWN_KEY, timeout: 1000 });

    // then
    await expect(call).rejects.toMatchObject({ code: status.NOT_FOUND });
  });
});

describe('FailJob with retries left', () => {
  it('should make the job activatable again with the retries it was failed with', async () => {
    // given
    const { processInstanceKey, type } = await startSingleTask('fail');
    const job = await activateJob(engine.client, { type, processInstanceKey });

    // when
    await engine.client.failJob({
      jobKey: job.key,
      retries: 2,
      errorMessage: 'SIAK tidak menjawab',
      retryBackOff: 0,
    });

    // then
    const again = await activateJob(engine.client, { type, processInstanceKey });
    expect(again.key).toBe(job.key);
    expect(again.retries).toBe(2);
  });

  it('should keep FailJob variables local to the task', async () => {
    // given
    await deployProcess(engine.client, 'jobs-single-task.bpmn');
    const kasus = uniqueCase('fail-variables');
    const result = startInstanceWithResult(engine.client, 'jobs-single-task', {
      langkah: 'fail-variables',
      kasus,
    });
    const query: JobQuery = {
      type: 'jobs-fail-variables',
      where: (candidate) => candidate.variables.kasus === kasus,
    };
    const job = await activateJob(engine.client, query);

    // when
    await engine.client.failJob({
      jobKey: job.key,
      retries: 1,
      errorMessage: 'coba lagi',
      retryBackOff: 0,
      variables: { percobaan: 1 },
    });

    // then the next attempt sees the variable, the instance does not keep it
    const again = await activateJob(engine.client, query);
    expect(again.variables).toEqual({ langkah: 'fail-variables', kasus, percobaan: 1 });
    await engine.client.completeJob({ jobKey: again.key, variables: {} });
    expect((await result).variables).toEqual({ langkah: 'fail-variables', kasus });
  });

  it('should not hand the job out again before its retryBackOff has passed', async () => {
    // given
    const { processInstanceKey, type } = await startSingleTask('backoff');
    const job = await activateJob(engine.client, { type, processInstanceKey });
    const failedAt = Date.now();

    // when
    await engine.client.failJob({
      jobKey: job.key,
      retries: 2,
      errorMessage: 'printer offline',
      retryBackOff: 1000,
    });

    // then
    expect(await activateJobsNow(engine.client, { type, processInstanceKey })).toEqual([]);
    const again = await activateJob(engine.client, { type, processInstanceKey }, 5000);
    // 50 ms of slack for timer granularity; the engine must not hand it out before 1000 ms.
    expect(Date.now() - failedAt).toBeGreaterThanOrEqual(950);
    expect(again.retries).toBe(2);
  });
});
