import { insertOffice, insertResident } from '../helpers/domain-fixtures.js';
import { startProcessHarness, type ProcessHarness } from './support/process-harness.js';
import { daysUntil, openTaskExists, recordAtCounter } from './support/steps.js';

describe('ektp-central-clearance: a duplicate record opens a case for the Dinas', () => {
  let harness: ProcessHarness;

  beforeAll(async () => {
    harness = await startProcessHarness({
      simulators: { SIM_DUPLICATE_RATE: '1', SIM_DUPLICATE_ONE_TO_MANY_SHARE: '0' },
    });
    await insertOffice(harness.db.pool);
  });

  afterAll(async () => {
    await harness.stop();
  });

  it('should open a duplicate case, have the Dinas handle it, and end the lifecycle as DUPLICATE_RECORD', async () => {
    // given
    const { nik } = await insertResident(harness.db.pool, { fullName: 'Yusuf Maulana' });
    await harness.requestLifecycle(nik);
    await recordAtCounter(harness, nik);

    // when: ABIS finds the same fingerprints under another NIK
    await daysUntil(harness, 'the duplicate task', () =>
      openTaskExists(harness, 'handle-duplicate', nik),
    );
    const task = await harness.task('handle-duplicate', { nik });
    expect(task.candidateGroups).toEqual(['dinas-siak']);
    await harness.complete(
      task,
      {
        duplicateResolution: 'DELETE_REQUESTED',
        note: 'NIK lama dari Kota Jambi, ajukan penghapusan',
      },
      'dinas-siak',
    );

    // then
    await harness.waitFor(
      'the lifecycle to end',
      async () => (await harness.lifecycleState(nik)) === 'DUPLICATE_RECORD',
    );
    const { rows } = await harness.db.pool.query(
      `select kind, resolution from app.duplicate_cases where nik = $1`,
      [nik],
    );
    expect(rows).toEqual([
      { kind: 'ONE_TO_ONE', resolution: expect.stringContaining('DELETE_REQUESTED') as string },
    ]);
    const { rows: enrolments } = await harness.db.pool.query(
      `select status, duplicate_kind from app.enrolments where nik = $1`,
      [nik],
    );
    expect(enrolments).toEqual([{ status: 'DUPLICATE_RECORD', duplicate_kind: 'ONE_TO_ONE' }]);
    expect(await harness.incidents()).toEqual([]);
  });
});
