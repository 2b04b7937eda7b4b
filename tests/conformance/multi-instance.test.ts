import {
  activateJob,
  activateJobsEventually,
  deployProcess,
  expectEnded,
  expectJobGone,
  expectNoJobs,
  type Job,
  type JobQuery,
  startInstance,
  startInstanceWithResult,
  uniqueCase,
  useEngine,
} from './support.js';

const engine = useEngine();

const DOKUMEN = ['ktp', 'kk', 'akta'];

/** The item and loop counter each job saw, in loop counter order. */
function itemsOf(jobs: Job[], inputElement: string) {
  return jobs
    .map((job) => ({ item: job.variables[inputElement], loopCounter: job.variables.loopCounter }))
    .sort((a, b) => Number(a.loopCounter) - Number(b.loopCounter));
}

describe('parallel multi-instance service task', () => {
  it('should create one job per item, each with its item and a 1-based loopCounter', async () => {
    // given
    await deployProcess(engine.client, 'multi-parallel.bpmn');

    // when
    const { processInstanceKey } = await startInstance(engine.client, 'multi-parallel', {
      dokumen: DOKUMEN,
    });

    // then three jobs at once, and no fourth
    const query = { type: 'multi-parallel-periksa', processInstanceKey };
    const jobs = await activateJobsEventually(engine.client, query, 3);
    await expectNoJobs(engine.client, query);
    expect(jobs).toHaveLength(3);
    expect(itemsOf(jobs, 'dok')).toEqual([
      { item: 'ktp', loopCounter: 1 },
      { item: 'kk', loopCounter: 2 },
      { item: 'akta', loopCounter: 3 },
    ]);
    expect(new Set(jobs.map((job) => job.elementInstanceKey)).size).toBe(3);

    // and the instance ends once all three are done
    for (const job of jobs) await engine.client.completeJob({ jobKey: job.key, variables: {} });
    await expectEnded(engine.client, processInstanceKey);
  });
});

describe('sequential multi-instance service task', () => {
  it('should create the next job only after the previous one completed', async () => {
    // given
    await deployProcess(engine.client, 'multi-sequential.bpmn');
    const { processInstanceKey } = await startInstance(engine.client, 'multi-sequential', {
      dokumen: DOKUMEN,
    });
    const query = { type: 'multi-sequential-periksa', processInstanceKey };

    // when, then: one item at a time, in order
    for (const [index, dok] of DOKUMEN.entries()) {
      const job = await activateJob(engine.client, query);
      expect(job.variables).toMatchObject({ dok, loopCounter: index + 1 });
      await expectNoJobs(engine.client, query);
      await engine.client.completeJob({ jobKey: job.key, variables: {} });
    }
    await expectEnded(engine.client, processInstanceKey);
  });
});

describe('multi-instance output collection', () => {
  it('should collect outputElement into outputCollection in the order of the items', async () => {
    // given
    await deployProcess(engine.client, 'multi-output.bpmn');
    const kasus = uniqueCase('hasil');
    const result = startInstanceWithResult(engine.client, 'multi-output', {
      kasus,
      dokumen: DOKUMEN,
    });
    const jobs = await activateJobsEventually(
      engine.client,
      { type: 'multi-output-periksa', where: (job) => job.variables.kasus === kasus },
      3,
    );

    // when the jobs complete in the reverse order
    const byLoopCounter = [...jobs].sort(
      (a, b) => Number(b.variables.loopCounter) - Number(a.variables.loopCounter),
    );
    for (const job of byLoopCounter) {
      await engine.client.completeJob({
        jobKey: job.key,
        variables: { hasilDok: `${job.variables.dok as string}-sah` },
      });
    }

    // then the collection follows the items, and the per-item variables stay local
    expect((await result).variables).toEqual({
      kasus,
      dokumen: DOKUMEN,
      hasil: ['ktp-sah', 'kk-sah', 'akta-sah'],
    });
  });

  it('should complete at once over an empty input collection, with an empty output collection', async () => {
    // given
    await deployProcess(engine.client, 'multi-output.bpmn');
    const kasus = uniqueCase('kosong');

    // when
    const result = await startInstanceWithResult(engine.client, 'multi-output', {
      kasus,
      dokumen: [],
    });

    // then
    expect(result.variables).toEqual({ kasus, dokumen: [], hasil: [] });
    await expectNoJobs(engine.client, {
      type: 'multi-output-periksa',
      processInstanceKey: result.processInstanceKey,
    });
  });
});

