import {
  startHandlerHarness,
  type HandlerHarness,
} from '../../../../tests/helpers/handler-harness.js';
import { insertResident, talangJauh } from '../../../../tests/helpers/domain-fixtures.js';
import { invitationIssue } from './issue.js';
import { invitationRecordDelivery } from './record-delivery.js';

describe('one letter: issue and delivery', () => {
  let harness: HandlerHarness;
  let batchId: number;
  let serial = 0;
  const query = <R extends object>(sql: string, params: unknown[] = []) =>
    harness.db.pool.query<R>(sql, params).then((r) => r.rows);

  /** A resident with a letter of this month's Talang Jauh batch in `status`. */
  async function letter(status = 'AT_RT'): Promise<{ nik: string; invitationId: number }> {
    serial += 1;
    const { nik } = await insertResident(harness.db.pool, { birthDate: '2000-06-06' });
    const [row] = await query<{ id: string }>(
      `insert into app.invitations (batch_id, nik, attempt, letter_no, check_in_code, status)
       values ($1, $2, 1, $3, $4, $5) returning id`,
      [batchId, nik, `474.4/${batchId}/${serial}/KEC-JLT/2026`, `KODE${serial}X`, status],
    );
    return { nik, invitationId: Number(row?.id) };
  }

  const invitationRow = async (id: number) =>
    (
      await query<{
        status: string;
        undeliverable_reason: string | null;
        delivered_at: Date | null;
        delivery_note: string | null;
      }>(
        `select status, undeliverable_reason, delivered_at, delivery_note from app.invitations where id = $1`,
        [id],
      )
    )[0];

  const residentRow = async (nik: string) =>
    (
      await query<{ moved_out: boolean; deceased: boolean; enrollment_status: string }>(
        `select moved_out, deceased, enrollment_status from app.residents where nik = $1`,
        [nik],
      )
    )[0];

  beforeAll(async () => {
    harness = await startHandlerHarness();
    const [batch] = await query<{ id: string }>(
      `insert into app.invitation_batches (kelurahan_code, period, resident_count, signed_at, signed_by, distributed_at)
       values ($1, '2026-03', 0, '2026-03-02T03:00Z', 'camat', '2026-03-02T04:00Z') returning id`,
      [talangJauh],
    );
    batchId = Number(batch?.id);
  });

  afterAll(async () => {
    await harness.stop();
  });

  describe('ektp.invitation.issue', () => {
    it('should give the process the attempt, the check-in code and the letter number', async () => {
      // given
      const { nik, invitationId } = await letter();

      // when
      const outcome = await harness.invoke(invitationIssue, { variables: { nik, invitationId } });
      const again = await harness.invoke(invitationIssue, { variables: { nik, invitationId } });

      // then
      expect(outcome).toEqual({
        kind: 'complete',
        variables: {
          invitationAttempt: 1,
          checkInCode: `KODE${serial}X`,
          letterNo: `474.4/${batchId}/${serial}/KEC-JLT/2026`,
        },
      });
      expect(again).toEqual(outcome);
      expect(await invitationRow(invitationId)).toMatchObject({ status: 'AT_RT' });
    });

    it('should raise an incident for a letter not signed yet', async () => {
      const { nik, invitationId } = await letter('DRAFT');
      const outcome = await harness.invoke(invitationIssue, { variables: { nik, invitationId } });
      expect(outcome).toEqual({
        kind: 'fail',
        noRetry: true,
        message: expect.stringContaining('DRAFT') as string,
      });
    });

    it("should raise an incident for another resident's letter or one that does not exist", async () => {
      const { invitationId } = await letter();
      const other = await letter();
      expect(
        await harness.invoke(invitationIssue, { variables: { nik: other.nik, invitationId } }),
      ).toMatchObject({ kind: 'fail', noRetry: true });
      expect(
        await harness.invoke(invitationIssue, {
          variables: { nik: other.nik, invitationId: 999_999 },
        }),
      ).toMatchObject({ kind: 'fail', noRetry: true });
    });
  });

  describe('ektp.invitation.record-delivery', () => {
    it('should date a delivered letter with the note of the RT, once', async () => {
      // given
      harness.clock.pin(Date.parse('2026-03-04T03:00:00Z'));
      const { nik, invitationId } = await letter();

      // when the same answer comes twice, an hour apart
      const outcome = await harness.invoke(invitationRecordDelivery, {
        variables: { invitationId, deliveryOutcome: 'DELIVERED', note: ' Diterima ibunya ' },
      });
      harness.clock.add(60 * 60_000);
      const again = await harness.invoke(invitationRecordDelivery, {
        variables: { invitationId, deliveryOutcome: 'DELIVERED', note: 'Diterima ibunya' },
      });

      // then
      expect(outcome).toEqual({ kind: 'complete', variables: {} });
      expect(again).toEqual(outcome);
      expect(await invitationRow(invitationId)).toEqual({
        status: 'DELIVERED',
        undeliverable_reason: null,
        delivered_at: new Date('2026-03-04T03:00:00Z'),
        delivery_note: 'Diterima ibunya',
      });
      expect(await residentRow(nik)).toEqual({
        moved_out: false,
        deceased: false,
        enrollment_status: 'UNREGISTERED',
      });
    });

    it.each([
      ['MOVED', { moved_out: true, deceased: false }],
      ['DECEASED', { moved_out: false, deceased: true }],
      ['ALREADY_RECORDED', { moved_out: false, deceased: false }],
      ['UNKNOWN_ADDRESS', { moved_out: false, deceased: false }],
    ])(
      'should make the letter undeliverable for %s and mark the resident',
      async (reason, marks) => {
        // given
        const { nik, invitationId } = await letter();

        // when
        const outcome = await harness.invoke(invitationRecordDelivery, {
          variables: { invitationId, deliveryOutcome: reason },
        });
        const again = await harness.invoke(invitationRecordDelivery, {
          variables: { invitationId, deliveryOutcome: reason },
        });

        // then
        expect(outcome).toEqual({ kind: 'complete', variables: {} });
        expect(again).toEqual(outcome);
        expect(await invitationRow(invitationId)).toEqual({
          status: 'UNDELIVERABLE',
          undeliverable_reason: reason,
          delivered_at: null,
          delivery_note: null,
        });
        expect(await residentRow(nik)).toEqual({ ...marks, enrollment_status: 'UNREGISTERED' });
      },
    );

    it('should raise an incident for an answer contradicting the recorded one, and keep the record', async () => {
      // given
      const { nik, invitationId } = await letter();
      await harness.invoke(invitationRecordDelivery, {
        variables: { invitationId, deliveryOutcome: 'DELIVERED' },
      });
      const before = await invitationRow(invitationId);

      // when
      const outcome = await harness.invoke(invitationRecordDelivery, {
        variables: { invitationId, deliveryOutcome: 'MOVED' },
      });

      // then
      expect(outcome).toEqual({
        kind: 'fail',
        noRetry: true,
        message: expect.stringContaining('already DELIVERED') as string,
      });
      expect(await invitationRow(invitationId)).toEqual(before);
      expect(await residentRow(nik)).toMatchObject({ moved_out: false });
    });

    it('should raise an incident for a letter not signed yet, and leave it a draft', async () => {
      const { invitationId } = await letter('DRAFT');
      const outcome = await harness.invoke(invitationRecordDelivery, {
        variables: { invitationId, deliveryOutcome: 'DELIVERED' },
      });
      expect(outcome).toMatchObject({ kind: 'fail', noRetry: true });
      expect(await invitationRow(invitationId)).toMatchObject({ status: 'DRAFT' });
    });

    it('should refuse an answer the form does not offer', () => {
      expect(
        invitationRecordDelivery.variables.safeParse({ invitationId: 1, deliveryOutcome: 'LOST' })
          .success,
      ).toBe(false);
    });
  });
});
