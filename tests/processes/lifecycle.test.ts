import { insertOffice, insertResident } from '../helpers/domain-fixtures.js';
import { startProcessHarness, type ProcessHarness } from './support/process-harness.js';
import { daysUntil, openTaskExists, stockBlanko } from './support/steps.js';

describe('ektp-lifecycle: a resident who walks in, from recording to an activated card', () => {
  let harness: ProcessHarness;

  beforeAll(async () => {
    harness = await startProcessHarness();
    await insertOffice(harness.db.pool);
    await stockBlanko(harness, 10);
  });

  afterAll(async () => {
    await harness.stop();
  });

  it('should go through recording, central clearance, printing and handover to ACTIVATED', async () => {
    // given
    const resident = await insertResident(harness.db.pool, {
      fullName: 'Siti Aminah',
      sex: 'P',
      birthDate: '2008-01-20',
    });

    // when: the resident comes to the counter
    await harness.requestLifecycle(resident.nik);
    const check = await harness.task('check-requirements', { nik: resident.nik });
    expect(check.candidateGroups).toEqual(['petugas-loket']);
    expect(check.variables).toMatchObject({
      residentName: 'Siti Aminah',
      nikMasked: expect.stringMatching(/\*/) as string,
    });
    await harness.complete(check, { requirementsOutcome: 'COMPLETE' });
    const capture = await harness.task('capture', { nik: resident.nik });
    expect(capture.candidateGroups).toEqual(['operator-perekaman']);
    await harness.complete(capture, { captureOutcome: 'CAPTURED' }, 'operator-1');

    // then: sent to the centre, followed until PRR, printed and shipped to the kecamatan
    await daysUntil(harness, 'the card at the counter', () =>
      openTaskExists(harness, 'handover', resident.nik),
    );
    const task = await harness.task('handover', { nik: resident.nik });
    await harness.complete(task, { handoverOutcome: 'ACTIVATED', recipient: 'SELF' }, 'loket-1');

    await harness.waitFor(
      'the lifecycle to close',
      async () => (await harness.lifecycleState(resident.nik)) === 'ACTIVATED',
    );
    const { rows: residents } = await harness.db.pool.query(
      'select enrollment_status, card_status from app.residents where nik = $1',
      [resident.nik],
    );
    expect(residents).toEqual([
      { enrollment_status: 'PRINT_READY_RECORD', card_status: 'CARD_ACTIVATED' },
    ]);
    const { rows: cards } = await harness.db.pool.query(
      'select status from app.cards where nik = $1',
      [resident.nik],
    );
    expect(cards).toEqual([{ status: 'ACTIVATED' }]);
    // One blanko went into the card (deliveries may have arrived meanwhile), none stays reserved.
    const { rows: used } = await harness.db.pool.query(
      `select kind, quantity from app.stock_movements where kind in ('ISSUE_PRINT', 'SPOIL') order by id`,
    );
    expect(used).toEqual([{ kind: 'ISSUE_PRINT', quantity: -1 }]);
    const { rows: stock } = await harness.db.pool.query(
      `select reserved from app.stock where location_code = '15.71' and item = 'BLANKO'`,
    );
    expect(stock).toEqual([{ reserved: 0 }]);
    const { rows: notified } = await harness.db.pool.query(
      `select template from app.notifications where nik = $1 order by id`,
      [resident.nik],
    );
    expect(notified.map((n: { template: string }) => n.template)).toContain('CARD_READY');
    // Everything on time: no breach was recorded.
    const { rows: breaches } = await harness.db.pool.query(
      'select count(*)::int as n from app.breaches',
    );
    expect(breaches).toEqual([{ n: 0 }]);
  });
});
