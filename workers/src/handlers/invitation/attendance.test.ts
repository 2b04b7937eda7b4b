import {
  startHandlerHarness,
  type HandlerHarness,
} from '../../../../tests/helpers/handler-harness.js';
import { insertResident, talangJauh } from '../../../../tests/helpers/domain-fixtures.js';
import { lastLetterNumber } from './letters.js';
import { invitationRecordArrival } from './record-arrival.js';
import { invitationRecordNoShow } from './record-no-show.js';
import { invitationReissue } from './reissue.js';

describe('attendance: arrival, second invitation, no-show', () => {
  let harness: HandlerHarness;
  let batchId: number;
  let serial = 0;
  let made = 0;
  const query = <R extends object>(sql: string, params: unknown[] = []) =>
    harness.db.pool.query<R>(sql, params).then((r) => r.rows);

  /** A resident with a letter in `status`: the batch's next one, or batch-less. */
  async function letter(
    options: { status?: string; attempt?: number; batchless?: boolean } = {},
  ): Promise<{ nik: string; invitationId: number }> {
    serial = (await lastLetterNumber(harness.db.pool, batchId)) + 1;
    made += 1;
    const status = options.status ?? 'DELIVERED';
    const { nik } = await insertResident(harness.db.pool, { birthDate: '2000-08-08' });
    const [row] = await query<{ id: string }>(
      `insert into app.invitations (batch_id, nik, attempt, letter_no, check_in_code, status, delivered_at)
       values ($1, $2, $3, $4, $5, $6, case when $6 = 'DELIVERED' then now() end) returning id`,
      [
        options.batchless ? null : batchId,
        nik,
        options.attempt ?? 1,
        options.batchless
          ? `474.4/X/${made}/KEC-JLT/2026`
          : `474.4/${batchId}/${serial}/KEC-JLT/2026`,
        `ATT${made}Z`,
        status,
      ],
    );
    return { nik, invitationId: Number(row?.id) };
  }

  const statusOf = async (id: number) =>
    (await query<{ status: string }>(`select status from app.invitations where id = $1`, [id]))[0]
      ?.status;

  beforeAll(async () => {
    harness = await startHandlerHarness();
    const [batch] = await query<{ id: string }>(
      `insert into app.invitation_batches (kelurahan_code, period, resident_count, signed_at, signed_by, distributed_at)
       values ($1, '2026-02', 0, '2026-02-02T03:00Z', 'camat', '2026-02-02T04:00Z') returning id`,
      [talangJauh],
    );
    batchId = Number(batch?.id);
  });

  afterAll(async () => {
    await harness.stop();
  });

  describe('ektp.invitation.record-arrival', () => {
    it('should fulfil the invitation, once', async () => {
      const { invitationId } = await letter();
      const outcome = await harness.invoke(invitationRecordArrival, {
        variables: { invitationId },
      });
      const again = await harness.invoke(invitationRecordArrival, { variables: { invitationId } });
      expect(outcome).toEqual({ kind: 'complete', variables: {} });
      expect(again).toEqual(outcome);
      expect(await statusOf(invitationId)).toBe('FULFILLED');
    });

    it('should raise an incident for a letter that ended otherwise, and keep it', async () => {
      const { invitationId } = await letter({ status: 'NO_SHOW' });
      const outcome = await harness.invoke(invitationRecordArrival, {
        variables: { invitationId },
      });
      expect(outcome).toMatchObject({ kind: 'fail', noRetry: true });
      expect(await statusOf(invitationId)).toBe('NO_SHOW');
    });
  });

  describe('ektp.invitation.record-no-show', () => {
    it('should close the letter as NO_SHOW, once', async () => {
      const { invitationId } = await letter();
      const outcome = await harness.invoke(invitationRecordNoShow, { variables: { invitationId } });
      const again = await harness.invoke(invitationRecordNoShow, { variables: { invitationId } });
      expect(outcome).toEqual({ kind: 'complete', variables: {} });
      expect(again).toEqual(outcome);
      expect(await statusOf(invitationId)).toBe('NO_SHOW');
    });

    it('should raise an incident for a fulfilled invitation, and keep it', async () => {
      const { invitationId } = await letter({ status: 'FULFILLED' });
      const outcome = await harness.invoke(invitationRecordNoShow, { variables: { invitationId } });
      expect(outcome).toMatchObject({ kind: 'fail', noRetry: true });
      expect(await statusOf(invitationId)).toBe('FULFILLED');
    });
  });

  describe('ektp.invitation.reissue', () => {
    it('should close the first letter and send a second one to the RT, telling the resident', async () => {
      // given Wednesday 18 February 2026, 09:00 WIB; the batch's letters are numbered up to serial
      harness.clock.pin(Date.parse('2026-02-18T02:00:00Z'));
      const first = await letter();

      // when
      const outcome = await harness.invoke(invitationReissue, {
        key: '4503599627370001',
        variables: { ...first, invitationAttempt: 1 },
      });

      // then
      const [second] = await query<{
        id: string;
        batch_id: string;
        attempt: number;
        letter_no: string;
        check_in_code: string;
        status: string;
      }>(
        `select id, batch_id, attempt, letter_no, check_in_code, status from app.invitations
          where nik = $1 and attempt = 2`,
        [first.nik],
      );
      expect(second).toMatchObject({
        batch_id: String(batchId),
        attempt: 2,
        letter_no: `474.4/${batchId}/${serial + 1}/KEC-JLT/2026`,
        status: 'AT_RT',
      });
      expect(second?.check_in_code).not.toBe(`ATT${made}Z`);
      expect(outcome).toEqual({
        kind: 'complete',
        variables: {
          invitationId: Number(second?.id),
          invitationAttempt: 2,
          checkInCode: second?.check_in_code,
          letterNo: second?.letter_no,
        },
      });
      expect(await statusOf(first.invitationId)).toBe('NO_SHOW');
      const sent = await query<{ nik: string; template: string; channel: string }>(
        `select nik, template, channel from app.notifications where reference = $1`,
        ['second-invitation:4503599627370001'],
      );
      expect(sent).toEqual([{ nik: first.nik, template: 'SECOND_INVITATION', channel: 'SMS' }]);
    });

    it('should answer the same second letter and send nothing more when the job comes again', async () => {
      // given
      const first = await letter();
      const job = { key: '4503599627370002', variables: { ...first, invitationAttempt: 1 } };
      const outcome = await harness.invoke(invitationReissue, job);

      // when
      harness.clock.add(10 * 60_000);
      const again = await harness.invoke(invitationReissue, job);

      // then
      expect(again).toEqual(outcome);
      expect(await query(`select 1 from app.invitations where nik = $1`, [first.nik])).toHaveLength(
        2,
      );
      expect(
        await query(`select 1 from app.notifications where nik = $1`, [first.nik]),
      ).toHaveLength(1);
    });

    it('should number a batch-less second letter after the first one', async () => {
      const first = await letter({ batchless: true });
      const outcome = await harness.invoke(invitationReissue, {
        variables: { ...first, invitationAttempt: 1 },
      });
      expect(outcome).toMatchObject({
        kind: 'complete',
        variables: {
          invitationAttempt: 2,
          letterNo: `474.4/U${first.invitationId}/2/KEC-JLT/2026`,
        },
      });
    });

    it('should raise an incident beyond the third letter, and change nothing', async () => {
      // given
      const third = await letter({ attempt: 3 });

      // when
      const outcome = await harness.invoke(invitationReissue, {
        variables: { ...third, invitationAttempt: 3 },
      });

      // then
      expect(outcome).toMatchObject({ kind: 'fail', noRetry: true });
      expect(await statusOf(third.invitationId)).toBe('DELIVERED');
      expect(await query(`select 1 from app.notifications where nik = $1`, [third.nik])).toEqual(
        [],
      );
    });

    it("should raise an incident for a fulfilled letter or another resident's", async () => {
      const fulfilled = await letter({ status: 'FULFILLED' });
      const other = await letter();
      expect(
        await harness.invoke(invitationReissue, {
          variables: { ...fulfilled, invitationAttempt: 1 },
        }),
      ).toMatchObject({ kind: 'fail', noRetry: true });
      expect(
        await harness.invoke(invitationReissue, {
          variables: { nik: fulfilled.nik, invitationId: other.invitationId, invitationAttempt: 1 },
        }),
      ).toMatchObject({ kind: 'fail', noRetry: true });
      expect(await statusOf(fulfilled.invitationId)).toBe('FULFILLED');
      expect(await statusOf(other.invitationId)).toBe('DELIVERED');
    });
  });
});
