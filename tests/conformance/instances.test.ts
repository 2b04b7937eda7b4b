import { status } from '@grpc/grpc-js';

import {
  activateJob,
  deployProcess,
  eventually,
  expectNoJobs,
  instanceIsActive,
  startInstance,
  UNKNOWN_KEY,
  useEngine,
} from './support.js';

const engine = useEngine();

// Not covered: CreateProcessInstance by processDefinitionKey (the SDK's createProcessInstance
// sends only bpmnProcessId and version), and variables that are not a JSON object (the SDK
// refuses arrays and cannot stringify scalars, so such a request never reaches the engine).
describe('CreateProcessInstance', () => {
  it('should start the latest version when no version is given', async () => {
    // given two versions, the second with another task
    await deployProcess(engine.client, 'instances-versioned-v1.bpmn');
    const latest = await deployProcess(engine.client, 'instances-versioned-v2.bpmn');

    // when
    const created = await startInstance(engine.client, 'instances-versioned');

    // then
    expect(created).toMatchObject({
      bpmnProcessId: 'instances-versioned',
      version: latest.version,
      processDefinitionKey: latest.processDefinitionKey,
    });
    expect(created.processInstanceKey).toMatch(/^\d+$/);
    const { processInstanceKey } = created;
    const job = await activateJob(engine.client, {
      type: 'instances-versioned-baru',
      processInstanceKey,
    });
    expect(job.processDefinitionVersion).toBe(latest.version);
    await expectNoJobs(engine.client, { type: 'instances-versioned-lama', processInstanceKey });
  });

  it('should start the version it is asked for', async () => {
    // given
    const older = await deployProcess(engine.client, 'instances-versioned-v1.bpmn');
    await deployProcess(engine.client, 'instances-versioned-v2.bpmn');

    // when
    const created = await startInstance(engine.client, 'instances-versioned', {}, older.version);

    // then
    expect(created).toMatchObject({
      version: older.version,
      processDefinitionKey: older.processDefinitionKey,
    });
    const { processInstanceKey } = created;
    await activateJob(engine.client, { type: 'instances-versioned-lama', processInstanceKey });
    await expectNoJobs(engine.client, { type: 'instances-versioned-baru', processInstanceKey });
  });

  it('should answer NOT_FOUND for a process id that was never deployed', async () => {
    // when
    const call = startInstance(engine.client, 'instances-never-deployed');

    // then
    await expect(call).rejects.toMatchObject({ code: status.NOT_FOUND });
  });

  it('should answer NOT_FOUND for a version that was never deployed', async () => {
    // given
    const latest = await deployProcess(engine.client, 'instances-versioned-v2.bpmn');

    // when
    const call = startInstance(engine.client, 'instances-versioned', {}, latest.version + 1000);

    // then
    await expect(call).rejects.toMatchObject({ code: status.NOT_FOUND });
  });
});

describe('CreateProcessInstanceWithResult', () => {
  const variables = {
    nik: '1571010101010001',
    nama: 'Siti Aminah',
    jumlahAnggota: 3,
    alamat: { rt: '001', rw: '002' },
  };

  it('should answer with every variable of the completed instance', async () => {
    // given
    const deployed = await deployProcess(engine.client, 'instances-with-result.bpmn');

    // when
    const result = await engine.client.createProcessInstanceWithResult({
      bpmnProcessId: 'instances-with-result',
      variables,
      requestTimeout: 10_000,
    });

    // then
    expect(result).toMatchObject({
      bpmnProcessId: 'instances-with-result',
      version: deployed.version,
      processDefinitionKey: deployed.processDefinitionKey,
    });
    expect(result.processInstanceKey).toMatch(/^\d+$/);
    expect(result.variables).toEqual(variables);
    expect(await instanceIsActive(engine.client, result.processInstanceKey)).toBe(false);
  });

  it('should answer with only the fetchVariables when they are given', async () => {
    // given
    await deployProcess(engine.client, 'instances-with-result.bpmn');

    // when
    const result = await engine.client.createProcessInstanceWithResult({
      bpmnProcessId: 'instances-with-result',
      variables,
      fetchVariables: ['nik', 'jumlahAnggota'],
      requestTimeout: 10_000,
    });

    // then
    expect(result.variables).toEqual({ nik: variables.nik, jumlahAnggota: 3 });
  });
});

describe('CancelProcessInstance', () => {
  it('should cancel the instance so that none of its jobs can be completed', async () => {
    // given an instance with two activated jobs
    await deployProcess(engine.client, 'instances-cancel.bpmn');
    const { processInstanceKey } = await startInstance(engine.client, 'instances-cancel');
    const verifikasi = await activateJob(engine.client, {
      type: 'instances-cancel-verifikasi',
      processInstanceKey,
    });
    const arsip = await activateJob(engine.client, {
      type: 'instances-cancel-arsip',
      processInstanceKey,
    });

    // when
    await engine.client.cancelProcessInstance(processInstanceKey);

    // then
    await eventually(async () =>
      expect(await instanceIsActive(engine.client, processInstanceKey)).toBe(false),
    );
    for (const job of [verifikasi, arsip]) {
      await expect(
        engine.client.completeJob({ jobKey: job.key, variables: {} }),
      ).rejects.toMatchObject({ code: status.NOT_FOUND });
    }
  });

  it('should answer NOT_FOUND when the instance was already cancelled', async () => {
    // given
    await deployProcess(engine.client, 'instances-cancel.bpmn');
    const { processInstanceKey } = await startInstance(engine.client, 'instances-cancel');
    await engine.client.cancelProcessInstance(processInstanceKey);

    // when
    const again = engine.client.cancelProcessInstance(processInstanceKey);

    // then
    await expect(again).rejects.toMatchObject({ code: status.NOT_FOUND });
  });

  it('should answer NOT_FOUND for an unknown instance', async () => {
    // when
    const call = engine.client.cancelProcessInstance(UNKNOWN_KEY);

    // then
    await expect(call).rejects.toMatchObject({ code: status.NOT_FOUND });
  });
});
