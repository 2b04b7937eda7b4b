import { status } from '@grpc/grpc-js';

import {
  activateJob,
  deployProcess,
  eventually,
  instanceIsActive,
  type JobQuery,
  rejectionOf,
  startInstance,
  startInstanceWithResult,
  uniqueCase,
  UNKNOWN_KEY,
  useEngine,
} from './support.js';

const engine = useEngine();

function jobOfCase(type: string, kasus: string): JobQuery {
  return { type, where: (job) => job.variables.kasus === kasus };
}

describe('input and output mappings', () => {
  it('should give the job the input-mapped variables without leaving them in the instance', async () => {
    // given
    await deployProcess(engine.client, 'variables-input-mapping.bpmn');
    const kasus = uniqueCase('input');
    const pemohon = { nik: '1571010101010006', nama: 'Dewi' };
    const result = startInstanceWithResult(engine.client, 'variables-input-mapping', {
      kasus,
      pemohon,
      nomorLoket: 3,
    });

    // when
    const job = await activateJob(engine.client, jobOfCase('variables-input', kasus));
    await engine.client.completeJob({ jobKey: job.key, variables: {} });

    // then
    expect(job.variables).toEqual({
      kasus,
      pemohon,
      nomorLoket: 3,
      nik: '1571010101010006',
      loket: 'loket-3',
    });
    expect((await result).variables).toEqual({ kasus, pemohon, nomorLoket: 3 });
  });

  it('should let only the output-mapped variables out of the task', async () => {
    // given
    await deployProcess(engine.client, 'variables-output-mapping.bpmn');
    const kasus = uniqueCase('output');
    const result = startInstanceWithResult(engine.client, 'variables-output-mapping', { kasus });
    const job = await activateJob(engine.client, jobOfCase('variables-output', kasus));

    // when
    await engine.client.completeJob({
      jobKey: job.key,
      variables: { hasil: { status: 'LENGKAP', catatan: 'semua berkas ada' }, petugas: 'budi' },
    });

    // then
    expect((await result).variables).toEqual({ kasus, statusVerifikasi: 'LENGKAP' });
  });
});

// variables-subprocess-scope.bpmn: subprocess `sub-antrian` maps loket = "A" into its own scope,
// shadowing the root's `loket`; the task `task-layani` inside it is a job.
describe('variable scopes', () => {
  async function startInSubprocess(label: string) {
    await deployProcess(engine.client, 'variables-subprocess-scope.bpmn');
    const kasus = uniqueCase(label);
    const result = startInstanceWithResult(engine.client, 'variables-subprocess-scope', {
      kasus,
      loket: 'pusat',
    });
    const query = jobOfCase('variables-layani', kasus);
    const job = await activateJob(engine.client, query);
    return { kasus, result, query, job };
  }

  it('should propagate completion variables to the nearest scope that has them, else to the root', async () => {
    // given
    const { kasus, result, job } = await startInSubprocess('propagate');
    expect(job.variables).toEqual({ kasus, loket: 'A' });

    // when
    await engine.client.completeJob({ jobKey: job.key, variables: { loket: 'B', dilayani: true } });

    // then `loket` changed only in the subprocess scope, which ended with it; `dilayani` is new
    expect((await result).variables).toEqual({ kasus, loket: 'pusat', dilayani: true });
  });

  it('should keep SetVariables with local=true in the given scope', async () => {
    // given
    const { kasus, result, query, job } = await startInSubprocess('set-local');

    // when
    await engine.client.setVariables({
      elementInstanceKey: job.elementInstanceKey,
      variables: { catatan: 'hanya untuk tugas ini' },
      local: true,
    });

    // then the task sees it (shown by handing the job out again), the instance does not keep it
    await engine.client.failJob({
      jobKey: job.key,
      retries: 1,
      errorMessage: 'lihat lagi',
      retryBackOff: 0,
    });
    const again = await activateJob(engine.client, query);
    expect(again.variables).toEqual({ kasus, loket: 'A', catatan: 'hanya untuk tugas ini' });
    await engine.client.completeJob({ jobKey: again.key, variables: {} });
    expect((await result).variables).toEqual({ kasus, loket: 'pusat' });
  });

  it('should propagate SetVariables with local=false like completion variables', async () => {
    // given
    const { kasus, result, query, job } = await startInSubprocess('set-propagate');

    // when
    await engine.client.setVariables({
      elementInstanceKey: job.elementInstanceKey,
      variables: { loket: 'C', dicatat: true },
      local: false,
    });

    // then `loket` was updated in the subprocess scope, `dicatat` created at the root
    await engine.client.failJob({
      jobKey: job.key,
      retries: 1,
      errorMessage: 'lihat lagi',
      retryBackOff: 0,
    });
    const again = await activateJob(engine.client, query);
    expect(again.variables).toEqual({ kasus, loket: 'C', dicatat: true });
    await engine.client.completeJob({ jobKey: again.key, variables: {} });
    expect((await result).variables).toEqual({ kasus, loket: 'pusat', dicatat: true });
  });
});

