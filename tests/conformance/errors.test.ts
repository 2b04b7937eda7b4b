import {
  activateJob,
  deployProcess,
  expectEnded,
  expectJobGone,
  expectNoJobs,
  instanceIsActive,
  itResolvingIncidents,
  type JobQuery,
  startInstance,
  theIncidentOf,
  uniqueCase,
  useEngine,
} from './support.js';

const engine = useEngine();

describe('error boundary event', () => {
  it('should catch an error with its code thrown by the worker, and pass on its variables', async () => {
    // given
    await deployProcess(engine.client, 'errors-boundary.bpmn');
    const { processInstanceKey } = await startInstance(engine.client, 'errors-boundary', {
      nik: '1571010101010008',
    });
    const periksa = await activateJob(engine.client, {
      type: 'errors-boundary-periksa',
      processInstanceKey,
    });

    // when
    await engine.client.throwError({
      jobKey: periksa.key,
      errorCode: 'DOKUMEN_TIDAK_LENGKAP',
      errorMessage: 'akta kelahiran belum dilampirkan',
      variables: { kurang: ['akta kelahiran'] },
    });

    // then the boundary path runs and sees the variables passed with the error
    const lengkapi = await activateJob(engine.client, {
      type: 'errors-boundary-lengkapi',
      processInstanceKey,
    });
    expect(lengkapi.elementId).toBe('task-lengkapi');
    expect(lengkapi.variables).toEqual({ nik: '1571010101010008', kurang: ['akta kelahiran'] });

    // and the task's job is gone, and the normal path never runs
    await expectJobGone(engine.client, periksa.key);
    await expectNoJobs(engine.client, { type: 'errors-boundary-cetak', processInstanceKey });
  });

  it('should catch any error code with a catch-all error boundary event', async () => {
    // given
    await deployProcess(engine.client, 'errors-catch-all.bpmn');
    const { processInstanceKey } = await startInstance(engine.client, 'errors-catch-all');
    const periksa = await activateJob(engine.client, {
      type: 'errors-catch-all-periksa',
      processInstanceKey,
    });

    // when
    await engine.client.throwError({ jobKey: periksa.key, errorCode: 'APA_SAJA' });

    // then
    await activateJob(engine.client, { type: 'errors-catch-all-tangani', processInstanceKey });
    await expectNoJobs(engine.client, { type: 'errors-catch-all-cetak', processInstanceKey });
  });

  it('should prefer the boundary event with the code over the catch-all', async () => {
    // given a task with a NIK_GANDA boundary and a catch-all boundary
    await deployProcess(engine.client, 'errors-specific-wins.bpmn');
    const { processInstanceKey } = await startInstance(engine.client, 'errors-specific-wins');
    const periksa = await activateJob(engine.client, {
      type: 'errors-specific-periksa',
      processInstanceKey,
    });

    // when
    await engine.client.throwError({ jobKey: periksa.key, errorCode: 'NIK_GANDA' });

    // then
    await activateJob(engine.client, { type: 'errors-specific-ganda', processInstanceKey });
    await expectNoJobs(engine.client, { type: 'errors-specific-lainnya', processInstanceKey });
  });

  it('should leave another code to the catch-all beside a boundary event with a code', async () => {
    // given
    await deployProcess(engine.client, 'errors-specific-wins.bpmn');
    const { processInstanceKey } = await startInstance(engine.client, 'errors-specific-wins');
    const periksa = await activateJob(engine.client, {
      type: 'errors-specific-periksa',
      processInstanceKey,
    });

    // when
    await engine.client.throwError({ jobKey: periksa.key, errorCode: 'FOTO_BURAM' });

    // then
    await activateJob(engine.client, { type: 'errors-specific-lainnya', processInstanceKey });
    await expectNoJobs(engine.client, { type: 'errors-specific-ganda', processInstanceKey });
  });
});

describe('error event subprocess', () => {
  it('should catch an error thrown in the process and end the instance after it', async () => {
    // given
    await deployProcess(engine.client, 'errors-event-subprocess.bpmn');
    const { processInstanceKey } = await startInstance(engine.client, 'errors-event-subprocess');
    const proses = await activateJob(engine.client, {
      type: 'errors-esp-proses',
      processInstanceKey,
    });

    // when
    await engine.client.throwError({ jobKey: proses.key, errorCode: 'GAGAL_VERIFIKASI' });

    // then the event subprocess runs instead of the rest of the process
    const tangani = await activateJob(engine.client, {
      type: 'errors-esp-tangani',
      processInstanceKey,
    });
    await expectNoJobs(engine.client, { type: 'errors-esp-lanjut', processInstanceKey });
    await engine.client.completeJob({ jobKey: tangani.key, variables: {} });
    await expectEnded(engine.client, processInstanceKey);
  });
});

