import {
  startHandlerHarness,
  type HandlerHarness,
} from '../../../../tests/helpers/handler-harness.js';
import { insertOffice, insertResident } from '../../../../tests/helpers/domain-fixtures.js';
import { recordingIssueTicket } from './issue-ticket.js';
import { recordingSaveBiometrics } from './save-biometrics.js';

describe('ektp.recording.save-biometrics', () => {
  let harness: HandlerHarness;
  const query = <R extends object>(sql: string, params: unknown[] = []) =>
    harness.db.pool.query<R>(sql, params).then((r) => r.rows);

  /** A resident at the counter with a ticket for REKAM-2. */
  async function atCounter(): Promise<{ nik: string; ticketId: number }> {
    const { nik } = await insertResident(harness.db.pool, { birthDate: '2002-11-11' });
    const ticket = await harness.invoke(recordingIssueTicket, {
      variables: { nik, stationId: 'REKAM-2' },
    });
    if (ticket.kind !== 'complete') throw new Error('no ticket');
    return { nik, ticketId: ticket.variables.ticketId };
  }

  const state = async (nik: string) => ({
    enrolments: await query(
      `select attempt, station_id, operator_id, captured_at, status, finger_exception, sent_at
         from app.enrolments where nik = $1 order by attempt`,
      [nik],
    ),
    history: await query(
      `select h.status, h.at, h.source from app.enrolment_status_history h
         join app.enrolments e on e.id = h.enrolment_id where e.nik = $1 order by h.id`,
      [nik],
    ),
    resident: await query(
      'select enrollment_status, updated_at from app.residents where nik = $1',
      [nik],
    ),
    tickets: await query(
      'select status, called_at, served_at from app.queue_tickets where nik = $1',
      [nik],
    ),
  });

  beforeAll(async () => {
    harness = await startHandlerHarness();
    await insertOffice(harness.db.pool);
  });

  afterAll(async () => {
    await harness.stop();
  });

  it('should keep the recording, start its history, and serve the ticket', async () => {
    // given a ticket at 09:00 WIB, captured at 09:20
    harness.clock.pin(Date.parse('2026-03-02T02:00:00Z'));
    const { nik, ticketId } = await atCounter();
    harness.clock.pin(Date.parse('2026-03-02T02:20:00Z'));
    const at = new Date('2026-03-02T02:20:00Z');

    // when
    const outcome = await harness.invoke(recordingSaveBiometrics, {
      variables: {
        nik,
        enrolmentAttempt: 1,
        stationId: 'REKAM-2',
        fingerException: true,
        taskCompletedBy: 'operator-1',
        ticketId,
      },
    });

    // then
    expect(outcome).toEqual({
      kind: 'complete',
      variables: { enrolmentId: expect.any(Number) as number },
    });
    expect(await state(nik)).toEqual({
      enrolments: [
        {
          attempt: 1,
          station_id: 'REKAM-2',
          operator_id: 'operator-1',
          captured_at: at,
          status: 'BIO_CAPTURED',
          finger_exception: true,
          sent_at: null,
        },
      ],
      history: [{ status: 'BIO_CAPTURED', at, source: 'OPERATOR' }],
      resident: [{ enrollment_status: 'BIO_CAPTURED', updated_at: at }],
      tickets: [{ status: 'SERVED', called_at: at, served_at: at }],
    });
  });

  it('should answer the same enrolment and write nothing when the job comes again', async () => {
    // given
    const { nik } = await atCounter();
    const job = { variables: { nik, enrolmentAttempt: 1, taskCompletedBy: 'operator-1' } };
    const first = await harness.invoke(recordingSaveBiometrics, job);
    const before = await state(nik);

    // when
    harness.clock.add(10 * 60_000);
    const again = await harness.invoke(recordingSaveBiometrics, job);

    // then
    expect(again).toEqual(first);
    expect(await state(nik)).toEqual(before);
  });

  it("should find the resident's ticket of the day and leave the operator out when unknown", async () => {
    // given
    const { nik } = await atCounter();

    // when
    await harness.invoke(recordingSaveBiometrics, {
      variables: { nik, enrolmentAttempt: 1, taskCompletedBy: 'bukan-pegawai' },
    });

    // then
    const after = await state(nik);
    expect(after.enrolments).toMatchObject([
      { operator_id: null, station_id: null, finger_exception: false },
    ]);
    expect(after.tickets).toMatchObject([{ status: 'SERVED' }]);
  });

  it('should keep a re-recording as the next attempt', async () => {
    // given a first attempt the centre refused
    const { nik } = await atCounter();
    await harness.invoke(recordingSaveBiometrics, { variables: { nik, enrolmentAttempt: 1 } });
    await harness.db.pool.query(
      `update app.residents set enrollment_status = 'ENROLL_FAILURE_AT_CENTRAL' where nik = $1`,
      [nik],
    );

    // when
    await harness.invoke(recordingSaveBiometrics, { variables: { nik, enrolmentAttempt: 2 } });

    // then
    const after = await state(nik);
    expect(after.enrolments.map((e) => (e as { attempt: number }).attempt)).toEqual([1, 2]);
    expect(after.history).toHaveLength(2);
    expect(after.resident).toMatchObject([{ enrollment_status: 'BIO_CAPTURED' }]);
  });

  it('should raise an incident for a station that does not exist, and write nothing', async () => {
    // given
    const { nik } = await atCounter();
    const before = await state(nik);

    // when
    const outcome = await harness.invoke(recordingSaveBiometrics, {
      variables: { nik, enrolmentAttempt: 1, stationId: 'REKAM-9' },
    });

    // then
    expect(outcome).toMatchObject({ kind: 'fail', noRetry: true });
    expect(await state(nik)).toEqual(before);
  });

  it('should raise an incident for a resident who is not registered', async () => {
    const outcome = await harness.invoke(recordingSaveBiometrics, {
      variables: { nik: '1571081111020999', enrolmentAttempt: 1 },
    });
    expect(outcome).toMatchObject({ kind: 'fail', noRetry: true });
  });
});