describe('multi-instance completion condition', () => {
  it('should end the activity once the condition holds, cancelling the remaining instances', async () => {
    // given three jobs and `numberOfCompletedInstances >= 2`
    await deployProcess(engine.client, 'multi-completion.bpmn');
    const { processInstanceKey } = await startInstance(engine.client, 'multi-completion', {
      dokumen: DOKUMEN,
    });
    const query = { type: 'multi-completion-periksa', processInstanceKey };
    const [first, second, third] = (await activateJobsEventually(engine.client, query, 3)).sort(
      (a, b) => Number(a.variables.loopCounter) - Number(b.variables.loopCounter),
    );
    if (!first || !second || !third) throw new Error('expected three jobs');
    const lanjut = { type: 'multi-completion-lanjut', processInstanceKey };

    // when the first completes, then the activity still waits
    await engine.client.completeJob({ jobKey: first.key, variables: {} });
    await expectNoJobs(engine.client, lanjut);

    // when the second completes
    await engine.client.completeJob({ jobKey: second.key, variables: {} });

    // then the instance continues after the activity, and the third job is gone
    await activateJob(engine.client, lanjut);
    await expectJobGone(engine.client, third.key);
    await expectNoJobs(engine.client, query);
  });
});

describe('multi-instance subprocess and call activity', () => {
  it('should run an embedded subprocess once per item', async () => {
    // given
    await deployProcess(engine.client, 'multi-subprocess.bpmn');

    // when
    const { processInstanceKey } = await startInstance(engine.client, 'multi-subprocess', {
      anggota: ['ayah', 'ibu'],
    });

    // then one job per item inside its own subprocess instance
    const query = { type: 'multi-sub-rekam', processInstanceKey };
    const jobs = await activateJobsEventually(engine.client, query, 2);
    await expectNoJobs(engine.client, query);
    expect(itemsOf(jobs, 'anggotaKeluarga')).toEqual([
      { item: 'ayah', loopCounter: 1 },
      { item: 'ibu', loopCounter: 2 },
    ]);
    const selesai = { type: 'multi-sub-selesai', processInstanceKey };

    // and the flow goes on only after both
    const [one, two] = jobs;
    if (!one || !two) throw new Error('expected two jobs');
    await engine.client.completeJob({ jobKey: one.key, variables: {} });
    await expectNoJobs(engine.client, selesai);
    await engine.client.completeJob({ jobKey: two.key, variables: {} });
    await activateJob(engine.client, selesai);
  });

  it('should call one child instance per item', async () => {
    // given
    await deployProcess(engine.client, 'multi-call-child.bpmn');
    await deployProcess(engine.client, 'multi-call.bpmn');
    const kasus = uniqueCase('keluarga');

    // when
    const { processInstanceKey } = await startInstance(engine.client, 'multi-call', {
      kasus,
      anggota: ['ayah', 'ibu', 'anak'],
    });

    // then three child instances, each with its item
    const query: JobQuery = {
      type: 'multi-call-anak-kerja',
      where: (job) => job.variables.kasus === kasus,
    };
    const jobs = await activateJobsEventually(engine.client, query, 3);
    await expectNoJobs(engine.client, query);
    expect(jobs.map((job) => job.bpmnProcessId)).toEqual([
      'multi-call-child',
      'multi-call-child',
      'multi-call-child',
    ]);
    const children = new Set(jobs.map((job) => job.processInstanceKey));
    expect(children.size).toBe(3);
    expect(children.has(processInstanceKey)).toBe(false);
    expect(itemsOf(jobs, 'anggotaKeluarga')).toEqual([
      { item: 'ayah', loopCounter: 1 },
      { item: 'ibu', loopCounter: 2 },
      { item: 'anak', loopCounter: 3 },
    ]);

    // and the parent goes on once all children have completed
    const selesai = { type: 'multi-call-selesai', processInstanceKey };
    for (const job of jobs) {
      await expectNoJobs(engine.client, selesai, 100);
      await engine.client.completeJob({ jobKey: job.key, variables: {} });
    }
    await activateJob(engine.client, selesai);
  });
});
