import { insertOffice, insertResident } from '../helpers/domain-fixtures.js';
import { startProcessHarness, type ProcessHarness } from './support/process-harness.js';
import { daysUntil, openTaskExists, recordAtCounter, settle } from './support/steps.js';

describe('ektp-recording: station outage, resident not eligible, centre unreachable, enrolment failure', () => {
  let harness: ProcessHarness;

  beforeAll(async () => {
    harness = await startProcessHarness();
    await insertOffice(harness.db.pool);
  });

  afterAll(async () => {
    await harness.stop();
  });

  it('should send an outage to the Kasi, escalate after 30 minutes, and resume recording once restored', async () => {
    // given
    const { nik } = await insertResident(harness.db.pool, {
      fullName: 'Rina Marlina',
      sex: 'P',
      birthDate: '2007-11-02',
    });
    await harness.requestLifecycle(nik);
    const check = await harness.task('check-requirements', { nik });
    await harness.complete(check, { requirementsOutcome: 'COMPLETE' }, 'loket-1');

    // when: the station goes down during capture
    const capture = await harness.task('capture', { nik });
    await harness.complete(capture, { captureOutcome: 'STATION_DOWN' }, 'operator-1');

    // then: an open outage and a task for the Kasi
    const restore = await harness.task('restore-station', { nik });
    expect(restore.candidateGroups).toEqual(['kasi']);
    const { rows: open } = await harness.db.pool.query(
      `select station_id from app.station_outages where ended_at is null`,
    );
    expect(open).toHaveLength(1);

    // when: 31 minutes pass
    await harness.advance(31 * 60_000);

    // then: the outage service level is breached at level 1 (Kasi)
    await harness.waitFor('the outage breach', async () => {
      const { rows } = await harness.db.pool.query<{ level: number; candidate_group: string }>(
        `select level, candidate_group from app.breaches where policy_code = 'STATION_OUTAGE'`,
      );
      return rows.length === 1 && rows[0];
    });

    // when: the Kasi restores the station
    await harness.complete(
      restore,
      { stationId: 'REKAM-2', note: 'Kabel jaringan diganti' },
      'kasi',
    );

    // then: the outage is closed and the operator records again
    const again = await harness.task('capture', { nik });
    expect(again.variables).toMatchObject({ stationId: 'REKAM-2' });
    const { rows: closed } = await harness.db.pool.query(
      `select count(*)::int as n from app.station_outages where ended_at is null`,
    );
    expect(closed).toEqual([{ n: 0 }]);
    await harness.complete(again, { captureOutcome: 'CAPTURED' }, 'operator-1');
    await settle(harness);
    const { rows: enrolments } = await harness.db.pool.query(
      `select status from app.enrolments where nik = $1`,
      [nik],
    );
    expect(enrolments).toEqual([{ status: 'SENT_FOR_ENROLLMENT' }]);
  });

  it('should end the lifecycle as NOT_ELIGIBLE when the counter finds the resident too young', async () => {
    const { nik } = await insertResident(harness.db.pool, { birthDate: '2012-05-05' });
    await harness.requestLifecycle(nik);
    const check = await harness.task('check-requirements', { nik });
    await harness.complete(check, { requirementsOutcome: 'NOT_ELIGIBLE' }, 'loket-1');
    await harness.waitFor(
      'the lifecycle to end',
      async () => (await harness.lifecycleState(nik)) === 'NOT_ELIGIBLE',
    );
    const { rows } = await harness.db.pool.query(
      `select count(*)::int as n from app.enrolments where nik = $1`,
      [nik],
    );
    expect(rows).toEqual([{ n: 0 }]);
  });
});

describe('ektp-recording: the centre cannot be reached, then refuses the enrolment', () => {
  let harness: ProcessHarness;

  beforeAll(async () => {
    harness = await startProcessHarness({
      simulators: {
        SIM_SUBMIT_FAILURE_RATE: '1',
        SIM_SUBMIT_OUTAGE_MINUTES: '45-45',
        SIM_ENROL_FAILURE_CENTRAL_RATE: '1',
      },
    });
    await insertOffice(harness.db.pool);
  });

  afterAll(async () => {
    await harness.stop();
  });

  it('should retry the send every 30 minutes until the line is back', async () => {
    const { nik } = await insertResident(harness.db.pool, { fullName: 'Hendra Gunawan' });
    await harness.requestLifecycle(nik);
    await recordAtCounter(harness, nik);
    await settle(harness);
    const sent = async () => {
      const { rows } = await harness.db.pool.query<{ sent_at: Date | null }>(
        `select sent_at from app.enrolments where nik = $1`,
        [nik],
      );
      return rows[0]?.sent_at !== null && rows[0] !== undefined;
    };
    expect(await sent()).toBe(false);
    await harness.advance(30 * 60_000);
    await settle(harness);
    await harness.advance(30 * 60_000);
    await settle(harness);
    expect(await sent()).toBe(true);
  });

  it('should invite an enrolment failure back for re-recording, three times at most, then end as ENROLMENT_FAILED', async () => {
    const { nik } = await insertResident(harness.db.pool, { fullName: 'Agus Salim' });
    await harness.requestLifecycle(nik);
    for (let attempt = 1; attempt <= 3; attempt++) {
      await recordAtCounter(harness, nik);
      await daysUntil(harness, `attempt ${attempt} to be refused`, async () =>
        attempt < 3
          ? openTaskExists(harness, 'check-requirements', nik)
          : (await harness.lifecycleState(nik)) !== 'RUNNING',
      );
    }
    expect(await harness.lifecycleState(nik)).toBe('ENROLMENT_FAILED');
    const { rows } = await harness.db.pool.query(
      `select attempt from app.enrolments where nik = $1 order by attempt`,
      [nik],
    );
    expect(rows).toEqual([{ attempt: 1 }, { attempt: 2 }, { attempt: 3 }]);
  });
});
