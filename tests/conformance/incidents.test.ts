import { status } from '@grpc/grpc-js';

import {
  activateJob,
  deployProcess,
  eventually,
  expectNoJobs,
  instanceIsActive,
  itResolvingIncidents,
  startInstance,
  theIncidentOf,
  UNKNOWN_KEY,
  useEngine,
} from './support.js';

const engine = useEngine();

// incidents-single-task.bpmn has one service task of type `= "incidents-" + langkah`.
async function failedWithoutRetries(langkah: string) {
  await deployProcess(engine.client, 'incidents-single-task.bpmn');
  const { processInstanceKey } = await startInstance(engine.client, 'incidents-single-task', {
    langkah,
  });
  const type = `incidents-${langkah}`;
  const job = await activateJob(engine.client, { type, processInstanceKey });
  await engine.client.failJob({
    jobKey: job.key,
    retries: 0,
    errorMessage: 'data SIAK tidak valid',
    retryBackOff: 0,
  });
  return { processInstanceKey, type, job };
}

describe('a job failed without retries', () => {
  it('should not be handed out again, while the instance stays active', async () => {
    // when
    const { processInstanceKey, type } = await failedWithoutRetries('no-retries');

    // then
    await expectNoJobs(engine.client, { type, processInstanceKey });
    expect(await instanceIsActive(engine.client, processInstanceKey)).toBe(true);
  });

  it('should refuse CompleteJob and FailJob with FAILED_PRECONDITION', async () => {
    // given
    const { job } = await failedWithoutRetries('refused');

    // when, then
    await expect(
      engine.client.completeJob({ jobKey: job.key, variables: {} }),
    ).rejects.toMatchObject({ code: status.FAILED_PRECONDITION });
    await expect(
      engine.client.failJob({ jobKey: job.key, retries: 0, errorMessage: 'lagi', retryBackOff: 0 }),
    ).rejects.toMatchObject({ code: status.FAILED_PRECONDITION });
  });

  itResolvingIncidents(
    'should be handed out again after UpdateJobRetries and ResolveIncident, and the instance continue',
    async () => {
      // given
      const { processInstanceKey, type, job } = await failedWithoutRetries('resolve');
      const incidentKey = await theIncidentOf(engine, processInstanceKey);

      // when
      await engine.client.updateJobRetries({ jobKey: job.key, retries: 2 });
      await engine.client.resolveIncident({ incidentKey });

      // then
      const again = await activateJob(engine.client, { type, processInstanceKey });
      expect(again.key).toBe(job.key);
      expect(again.retries).toBe(2);
      await engine.client.completeJob({ jobKey: again.key, variables: {} });
      await eventually(async () =>
        expect(await instanceIsActive(engine.client, processInstanceKey)).toBe(false),
      );
    },
  );
});

describe('UpdateJobRetries', () => {
  it('should answer INVALID_ARGUMENT when the retries are not above zero', async () => {
    // given
    const { job } = await failedWithoutRetries('zero-retries');

    // when
    const call = engine.client.updateJobRetries({ jobKey: job.key, retries: 0 });

    // then
    await expect(call).rejects.toMatchObject({ code: status.INVALID_ARGUMENT });
  });

  it('should answer NOT_FOUND for an unknown job', async () => {
    // when
    const call = engine.client.updateJobRetries({ jobKey: UNKNOWN_KEY, retries: 1 });

    // then
    await expect(call).rejects.toMatchObject({ code: status.NOT_FOUND });
  });
});

describe('ResolveIncident', () => {
  it('should answer NOT_FOUND for an unknown incident', async () => {
    // when
    const call = engine.client.resolveIncident({ incidentKey: UNKNOWN_KEY });

    // then
    await expect(call).rejects.toMatchObject({ code: status.NOT_FOUND });
  });
});
