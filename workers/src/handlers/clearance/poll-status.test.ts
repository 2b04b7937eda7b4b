import type pg from 'pg';

import { insertResident } from '../../../../tests/helpers/domain-fixtures.js';
import {
  startHandlerHarness,
  type HandlerHarness,
} from '../../../../tests/helpers/handler-harness.js';
import { pollStatus } from './poll-status.js';

const day = 86_400_000;
const sentAt = Date.parse('2026-03-02T03:00:00Z');

/** A resident whose first recording was sent to the centre at `sentAt`. */
async function sentEnrolment(pool: pg.Pool): Promise<string> {
  const { nik } = await insertResident(pool, { enrollmentStatus: 'SENT_FOR_ENROLLMENT' });
  await pool.query(
    `insert into app.enrolments (nik, attempt, captured_at, status, sent_at)
     values ($1, 1, $2, 'SENT_FOR_ENROLLMENT', $2)`,
    [nik, new Date(sentAt)],
  );
  return nik;
}

async function clearance(pool: pg.Pool, nik: string) {
  const { rows } = await pool.query(
    `select e.status, e.received_at, e.prr_at, e.duplicate_kind, r.enrollment_status as resident,
            (select json_agg(json_build_object('status', h.status, 'source', h.source) order by h.id)
               from app.enrolment_status_history h where h.enrolment_id = e.id) as history
       from app.enrolments e join app.residents r on r.nik = e.nik where e.nik = $1`,
    [nik],
  );
  return rows[0] as Record<string, unknown>;
}

// Calendar days, no failures: received two days after sending, print-ready five days later.
const onTime = {
  SIM_DAY_KIND: 'calendar',
  SIM_SENT_TO_RECEIVED_DAYS: '2',
  SIM_RECEIVED_TO_PRR_DAYS: '5',
  SIM_SLOW_CLEARANCE_RATE: '0',
  SIM_ENROL_FAILURE_CENTRAL_RATE: '0',
  SIM_ENROL_FAILURE_REGIONAL_RATE: '0',
  SIM_ADJUDICATION_RATE: '0',
  SIM_DUPLICATE_RATE: '0',
  SIM_REQUEST_VALIDATION_RATE: '0',
};

