import { status } from '@grpc/grpc-js';

import {
  activateJob,
  deployProcess,
  eventually,
  expectNoJobs,
  instanceIsActive,
  itResolvingIncidents,
  type JobQuery,
  startInstance,
  startInstanceWithResult,
  theIncidentOf,
  uniqueCase,
  useEngine,
} from './support.js';

const engine = useEngine();

async function expectEnded(processInstanceKey: string): Promise<void> {
  await eventually(async () =>
    expect(await instanceIsActive(engine.client, processInstanceKey)).toBe(false),
  );
}

describe('embedded subprocess', () => {
  it('should run its own start, task and end before the flow after it', async () => {
    // given
    await deployProcess(engine.client, 'subcall-embedded.bpmn');
    const { processInstanceKey } = await startInstance(engine.client, 'subcall-embedded', {
      nik: '1571010101010004',
    });

    // when the task inside the subprocess is done
    const rekam = await activateJob(engine.client, {
      type: 'subcall-embedded-rekam',
      processInstanceKey,
    });
    expect(rekam.elementId).toBe('task-rekam-biometrik');
    expect(rekam.variables).toEqual({ nik: '1571010101010004' });
    await expectNoJobs(engine.client, { type: 'subcall-embedded-kirim', processInstanceKey });
    await engine.client.completeJob({ jobKey: rekam.key, variables: { biometrik: 'terekam' } });

    // then the subprocess completes and the task after it runs
    const kirim = await activateJob(engine.client, {
      type: 'subcall-embedded-kirim',
      processInstanceKey,
    });
    expect(kirim.variables).toEqual({ nik: '1571010101010004', biometrik: 'terekam' });
    await engine.client.completeJob({ jobKey: kirim.key, variables: {} });
    await expectEnded(processInstanceKey);
  });
});

describe('terminate end event', () => {
  it('should end the whole instance and cancel the job of the other branch', async () => {
    // given two parallel branches with an activated job each
    await deployProcess(engine.client, 'subcall-terminate.bpmn');
    const { processInstanceKey } = await startInstance(engine.client, 'subcall-terminate');
    const tolak = await activateJob(engine.client, {
      type: 'subcall-terminate-tolak',
      processInstanceKey,
    });
    const proses = await activateJob(engine.client, {
      type: 'subcall-terminate-proses',
      processInstanceKey,
    });

    // when one branch reaches the terminate end event
    await engine.client.completeJob({ jobKey: tolak.key, variables: {} });

    // then
    await expectEnded(processInstanceKey);
    await expect(
      engine.client.completeJob({ jobKey: proses.key, variables: {} }),
    ).rejects.toMatchObject({ code: status.NOT_FOUND });
  });
});

describe('call activity', () => {
  // Every child instance runs subcall-child; a per-test case id, copied from the parent into the
  // child, tells the tests' child jobs apart.
  function childJobOf(kasus: string): JobQuery {
    return { type: 'subcall-child-kerja', where: (job) => job.variables.kasus === kasus };
  }

  it('should start the called process with a copy of the parent variables and take back its variables', async () => {
    // given propagateAllChildVariables="true"
    await deployProcess(engine.client, 'subcall-child.bpmn');
    await deployProcess(engine.client, 'subcall-parent-propagate.bpmn');
    const kasus = uniqueCase('propagate');

    // when
    const result = startInstanceWithResult(engine.client, 'subcall-parent-propagate', {
      kasus,
      nik: '1571010101010005',
    });

    // then the child sees the parent's variables
    const child = await activateJob(engine.client, childJobOf(kasus));
    expect(child.bpmnProcessId).toBe('subcall-child');
    expect(child.variables).toEqual({ kasus, nik: '1571010101010005' });
    await engine.client.completeJob({ jobKey: child.key, variables: { hasilAnak: 'selesai' } });

    // and the parent gets the child's variables back when it completes
    const parent = await result;
    expect(parent.processInstanceKey).not.toBe(child.processInstanceKey);
    expect(parent.variables).toEqual({ kasus, nik: '1571010101010005', hasilAnak: 'selesai' });
  });

  it('should keep the child variables in the child when propagateAllChildVariables is false', async () => {
    // given no output mapping either
    await deployProcess(engine.client, 'subcall-child.bpmn');
    await deployProcess(engine.client, 'subcall-parent-isolated.bpmn');
    const kasus = uniqueCase('isolated');
    const result = startInstanceWithResult(engine.client, 'subcall-parent-isolated', { kasus });

    // when
    const child = await activateJob(engine.client, childJobOf(kasus));
    await engine.client.completeJob({ jobKey: child.key, variables: { hasilAnak: 'selesai' } });

    // then
    expect((await result).variables).toEqual({ kasus });
  });

  it('should call the process whose id a FEEL expression evaluates to', async () => {
    // given
    await deployProcess(engine.client, 'subcall-child.bpmn');
    await deployProcess(engine.client, 'subcall-parent-feel.bpmn');
    const kasus = uniqueCase('feel');

    // when
    const result = startInstanceWithResult(engine.client, 'subcall-parent-feel', {
      kasus,
      prosesAnak: 'subcall-child',
    });

    // then
    const child = await activateJob(engine.client, childJobOf(kasus));
    expect(child.bpmnProcessId).toBe('subcall-child');
    await engine.client.completeJob({ jobKey: child.key, variables: {} });
    expect((await result).variables).toEqual({ kasus, prosesAnak: 'subcall-child' });
  });

  it('should wait at a call activity whose process was never deployed', async () => {
    // given
    await deployProcess(engine.client, 'subcall-parent-missing.bpmn');

    // when
    const { processInstanceKey } = await startInstance(engine.client, 'subcall-parent-missing');

    // then nothing after the call activity happens, and the instance stays active
    await expectNoJobs(engine.client, { type: 'subcall-missing-sesudah', processInstanceKey });
    expect(await instanceIsActive(engine.client, processInstanceKey)).toBe(true);
  });

  itResolvingIncidents(
    'should raise an incident on a call activity whose process was never deployed',
    async () => {
      // given
      await deployProcess(engine.client, 'subcall-parent-missing.bpmn');

      // when
      const { processInstanceKey } = await startInstance(engine.client, 'subcall-parent-missing');

      // then
      expect(await theIncidentOf(engine, processInstanceKey)).toMatch(/^\d+$/);
    },
  );

  it('should cancel the child instance when the parent is cancelled', async () => {
    // given a parent waiting for its child's activated job
    await deployProcess(engine.client, 'subcall-child.bpmn');
    await deployProcess(engine.client, 'subcall-parent-propagate.bpmn');
    const kasus = uniqueCase('cancel');
    const { processInstanceKey } = await startInstance(engine.client, 'subcall-parent-propagate', {
      kasus,
    });
    const child = await activateJob(engine.client, childJobOf(kasus));

    // when
    await engine.client.cancelProcessInstance(processInstanceKey);

    // then
    await expectEnded(child.processInstanceKey);
    await expect(
      engine.client.completeJob({ jobKey: child.key, variables: {} }),
    ).rejects.toMatchObject({ code: status.NOT_FOUND });
    await expectEnded(processInstanceKey);
  });
});
