import { insertOffice, insertResident } from '../helpers/domain-fixtures.js';
import { startProcessHarness, type ProcessHarness } from './support/process-harness.js';
import { daysUntil, openTaskExists, settle, stockBlanko, walkToHandover } from './support/steps.js';

describe('ektp-correction: a card found wrong at the handover is corrected and reprinted', () => {
  let harness: ProcessHarness;

  beforeAll(async () => {
    harness = await startProcessHarness();
    await insertOffice(harness.db.pool);
    await stockBlanko(harness, 20);
  });

  afterAll(async () => {
    await harness.stop();
  });

  it('should reprint a print defect at once and activate the new card', async () => {
    // given
    const { nik } = await insertResident(harness.db.pool, { fullName: 'Budi Santoso' });
    const handover = await walkToHandover(harness, nik);

    // when: the photo is misplaced
    await harness.complete(
      handover,
      { handoverOutcome: 'PRINT_DEFECT', recipient: 'SELF' },
      'loket-1',
    );

    // then: reprinted without documents, and the new card comes back to the counter
    await daysUntil(harness, 'the reprinted card at the counter', () =>
      openTaskExists(harness, 'handover', nik),
    );
    const { rows: cases } = await harness.db.pool.query(
      `select kind, detected_by, closed_at is not null as closed, old_card_retrieved from app.correction_cases where nik = $1`,
      [nik],
    );
    expect(cases).toEqual([
      { kind: 'PRINT_DEFECT', detected_by: 'HANDOVER', closed: true, old_card_retrieved: true },
    ]);
    const again = await harness.task('handover', { nik });
    await harness.complete(again, { handoverOutcome: 'ACTIVATED', recipient: 'SELF' }, 'loket-1');
    await harness.waitFor(
      'activation',
      async () => (await harness.lifecycleState(nik)) === 'ACTIVATED',
    );
    const { rows: cards } = await harness.db.pool.query(
      `select status from app.cards where nik = $1 order by printed_at, serial`,
      [nik],
    );
    expect(cards.map((c: { status: string }) => c.status).sort()).toEqual([
      'ACTIVATED',
      'REPLACED',
    ]);
  });

  it('should fix wrong data in SIAK and the KK first, then reprint', async () => {
    // given
    const { nik } = await insertResident(harness.db.pool, { fullName: 'Ahmad Fauzi' });
    const handover = await walkToHandover(harness, nik);

    // when: the name on the card is wrong
    await harness.complete(
      handover,
      { handoverOutcome: 'DATA_WRONG', recipient: 'SELF' },
      'loket-1',
    );

    // then: the Dinas must fix the data, with documents, before the reprint
    const fix = await harness.task('fix-data', { nik });
    expect(fix.candidateGroups).toEqual(['dinas-siak']);
    await harness.complete(
      fix,
      {
        documentsComplete: true,
        correctedName: 'Ahmad Fauzi Rahman',
        rootCause: 'SIAK_DATA_WRONG',
      },
      'dinas-siak',
    );
    await settle(harness);
    await daysUntil(harness, 'the reprinted card at the counter', () =>
      openTaskExists(harness, 'handover', nik),
    );
    const { rows } = await harness.db.pool.query(
      `select r.full_name, c.kind, c.root_cause, c.closed_at is not null as closed
         from app.residents r join app.correction_cases c on c.nik = r.nik where r.nik = $1`,
      [nik],
    );
    expect(rows).toEqual([
      {
        full_name: 'Ahmad Fauzi Rahman',
        kind: 'DATA_WRONG',
        root_cause: 'SIAK_DATA_WRONG',
        closed: true,
      },
    ]);
    expect(await harness.incidents()).toEqual([]);
  });
});