describe('errors crossing scopes', () => {
  it('should catch an error thrown inside a subprocess with a boundary event on the subprocess', async () => {
    // given
    await deployProcess(engine.client, 'errors-subprocess.bpmn');
    const { processInstanceKey } = await startInstance(engine.client, 'errors-subprocess');
    const rekam = await activateJob(engine.client, {
      type: 'errors-sub-rekam',
      processInstanceKey,
    });

    // when
    await engine.client.throwError({ jobKey: rekam.key, errorCode: 'ALAT_RUSAK' });

    // then
    await activateJob(engine.client, { type: 'errors-sub-manual', processInstanceKey });
    await expectNoJobs(engine.client, { type: 'errors-sub-kirim', processInstanceKey });
  });

  it('should catch an error thrown in a called process on the call activity, terminating the child', async () => {
    // given a child instance with two activated jobs
    await deployProcess(engine.client, 'errors-call-child.bpmn');
    await deployProcess(engine.client, 'errors-call-parent.bpmn');
    const kasus = uniqueCase('anak');
    const { processInstanceKey } = await startInstance(engine.client, 'errors-call-parent', {
      kasus,
    });
    const childJob = (type: string): JobQuery => ({
      type,
      where: (job) => job.variables.kasus === kasus,
    });
    const lempar = await activateJob(engine.client, childJob('errors-anak-lempar'));
    const lain = await activateJob(engine.client, childJob('errors-anak-lain'));
    expect(lempar.processInstanceKey).not.toBe(processInstanceKey);

    // when one child job throws an error only the parent catches
    await engine.client.throwError({ jobKey: lempar.key, errorCode: 'DATA_TIDAK_VALID' });

    // then the parent's boundary path runs
    await activateJob(engine.client, { type: 'errors-induk-tangani', processInstanceKey });
    await expectNoJobs(engine.client, { type: 'errors-induk-lanjut', processInstanceKey });

    // and the child instance was terminated with its other job
    await expectEnded(engine.client, lempar.processInstanceKey);
    await expectJobGone(engine.client, lain.key);
  });

  it('should catch the error of an error end event with a boundary event on the enclosing subprocess', async () => {
    // given
    await deployProcess(engine.client, 'errors-end-event.bpmn');
    const { processInstanceKey } = await startInstance(engine.client, 'errors-end-event');
    const cek = await activateJob(engine.client, { type: 'errors-end-cek', processInstanceKey });

    // when the subprocess reaches its error end event
    await engine.client.completeJob({ jobKey: cek.key, variables: { hasilCek: 'ditolak' } });

    // then
    const ditolak = await activateJob(engine.client, {
      type: 'errors-end-ditolak',
      processInstanceKey,
    });
    expect(ditolak.variables).toEqual({ hasilCek: 'ditolak' });
    await expectNoJobs(engine.client, { type: 'errors-end-lanjut', processInstanceKey });
  });
});

describe('an error nobody catches', () => {
  async function uncaught() {
    await deployProcess(engine.client, 'errors-uncaught.bpmn');
    const { processInstanceKey } = await startInstance(engine.client, 'errors-uncaught');
    const proses = await activateJob(engine.client, {
      type: 'errors-uncaught-proses',
      processInstanceKey,
    });
    await engine.client.throwError({
      jobKey: proses.key,
      errorCode: 'TIDAK_DITANGANI',
      errorMessage: 'kode yang tidak ditangkap',
    });
    return { processInstanceKey, proses };
  }

  it('should raise an incident: the job is not handed out again and the instance stays active', async () => {
    // when
    const { processInstanceKey } = await uncaught();

    // then
    await expectNoJobs(engine.client, { type: 'errors-uncaught-proses', processInstanceKey });
    await expectNoJobs(engine.client, { type: 'errors-uncaught-lanjut', processInstanceKey });
    expect(await instanceIsActive(engine.client, processInstanceKey)).toBe(true);
  });

  itResolvingIncidents('should hand the job out again once the incident is resolved', async () => {
    // given
    const { processInstanceKey, proses } = await uncaught();
    const incidentKey = await theIncidentOf(engine, processInstanceKey);

    // when
    await engine.client.resolveIncident({ incidentKey });

    // then the same job can be activated and completed, and the instance goes on
    const again = await activateJob(engine.client, {
      type: 'errors-uncaught-proses',
      processInstanceKey,
    });
    expect(again.key).toBe(proses.key);
    await engine.client.completeJob({ jobKey: again.key, variables: {} });
    await activateJob(engine.client, { type: 'errors-uncaught-lanjut', processInstanceKey });
  });
});
