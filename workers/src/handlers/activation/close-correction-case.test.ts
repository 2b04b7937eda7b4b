import type pg from 'pg';

import { insertResident } from '../../../../tests/helpers/domain-fixtures.js';
import {
  startHandlerHarness,
  type HandlerHarness,
} from '../../../../tests/helpers/handler-harness.js';
import { closeCorrectionCase } from './close-correction-case.js';

async function printJob(pool: pg.Pool, nik: string, attempt: number, printedAt: string) {
  const { rows } = await pool.query<{ id: number }>(
    `insert into app.print_jobs (nik, attempt, requested_at, status, printed_at)
     values ($1, $2, $3, 'PRINTED', $3) returning id::int`,
    [nik, attempt, printedAt],
  );
  return (rows[0] as { id: number }).id;
}

async function card(pool: pg.Pool, nik: string, attempt: number, status: string, at: string) {
  const serial = `C-${nik.slice(-4)}-${attempt}`;
  await pool.query(
    `insert into app.cards (serial, nik, print_job_id, status, printed_at) values ($1, $2, $3, $4, $5)`,
    [serial, nik, await printJob(pool, nik, attempt, at), status, at],
  );
  return serial;
}

async function openCase(pool: pg.Pool, nik: string, kind: string, serial: string | null) {
  const { rows } = await pool.query<{ id: number }>(
    `insert into app.correction_cases (nik, card_serial, kind, defect, detected_by, opened_at)
     values ($1, $2, $3, case when $3 = 'PRINT_DEFECT' then 'PRINT_QUALITY' end,
             case when $2::text is null then 'QC' else 'HANDOVER' end, '2026-03-02T03:00:00Z')
     returning id::int`,
    [nik, serial, kind],
  );
  return (rows[0] as { id: number }).id;
}

async function closed(pool: pg.Pool, id: number) {
  const { rows } = await pool.query(
    `select c.closed_at, c.old_card_retrieved, c.root_cause, old.status as old_card
       from app.correction_cases c left join app.cards old on old.serial = c.card_serial
      where c.id = $1`,
    [id],
  );
  return rows[0] as Record<string, unknown>;
}

describe('ektp.correction.close-case', () => {
  let harness: HandlerHarness;
  let pool: pg.Pool;

  beforeAll(async () => {
    harness = await startHandlerHarness({ at: '2026-03-06T03:00:00Z' });
    pool = harness.db.pool;
  });

  afterAll(async () => {
    await harness.stop();
  });

  it('should close the case, take the old card back as replaced, once', async () => {
    // given a wrong card at handover, reprinted since (the reprint retired the old card)
    const { nik } = await insertResident(pool, { enrollmentStatus: 'PRINT_READY_RECORD' });
    const old = await card(pool, nik, 1, 'REPLACED', '2026-03-02T03:00:00Z');
    await card(pool, nik, 2, 'PRINTED', '2026-03-05T03:00:00Z');
    const correctionCaseId = await openCase(pool, nik, 'PRINT_DEFECT', old);

    // when delivered twice, a day apart
    const first = await harness.invoke(closeCorrectionCase, {
      key: '9931',
      variables: { correctionCaseId },
    });
    const result = await closed(pool, correctionCaseId);
    harness.clock.add(86_400_000);
    const again = await harness.invoke(closeCorrectionCase, {
      key: '9931',
      variables: { correctionCaseId },
    });

    // then
    expect(first).toEqual({ kind: 'complete', variables: {} });
    expect(again).toEqual(first);
    expect(result).toEqual({
      closed_at: new Date('2026-03-06T03:00:00Z'),
      old_card_retrieved: true,
      root_cause: 'PRINT_DEFECT',
      old_card: 'REPLACED',
    });
    expect(await closed(pool, correctionCaseId)).toEqual(result);
  });

  it('should void an old card no new card replaced', async () => {
    const { nik } = await insertResident(pool, { enrollmentStatus: 'PRINT_READY_RECORD' });
    const old = await card(pool, nik, 1, 'AT_KECAMATAN', '2026-03-02T03:00:00Z');
    const correctionCaseId = await openCase(pool, nik, 'DATA_WRONG', old);
    await pool.query(
      `update app.correction_cases set root_cause = 'OPERATOR_ENTRY' where id = $1`,
      [correctionCaseId],
    );

    await harness.invoke(closeCorrectionCase, { variables: { correctionCaseId } });

    expect(await closed(pool, correctionCaseId)).toMatchObject({
      old_card_retrieved: true,
      root_cause: 'OPERATOR_ENTRY',
      old_card: 'VOID',
    });
  });

  it('should close a case found at QC, with no card to take back', async () => {
    const { nik } = await insertResident(pool, { enrollmentStatus: 'PRINT_READY_RECORD' });
    const correctionCaseId = await openCase(pool, nik, 'DATA_WRONG', null);

    await harness.invoke(closeCorrectionCase, { variables: { correctionCaseId } });

    expect(await closed(pool, correctionCaseId)).toMatchObject({
      old_card_retrieved: false,
      root_cause: 'SIAK_DATA_WRONG',
      old_card: null,
    });
  });

  it('should refuse a case that does not exist', async () => {
    expect(
      await harness.invoke(closeCorrectionCase, { variables: { correctionCaseId: 424_242 } }),
    ).toEqual({ kind: 'fail', noRetry: true, message: 'correction case 424242 does not exist' });
  });
});
