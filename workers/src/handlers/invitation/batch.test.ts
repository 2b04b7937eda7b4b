import type { Zeebe } from '@camunda8/sdk';

import {
  startHandlerHarness,
  type HandlerHarness,
} from '../../../../tests/helpers/handler-harness.js';
import { insertResident, talangJauh } from '../../../../tests/helpers/domain-fixtures.js';
import { eligibilityFindBatches } from './find-batches.js';
import { invitationPrepareBatch } from './prepare-batch.js';
import { invitationRecordBatchStep } from './record-batch-step.js';
import { invitationReleaseBatch, lifecycleRequestedMessage } from './release-batch.js';

// Stands in for ektp-lifecycle: started by the same message, it waits in a job we can look at.
const startedJobType = 'test.invitation.lifecycle-started';
const lifecycleStandIn = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="defs" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="test-lifecycle-stand-in" isExecutable="true">
    <bpmn:startEvent id="requested"><bpmn:messageEventDefinition messageRef="requested-message" /></bpmn:startEvent>
    <bpmn:serviceTask id="started"><bpmn:extensionElements><zeebe:taskDefinition type="${startedJobType}" /></bpmn:extensionElements></bpmn:serviceTask>
    <bpmn:endEvent id="end" />
    <bpmn:sequenceFlow id="f1" sourceRef="requested" targetRef="started" />
    <bpmn:sequenceFlow id="f2" sourceRef="started" targetRef="end" />
  </bpmn:process>
  <bpmn:message id="requested-message" name="${lifecycleRequestedMessage}" />