describe('ektp.siak.poll-status', () => {
  describe('an enrolment cleared on time', () => {
    let harness: HandlerHarness;
    let pool: pg.Pool;

    beforeAll(async () => {
      harness = await startHandlerHarness({
        env: { ...onTime, SIM_ALREADY_RECORDED_RATE: '1' },
      });
      pool = harness.db.pool;
    });

    afterAll(async () => {
      await harness.stop();
    });

    it('should follow the enrolment from sent to print-ready, writing each change once', async () => {
      // given
      const nik = await sentEnrolment(pool);
      const variables = { nik, enrolmentAttempt: 1 };

      // when polled the next day: still sent, nothing written
      harness.clock.pin(sentAt + day);
      expect(await harness.invoke(pollStatus, { variables })).toEqual({
        kind: 'complete',
        variables: { centralStatus: 'SENT_FOR_ENROLLMENT', duplicateKind: null },
      });
      expect(await clearance(pool, nik)).toMatchObject({ received_at: null, history: null });

      // when polled on day 3, twice: received on day 2, recorded once
      harness.clock.pin(sentAt + 3 * day);
      const received = await harness.invoke(pollStatus, { key: '9701', variables });
      const again = await harness.invoke(pollStatus, { key: '9701', variables });
      expect(received).toEqual({
        kind: 'complete',
        variables: { centralStatus: 'RECEIVED_AT_CENTRAL', duplicateKind: null },
      });
      expect(again).toEqual(received);
      expect(await clearance(pool, nik)).toEqual({
        status: 'RECEIVED_AT_CENTRAL',
        received_at: new Date(sentAt + 2 * day),
        prr_at: null,
        duplicate_kind: null,
        resident: 'RECEIVED_AT_CENTRAL',
        history: [{ status: 'RECEIVED_AT_CENTRAL', source: 'SIAK_POLL' }],
      });

      // when polled on day 10: print-ready since day 7
      harness.clock.pin(sentAt + 10 * day);
      const ready = await harness.invoke(pollStatus, { variables });
      expect(ready).toMatchObject({ variables: { centralStatus: 'PRINT_READY_RECORD' } });
      expect(await clearance(pool, nik)).toMatchObject({
        status: 'PRINT_READY_RECORD',
        received_at: new Date(sentAt + 2 * day),
        prr_at: new Date(sentAt + 7 * day),
        resident: 'PRINT_READY_RECORD',
      });
    });

    it('should date an unseen receipt at the later change when the centre moved twice', async () => {
      // given an enrolment first polled once it is already print-ready
      const nik = await sentEnrolment(pool);
      harness.clock.pin(sentAt + 10 * day);

      // when
      await harness.invoke(pollStatus, { variables: { nik, enrolmentAttempt: 1 } });

      // then the receipt cannot have been later than the print-ready record
      expect(await clearance(pool, nik)).toMatchObject({
        received_at: new Date(sentAt + 7 * day),
        prr_at: new Date(sentAt + 7 * day),
        history: [{ status: 'PRINT_READY_RECORD', source: 'SIAK_POLL' }],
      });
    });

    it('should ask SIAK for a resident recorded elsewhere, who has no enrolment here', async () => {
      const { nik } = await insertResident(pool, { enrollmentStatus: 'UNREGISTERED' });
      const outcome = await harness.invoke(pollStatus, { variables: { nik, enrolmentAttempt: 1 } });
      expect(outcome).toEqual({
        kind: 'complete',
        variables: { centralStatus: 'PRINT_READY_RECORD', duplicateKind: null },
      });
      const { rows } = await pool.query(
        `select enrollment_status from app.residents where nik = $1`,
        [nik],
      );
      expect(rows).toEqual([{ enrollment_status: 'PRINT_READY_RECORD' }]);
    });

    it('should refuse an enrolment never sent to the centre', async () => {
      const { nik } = await insertResident(pool, { enrollmentStatus: 'BIO_CAPTURED' });
      await pool.query(
        `insert into app.enrolments (nik, attempt, captured_at) values ($1, 1, now())`,
        [nik],
      );
      expect(await harness.invoke(pollStatus, { variables: { nik, enrolmentAttempt: 1 } })).toEqual(
        {
          kind: 'fail',
          noRetry: true,
          message: expect.stringContaining('never sent') as string,
        },
      );
    });
  });

  describe('a duplicate record', () => {
    let harness: HandlerHarness;

    beforeAll(async () => {
      harness = await startHandlerHarness({
        env: {
          ...onTime,
          SIM_DUPLICATE_RATE: '1',
          SIM_DUPLICATE_ONE_TO_MANY_SHARE: '1',
          SIM_ALREADY_RECORDED_RATE: '0',
        },
      });
    });

    afterAll(async () => {
      await harness.stop();
    });

    it('should report the duplicate with its kind', async () => {
      const nik = await sentEnrolment(harness.db.pool);
      harness.clock.pin(sentAt + 10 * day);
      const outcome = await harness.invoke(pollStatus, { variables: { nik, enrolmentAttempt: 1 } });
      expect(outcome).toEqual({
        kind: 'complete',
        variables: { centralStatus: 'DUPLICATE_RECORD', duplicateKind: 'ONE_TO_MANY' },
      });
      expect(await clearance(harness.db.pool, nik)).toMatchObject({
        status: 'DUPLICATE_RECORD',
        duplicate_kind: 'ONE_TO_MANY',
        prr_at: null,
        resident: 'DUPLICATE_RECORD',
      });
    });

    it('should refuse a resident SIAK has no recording of either', async () => {
      const { nik } = await insertResident(harness.db.pool, { enrollmentStatus: 'UNREGISTERED' });
      const outcome = await harness.invoke(pollStatus, { variables: { nik } });
      expect(outcome).toMatchObject({ kind: 'fail', noRetry: true });
      const { rows } = await harness.db.pool.query(
        `select enrollment_status from app.residents where nik = $1`,
        [nik],
      );
      expect(rows).toEqual([{ enrollment_status: 'UNREGISTERED' }]);
    });
  });
});