describe('SetVariables', () => {
  it('should set variables on the process instance that the next job sees', async () => {
    // given
    await deployProcess(engine.client, 'variables-single-task.bpmn');
    const { processInstanceKey } = await startInstance(engine.client, 'variables-single-task', {
      status: 'baru',
    });

    // when
    await engine.client.setVariables({
      elementInstanceKey: processInstanceKey,
      variables: { status: 'diperbarui', prioritas: 1 },
      local: false,
    });

    // then
    const job = await activateJob(engine.client, { type: 'variables-single', processInstanceKey });
    expect(job.variables).toEqual({ status: 'diperbarui', prioritas: 1 });
  });

  it('should reject a document whose root is not an object with INVALID_ARGUMENT', async () => {
    // given
    await deployProcess(engine.client, 'variables-single-task.bpmn');
    const { processInstanceKey } = await startInstance(engine.client, 'variables-single-task', {
      status: 'baru',
    });

    // when the SDK passes a string document through unchanged
    const call = engine.client.setVariables({
      elementInstanceKey: processInstanceKey,
      variables: '["bukan", "objek"]' as unknown as Record<string, never>,
      local: false,
    });

    // then
    await expect(call).rejects.toMatchObject({ code: status.INVALID_ARGUMENT });
    const job = await activateJob(engine.client, { type: 'variables-single', processInstanceKey });
    expect(job.variables).toEqual({ status: 'baru' });
  });

  it('should answer NOT_FOUND for an unknown element instance', async () => {
    // when
    const call = engine.client.setVariables({
      elementInstanceKey: UNKNOWN_KEY,
      variables: { status: 'x' },
      local: false,
    });

    // then
    await expect(call).rejects.toMatchObject({ code: status.NOT_FOUND });
  });

  it('should reject a 4.5 MB document and leave the instance as it was', async () => {
    // given
    await deployProcess(engine.client, 'variables-single-task.bpmn');
    const { processInstanceKey } = await startInstance(engine.client, 'variables-single-task', {
      status: 'baru',
    });
    // Zeebe accepts at most 4 MB per message (gateway maxMessageSize), so 4.5 MB is over any limit.
    const lampiran = 'x'.repeat(4.5 * 1024 * 1024);

    // when
    const rejection = await rejectionOf(
      engine.client.setVariables({
        elementInstanceKey: processInstanceKey,
        variables: { lampiran },
        local: false,
      }),
    );

    // then
    expect([status.INVALID_ARGUMENT, status.RESOURCE_EXHAUSTED]).toContain(rejection.code);
    const job = await activateJob(engine.client, { type: 'variables-single', processInstanceKey });
    expect(job.variables).toEqual({ status: 'baru' });
    await engine.client.completeJob({ jobKey: job.key, variables: {} });
    await eventually(async () =>
      expect(await instanceIsActive(engine.client, processInstanceKey)).toBe(false),
    );
  });
});
