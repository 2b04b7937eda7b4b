import {
  activateJob,
  deployProcess,
  expectNoJobs,
  startInstanceWithResult,
  uniqueCase,
  useEngine,
} from './support.js';

const engine = useEngine();

describe('tasks implemented by job workers', () => {
  it('should create a job for send, business rule and script tasks, one after the other', async () => {
    // given send → business rule → script, each with a zeebe:taskDefinition
    await deployProcess(engine.client, 'tasks-job-based.bpmn');
    const kasus = uniqueCase('job-based');
    const result = startInstanceWithResult(engine.client, 'tasks-job-based', { kasus });

    // when the send task's job is completed
    const send = await activateJob(engine.client, {
      type: 'tasks-send',
      where: (job) => job.variables.kasus === kasus,
    });
    const { processInstanceKey } = send;
    expect(send).toMatchObject({ elementId: 'task-kirim-undangan', retries: 3 });
    await expectNoJobs(engine.client, { type: 'tasks-rule', processInstanceKey });
    await engine.client.completeJob({ jobKey: send.key, variables: { undanganTerkirim: true } });

    // then the business rule task's job follows, then the script task's
    const rule = await activateJob(engine.client, { type: 'tasks-rule', processInstanceKey });
    expect(rule.elementId).toBe('task-cek-kelayakan');
    await engine.client.completeJob({ jobKey: rule.key, variables: { layak: true } });

    const script = await activateJob(engine.client, { type: 'tasks-script', processInstanceKey });
    expect(script.elementId).toBe('task-hitung-antrian');
    await engine.client.completeJob({ jobKey: script.key, variables: { nomorAntrian: 12 } });

    expect((await result).variables).toEqual({
      kasus,
      undanganTerkirim: true,
      layak: true,
      nomorAntrian: 12,
    });
  });
});

describe('tasks without an implementation', () => {
  it('should pass through a manual task and an undefined task', async () => {
    // given
    await deployProcess(engine.client, 'tasks-pass-through.bpmn');

    // when
    const result = await engine.client.createProcessInstanceWithResult({
      bpmnProcessId: 'tasks-pass-through',
      variables: { berkas: 'lengkap' },
      requestTimeout: 10_000,
    });

    // then the instance completed on its own, variables untouched
    expect(result.variables).toEqual({ berkas: 'lengkap' });
  });
});