</bpmn:definitions>`;

type StartedJob = { nik: string; kelurahanCode: string; invitationId: number };

describe('invitation batch: prepare, sign, release', () => {
  let harness: HandlerHarness;
  let client: Zeebe.ZeebeGrpcClient;
  let batchId: number;
  let niks: string[];
  const query = <R extends object>(sql: string, params: unknown[] = []) =>
    harness.db.pool.query<R>(sql, params).then((r) => r.rows);
  const batchRow = async () =>
    (
      await query<{
        signed_at: Date | null;
        signed_by: string | null;
        signed_as: string | null;
        distributed_at: Date | null;
      }>(
        `select signed_at, signed_by, signed_as, distributed_at from app.invitation_batches where id = $1`,
        [batchId],
      )
    )[0];
  const statuses = async () =>
    (
      await query<{ status: string }>(
        `select status from app.invitations where batch_id = $1 order by id`,
        [batchId],
      )
    ).map((r) => r.status);

  /** Activates the stand-in's jobs until `count` arrived (the engine starts instances async). */
  async function startedLifecycles(count: number): Promise<StartedJob[]> {
    const started: StartedJob[] = [];
    for (let round = 0; round < 100 && started.length < count; round += 1) {
      const jobs = await client.activateJobs({
        type: startedJobType,
        worker: 'batch-test',
        maxJobsToActivate: 32,
        timeout: 60_000,
        requestTimeout: 200,
      });
      started.push(...jobs.map((job) => job.variables as unknown as StartedJob));
    }
    return started;
  }

  beforeAll(async () => {
    harness = await startHandlerHarness();
    client = harness.engine.client;
    await client.deployResource({
      process: Buffer.from(lifecycleStandIn),
      name: 'test-lifecycle-stand-in.bpmn',
    });
    niks = [
      (await insertResident(harness.db.pool, { birthDate: '2000-02-02' })).nik,
      (await insertResident(harness.db.pool, { birthDate: '2001-03-03', rt: 2 })).nik,
    ];
    const found = await harness.invoke(eligibilityFindBatches, {});
    if (found.kind !== 'complete') throw new Error('no batch to test with');
    batchId = found.variables.batches[0]?.batchId ?? 0;
  });

  afterAll(async () => {
    await harness.stop();
  });

  describe('ektp.invitation.prepare-batch', () => {
    it('should give the signing form the kelurahan and its number of residents', async () => {
      const outcome = await harness.invoke(invitationPrepareBatch, { variables: { batchId } });
      expect(outcome).toEqual({
        kind: 'complete',
        variables: { kelurahanName: 'Talang Jauh', residentCount: 2 },
      });
    });

    it('should raise an incident for a batch that does not exist', async () => {
      const outcome = await harness.invoke(invitationPrepareBatch, {
        variables: { batchId: 999_999 },
      });
      expect(outcome).toMatchObject({ kind: 'fail', noRetry: true });
    });
  });

  describe('ektp.invitation.release-batch before the signature', () => {
    it('should refuse to release an unsigned batch and change nothing', async () => {
      const outcome = await harness.invoke(invitationReleaseBatch, { variables: { batchId } });
      expect(outcome).toEqual({
        kind: 'fail',
        noRetry: true,
        message: expect.stringContaining('has not been signed') as string,
      });
      expect(await statuses()).toEqual(['DRAFT', 'DRAFT']);
      expect((await batchRow())?.distributed_at).toBeNull();
    });
  });

  describe('ektp.invitation.record-batch-step', () => {
    it('should refuse a step it does not know', () => {
      expect(invitationRecordBatchStep.headers.safeParse({ step: 'DISTRIBUTED' }).success).toBe(
        false,
      );
    });

    it('should raise an incident for a batch that does not exist', async () => {
      const outcome = await harness.invoke(invitationRecordBatchStep, {
        variables: { batchId: 999_999, signature: 'CAMAT' },
        headers: { step: 'SIGNED' },
      });
      expect(outcome).toMatchObject({ kind: 'fail', noRetry: true });
    });

    it('should record the signature and turn the drafts into signed letters', async () => {
      // given Monday 2 March 2026, 10:00 WIB
      harness.clock.pin(Date.parse('2026-03-02T03:00:00Z'));

      // when the Sekcam signs on behalf of the Camat
      const outcome = await harness.invoke(invitationRecordBatchStep, {
        variables: { batchId, signature: 'SEKCAM', taskCompletedBy: 'sekcam' },
        headers: { step: 'SIGNED' },
      });

      // then
      expect(outcome).toEqual({ kind: 'complete', variables: {} });
      expect(await batchRow()).toEqual({
        signed_at: new Date('2026-03-02T03:00:00Z'),
        signed_by: 'sekcam',
        signed_as: 'SEKCAM',
        distributed_at: null,
      });
      expect(await statuses()).toEqual(['SIGNED', 'SIGNED']);
    });

    it('should keep the first signature when the job comes again', async () => {
      // given
      harness.clock.add(60 * 60_000);

      // when
      const outcome = await harness.invoke(invitationRecordBatchStep, {
        variables: { batchId, signature: 'CAMAT', taskCompletedBy: 'camat' },
        headers: { step: 'SIGNED' },
      });

      // then
      expect(outcome.kind).toBe('complete');
      expect(await batchRow()).toMatchObject({
        signed_at: new Date('2026-03-02T03:00:00Z'),
        signed_by: 'sekcam',
        signed_as: 'SEKCAM',
      });
      expect(await statuses()).toEqual(['SIGNED', 'SIGNED']);
    });
  });

  describe('ektp.invitation.release-batch', () => {
    it("should hand the letters to the RT and request each resident's lifecycle", async () => {
      // given Tuesday 3 March 2026, 09:00 WIB
      harness.clock.pin(Date.parse('2026-03-03T02:00:00Z'));

      // when
      const outcome = await harness.invoke(invitationReleaseBatch, { variables: { batchId } });

      // then
      expect(outcome).toEqual({ kind: 'complete', variables: {} });
      expect(await statuses()).toEqual(['AT_RT', 'AT_RT']);
      expect((await batchRow())?.distributed_at).toEqual(new Date('2026-03-03T02:00:00Z'));
      const ids = await query<{ id: string; nik: string }>(
        `select id, nik from app.invitations where batch_id = $1`,
        [batchId],
      );
      const started = await startedLifecycles(2);
      expect(started).toEqual(
        expect.arrayContaining(
          ids.map((row) => ({
            nik: row.nik,
            kelurahanCode: talangJauh,
            invitationId: Number(row.id),
          })),
        ),
      );
      expect(started.map((s) => s.nik).sort()).toEqual([...niks].sort());
    });

    it('should start no second lifecycle and keep the release time when the job comes again', async () => {
      // given
      harness.clock.add(60 * 60_000);

      // when
      const outcome = await harness.invoke(invitationReleaseBatch, { variables: { batchId } });

      // then a message published after the repeat is the next to start anything
      expect(outcome.kind).toBe('complete');
      const probe = (await insertResident(harness.db.pool, { birthDate: '2002-04-04' })).nik;
      await client.publishMessage({
        name: lifecycleRequestedMessage,
        correlationKey: probe,
        variables: { nik: probe, kelurahanCode: talangJauh, invitationId: 0 },
        timeToLive: 0,
      });
      const next = await startedLifecycles(1);
      expect(next.map((s) => s.nik)).toEqual([probe]);
      expect(await statuses()).toEqual(['AT_RT', 'AT_RT']);
      expect((await batchRow())?.distributed_at).toEqual(new Date('2026-03-03T02:00:00Z'));
    });
  });
});
