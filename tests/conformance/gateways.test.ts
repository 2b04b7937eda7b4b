import {
  activateJob,
  deployProcess,
  eventually,
  expectNoJobs,
  instanceIsActive,
  itResolvingIncidents,
  startInstance,
  theIncidentOf,
  useEngine,
} from './support.js';

const engine = useEngine();

async function expectEnded(processInstanceKey: string): Promise<void> {
  await eventually(async () =>
    expect(await instanceIsActive(engine.client, processInstanceKey)).toBe(false),
  );
}

describe('exclusive gateway', () => {
  it('should take the first flow whose condition is true', async () => {
    // given jumlah > 10 and jumlah > 5 both hold
    await deployProcess(engine.client, 'gateways-exclusive.bpmn');

    // when
    const { processInstanceKey } = await startInstance(engine.client, 'gateways-exclusive', {
      jumlah: 20,
    });

    // then
    const job = await activateJob(engine.client, {
      type: 'gateways-exclusive-besar',
      processInstanceKey,
    });
    expect(job.elementId).toBe('task-besar');
    await expectNoJobs(engine.client, { type: 'gateways-exclusive-sedang', processInstanceKey });
    await expectNoJobs(engine.client, { type: 'gateways-exclusive-kecil', processInstanceKey });
  });

  it('should take the default flow when no condition is true', async () => {
    // given
    await deployProcess(engine.client, 'gateways-exclusive.bpmn');

    // when
    const { processInstanceKey } = await startInstance(engine.client, 'gateways-exclusive', {
      jumlah: 1,
    });

    // then
    await activateJob(engine.client, { type: 'gateways-exclusive-kecil', processInstanceKey });
    await expectNoJobs(engine.client, { type: 'gateways-exclusive-besar', processInstanceKey });
    await expectNoJobs(engine.client, { type: 'gateways-exclusive-sedang', processInstanceKey });
  });

  it('should stop at the gateway when no condition is true and there is no default', async () => {
    // given
    await deployProcess(engine.client, 'gateways-exclusive-no-default.bpmn');

    // when
    const { processInstanceKey } = await startInstance(
      engine.client,
      'gateways-exclusive-no-default',
      { antrian: 'lainnya' },
    );

    // then no flow was taken, and the instance neither ended nor failed away
    await expectNoJobs(engine.client, {
      type: 'gateways-no-default-prioritas',
      processInstanceKey,
    });
    await expectNoJobs(engine.client, { type: 'gateways-no-default-umum', processInstanceKey });
    expect(await instanceIsActive(engine.client, processInstanceKey)).toBe(true);
  });

  itResolvingIncidents(
    'should raise an incident that, once the variables are fixed and it is resolved, lets the instance continue',
    async () => {
      // given an instance stuck at the gateway
      await deployProcess(engine.client, 'gateways-exclusive-no-default.bpmn');
      const { processInstanceKey } = await startInstance(
        engine.client,
        'gateways-exclusive-no-default',
        { antrian: 'lainnya' },
      );
      const incidentKey = await theIncidentOf(engine, processInstanceKey);

      // when
      await engine.client.setVariables({
        elementInstanceKey: processInstanceKey,
        variables: { antrian: 'umum' },
        local: false,
      });
      await engine.client.resolveIncident({ incidentKey });

      // then
      const job = await activateJob(engine.client, {
        type: 'gateways-no-default-umum',
        processInstanceKey,
      });
      expect(job.variables).toEqual({ antrian: 'umum' });
      await expectNoJobs(engine.client, {
        type: 'gateways-no-default-prioritas',
        processInstanceKey,
      });
    },
  );
});

describe('parallel gateway', () => {
  it('should fork into both branches and join only once both have arrived', async () => {
    // given
    await deployProcess(engine.client, 'gateways-parallel.bpmn');
    const { processInstanceKey } = await startInstance(engine.client, 'gateways-parallel');
    const foto = await activateJob(engine.client, {
      type: 'gateways-parallel-foto',
      processInstanceKey,
    });
    const sidikJari = await activateJob(engine.client, {
      type: 'gateways-parallel-sidik-jari',
      processInstanceKey,
    });

    // when the first branch arrives, then the join waits
    await engine.client.completeJob({ jobKey: foto.key, variables: { foto: 'ok' } });
    await expectNoJobs(engine.client, { type: 'gateways-parallel-kirim', processInstanceKey });

    // when the second branch arrives, then the join continues exactly once
    await engine.client.completeJob({ jobKey: sidikJari.key, variables: { sidikJari: 'ok' } });
    const kirim = await activateJob(engine.client, {
      type: 'gateways-parallel-kirim',
      processInstanceKey,
    });
    expect(kirim.variables).toEqual({ foto: 'ok', sidikJari: 'ok' });
    await expectNoJobs(engine.client, { type: 'gateways-parallel-kirim', processInstanceKey });

    // and the instance completes after the last task
    await engine.client.completeJob({ jobKey: kirim.key, variables: {} });
    await expectEnded(processInstanceKey);
  });
});

// Zeebe 8.5 supports only the diverging inclusive gateway (the joining one arrived in 8.6), so
// the fixture ends each branch on its own end event instead of joining them.
describe('inclusive gateway', () => {
  it('should take every flow whose condition is true, and not the default', async () => {
    // given
    await deployProcess(engine.client, 'gateways-inclusive.bpmn');

    // when
    const { processInstanceKey } = await startInstance(engine.client, 'gateways-inclusive', {
      dokumenKK: true,
      dokumenAkta: true,
      dokumenSurat: false,
    });

    // then
    const kk = await activateJob(engine.client, {
      type: 'gateways-inclusive-kk',
      processInstanceKey,
    });
    const akta = await activateJob(engine.client, {
      type: 'gateways-inclusive-akta',
      processInstanceKey,
    });
    await expectNoJobs(engine.client, { type: 'gateways-inclusive-surat', processInstanceKey });
    await expectNoJobs(engine.client, { type: 'gateways-inclusive-manual', processInstanceKey });

    // and the instance ends once the two taken branches have
    await engine.client.completeJob({ jobKey: kk.key, variables: {} });
    expect(await instanceIsActive(engine.client, processInstanceKey)).toBe(true);
    await engine.client.completeJob({ jobKey: akta.key, variables: {} });
    await expectEnded(processInstanceKey);
  });

  it('should take only the default flow when no condition is true', async () => {
    // given
    await deployProcess(engine.client, 'gateways-inclusive.bpmn');

    // when
    const { processInstanceKey } = await startInstance(engine.client, 'gateways-inclusive', {
      dokumenKK: false,
      dokumenAkta: false,
      dokumenSurat: false,
    });

    // then
    const manual = await activateJob(engine.client, {
      type: 'gateways-inclusive-manual',
      processInstanceKey,
    });
    for (const type of [
      'gateways-inclusive-kk',
      'gateways-inclusive-akta',
      'gateways-inclusive-surat',
    ]) {
      await expectNoJobs(engine.client, { type, processInstanceKey });
    }
    await engine.client.completeJob({ jobKey: manual.key, variables: {} });
    await expectEnded(processInstanceKey);
  });
});
