import {
  activateJob,
  deployProcess,
  expectEnded,
  expectJobGone,
  expectNoJobs,
  instanceIsActive,
  startInstance,
  startInstanceWithResult,
  uniqueCase,
  useEngine,
} from './support.js';

const engine = useEngine();

// escalations-non-interrupting and escalations-interrupting share one shape: a subprocess forks
// into `tunggu` and `picu`; after `picu` an escalation throw event (PERLU_PERSETUJUAN) leads to
// `sesudah`. A boundary event on the subprocess catches the escalation and leads to `lapor`; the
// flow after the subprocess leads to `selesai`.
async function subprocessAtTheThrow(bpmnProcessId: string, prefix: string) {
  await deployProcess(engine.client, `${bpmnProcessId}.bpmn`);
  const { processInstanceKey } = await startInstance(engine.client, bpmnProcessId);
  const tunggu = await activateJob(engine.client, { type: `${prefix}-tunggu`, processInstanceKey });
  const picu = await activateJob(engine.client, { type: `${prefix}-picu`, processInstanceKey });
  const query = (name: string) => ({ type: `${prefix}-${name}`, processInstanceKey });
  return { processInstanceKey, tunggu, picu, query };
}

describe('escalation boundary event on a subprocess', () => {
  it('should run the boundary path and also continue after the throw event when non-interrupting', async () => {
    // given
    const { processInstanceKey, tunggu, picu, query } = await subprocessAtTheThrow(
      'escalations-non-interrupting',
      'escalations-ni',
    );

    // when the escalation is thrown
    await engine.client.completeJob({ jobKey: picu.key, variables: {} });

    // then the throw event's outgoing flow is taken, and the boundary path runs
    const sesudah = await activateJob(engine.client, query('sesudah'));
    const lapor = await activateJob(engine.client, query('lapor'));
    await expectNoJobs(engine.client, query('selesai'));

    // and the rest of the subprocess was not cancelled: it completes normally
    await engine.client.completeJob({ jobKey: tunggu.key, variables: {} });
    await engine.client.completeJob({ jobKey: sesudah.key, variables: {} });
    const selesai = await activateJob(engine.client, query('selesai'));
    await engine.client.completeJob({ jobKey: selesai.key, variables: {} });
    await engine.client.completeJob({ jobKey: lapor.key, variables: {} });
    await expectEnded(engine.client, processInstanceKey);
  });

  it('should cancel the subprocess and not take the outgoing flow of the throw event when interrupting', async () => {
    // given
    const { processInstanceKey, tunggu, picu, query } = await subprocessAtTheThrow(
      'escalations-interrupting',
      'escalations-int',
    );

    // when the escalation is thrown
    await engine.client.completeJob({ jobKey: picu.key, variables: {} });

    // then the boundary path runs
    const lapor = await activateJob(engine.client, query('lapor'));

    // and the subprocess's other work is gone, the throw event's flow and the flow after the
    // subprocess are never taken
    await expectJobGone(engine.client, tunggu.key);
    await expectNoJobs(engine.client, query('sesudah'));
    await expectNoJobs(engine.client, query('selesai'));
    await engine.client.completeJob({ jobKey: lapor.key, variables: {} });
    await expectEnded(engine.client, processInstanceKey);
  });
});

describe('escalation event subprocess', () => {
  it('should catch the escalation of an escalation end event', async () => {
    // given
    await deployProcess(engine.client, 'escalations-event-subprocess.bpmn');
    const { processInstanceKey } = await startInstance(
      engine.client,
      'escalations-event-subprocess',
    );
    const kerja = await activateJob(engine.client, {
      type: 'escalations-esp-kerja',
      processInstanceKey,
    });

    // when the escalation end event is reached
    await engine.client.completeJob({ jobKey: kerja.key, variables: {} });

    // then the (non-interrupting) event subprocess runs, and the instance waits for it
    const supervisor = await activateJob(engine.client, {
      type: 'escalations-esp-supervisor',
      processInstanceKey,
    });
    expect(supervisor.elementId).toBe('task-supervisor');
    expect(await instanceIsActive(engine.client, processInstanceKey)).toBe(true);
    await engine.client.completeJob({ jobKey: supervisor.key, variables: {} });
    await expectEnded(engine.client, processInstanceKey);
  });
});

describe('an escalation nobody catches', () => {
  it('should be ignored: the instance goes on and completes without an incident', async () => {
    // given a process that throws an uncaught escalation, then a task, then an uncaught
    // escalation end event
    await deployProcess(engine.client, 'escalations-uncaught.bpmn');
    const kasus = uniqueCase('lepas');

    // when
    const result = startInstanceWithResult(engine.client, 'escalations-uncaught', { kasus });

    // then the flow after the throw event is taken
    const lanjut = await activateJob(engine.client, {
      type: 'escalations-uncaught-lanjut',
      where: (job) => job.variables.kasus === kasus,
    });
    if (engine.incidentKeys) {
      expect(await engine.incidentKeys(lanjut.processInstanceKey)).toEqual([]);
    }

    // and the escalation end event completes the instance
    await engine.client.completeJob({ jobKey: lanjut.key, variables: {} });
    const completed = await result;
    expect(completed.processInstanceKey).toBe(lanjut.processInstanceKey);
    expect(completed.variables).toEqual({ kasus });
  });
});
