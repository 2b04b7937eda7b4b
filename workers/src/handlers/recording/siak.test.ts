import { readSimulatorConfig } from '../../adapters/simulator-config.js';
import { createSimulatedAdapters } from '../../adapters/simulated-adapters.js';
import {
  startHandlerHarness,
  type HandlerHarness,
} from '../../../../tests/helpers/handler-harness.js';
import { insertResident } from '../../../../tests/helpers/domain-fixtures.js';
import { siakLookupStatus } from './lookup-status.js';
import { recordingSaveBiometrics } from './save-biometrics.js';
import { centralUnreachable, siakSubmitEnrolment } from './submit-enrolment.js';

describe('SIAK: status lookup and submission', () => {
  let harness: HandlerHarness;
  const query = <R extends object>(sql: string, params: unknown[] = []) =>
    harness.db.pool.query<R>(sql, params).then((r) => r.rows);
  const resident = async () =>
    (await insertResident(harness.db.pool, { birthDate: '2001-10-10' })).nik;
  const residentStatus = async (nik: string) =>
    (
      await query<{ enrollment_status: string }>(
        'select enrollment_status from app.residents where nik = $1',
        [nik],
      )
    )[0]?.enrollment_status;

  /** The simulated centre with these SIM_* settings from now on. */
  function centre(env: Record<string, string>): void {
    harness.context.adapters = createSimulatedAdapters(readSimulatorConfig(env), harness.clock);
  }

  beforeAll(async () => {
    harness = await startHandlerHarness();
    // Monday 2 March 2026, 10:00 WIB
    harness.clock.pin(Date.parse('2026-03-02T03:00:00Z'));
  });

  afterAll(async () => {
    await harness.stop();
  });

  describe('ektp.siak.lookup-status', () => {
    it('should answer UNREGISTERED for a resident never recorded, and change nothing', async () => {
      // given
      centre({ SIM_ALREADY_RECORDED_RATE: '0' });
      const nik = await resident();
      const before = await query('select * from app.residents where nik = $1', [nik]);

      // when
      const outcome = await harness.invoke(siakLookupStatus, { variables: { nik } });

      // then
      expect(outcome).toEqual({
        kind: 'complete',
        variables: { enrollmentStatus: 'UNREGISTERED' },
      });
      expect(await query('select * from app.residents where nik = $1', [nik])).toEqual(before);
    });

    it('should keep the status of a resident recorded elsewhere as theirs, once', async () => {
      // given
      centre({ SIM_ALREADY_RECORDED_RATE: '1' });
      const nik = await resident();

      // when
      const outcome = await harness.invoke(siakLookupStatus, { variables: { nik } });
      const [first] = await query('select * from app.residents where nik = $1', [nik]);
      harness.clock.add(60_000);
      const again = await harness.invoke(siakLookupStatus, { variables: { nik } });

      // then
      expect(outcome).toEqual({
        kind: 'complete',
        variables: { enrollmentStatus: 'PRINT_READY_RECORD' },
      });
      expect(again).toEqual(outcome);
      expect(await residentStatus(nik)).toBe('PRINT_READY_RECORD');
      expect(await query('select * from app.residents where nik = $1', [nik])).toEqual([first]);
    });

    it('should raise an incident for a resident who is not registered', async () => {
      const outcome = await harness.invoke(siakLookupStatus, {
        variables: { nik: '1571081010010999' },
      });
      expect(outcome).toMatchObject({ kind: 'fail', noRetry: true });
    });
  });

  describe('ektp.siak.submit-enrolment', () => {
    async function recorded(): Promise<{ nik: string; capturedAt: number }> {
      const nik = await resident();
      await harness.invoke(recordingSaveBiometrics, {
        variables: { nik, enrolmentAttempt: 1 },
      });
      return { nik, capturedAt: harness.clock.now() };
    }

    const enrolment = async (nik: string) =>
      (
        await query<{ status: string; sent_at: Date | null }>(
          'select status, sent_at from app.enrolments where nik = $1',
          [nik],
        )
      )[0];
    const history = (nik: string) =>
      query<{ status: string; at: Date; source: string }>(
        `select h.status, h.at, h.source from app.enrolment_status_history h
           join app.enrolments e on e.id = h.enrolment_id where e.nik = $1 order by h.id`,
        [nik],
      );

    it('should send the enrolment and keep the time the centre gives', async () => {
      // given
      centre({ SIM_SUBMIT_FAILURE_RATE: '0' });
      const { nik, capturedAt } = await recorded();
      harness.clock.add(5 * 60_000);

      // when
      const outcome = await harness.invoke(siakSubmitEnrolment, {
        variables: { nik, enrolmentAttempt: 1 },
      });

      // then the simulated line was up, so the centre dates it at the capture
      const at = new Date(capturedAt);
      expect(outcome).toEqual({ kind: 'complete', variables: { submittedAt: at.toISOString() } });
      expect(await enrolment(nik)).toEqual({ status: 'SENT_FOR_ENROLLMENT', sent_at: at });
      expect(await history(nik)).toEqual([
        { status: 'BIO_CAPTURED', at, source: 'OPERATOR' },
        { status: 'SENT_FOR_ENROLLMENT', at, source: 'OPERATOR' },
      ]);
      expect(await residentStatus(nik)).toBe('SENT_FOR_ENROLLMENT');
    });

    it('should answer the stored time and write nothing when the job comes again', async () => {
      // given
      centre({ SIM_SUBMIT_FAILURE_RATE: '0' });
      const { nik } = await recorded();
      const first = await harness.invoke(siakSubmitEnrolment, {
        variables: { nik, enrolmentAttempt: 1 },
      });
      const before = await history(nik);

      // when the centre would now be unreachable
      centre({ SIM_SUBMIT_FAILURE_RATE: '1', SIM_SUBMIT_OUTAGE_MINUTES: '600' });
      harness.clock.add(60_000);
      const again = await harness.invoke(siakSubmitEnrolment, {
        variables: { nik, enrolmentAttempt: 1 },
      });

      // then
      expect(again).toEqual(first);
      expect(await history(nik)).toEqual(before);
    });

    it('should throw CENTRAL_UNREACHABLE while the line is down, and send once it is back', async () => {
      // given the line goes down at the capture for 60 minutes
      centre({ SIM_SUBMIT_FAILURE_RATE: '1', SIM_SUBMIT_OUTAGE_MINUTES: '60' });
      const { nik, capturedAt } = await recorded();

      // when
      const down = await harness.invoke(siakSubmitEnrolment, {
        variables: { nik, enrolmentAttempt: 1 },
      });

      // then nothing is sent
      expect(down).toEqual({
        kind: 'error',
        errorCode: centralUnreachable,
        message: expect.any(String) as string,
      });
      expect(await enrolment(nik)).toEqual({ status: 'BIO_CAPTURED', sent_at: null });
      expect(await history(nik)).toHaveLength(1);
      expect(await residentStatus(nik)).toBe('BIO_CAPTURED');

      // and after the process's 30-minute waits, once the line is back
      harness.clock.add(61 * 60_000);
      const up = await harness.invoke(siakSubmitEnrolment, {
        variables: { nik, enrolmentAttempt: 1 },
      });
      const back = new Date(capturedAt + 60 * 60_000).toISOString();
      expect(up).toEqual({ kind: 'complete', variables: { submittedAt: back } });
      expect(await residentStatus(nik)).toBe('SENT_FOR_ENROLLMENT');
    });

    it('should raise an incident for an attempt that was never saved', async () => {
      const nik = await resident();
      const outcome = await harness.invoke(siakSubmitEnrolment, {
        variables: { nik, enrolmentAttempt: 2 },
      });
      expect(outcome).toMatchObject({ kind: 'fail', noRetry: true });
      expect(await query('select 1 from app.enrolments where nik = $1', [nik])).toEqual([]);
    });
  });
});
