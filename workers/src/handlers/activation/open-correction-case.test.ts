import type pg from 'pg';

import { insertResident } from '../../../../tests/helpers/domain-fixtures.js';
import {
  startHandlerHarness,
  type HandlerHarness,
} from '../../../../tests/helpers/handler-harness.js';
import { openCorrectionCase } from './open-correction-case.js';

/** A resident whose card waits at the kecamatan. */
async function residentWithCard(pool: pg.Pool) {
  const { nik } = await insertResident(pool, { enrollmentStatus: 'PRINT_READY_RECORD' });
  const { rows } = await pool.query<{ id: number }>(
    `insert into app.print_jobs (nik, attempt, requested_at, status, printed_at, shipped_at, received_at)
     values ($1, 1, now(), 'RECEIVED', now(), now(), now()) returning id::int`,
    [nik],
  );
  const serial = `C-${nik.slice(-4)}`;
  await pool.query(
    `insert into app.cards (serial, nik, print_job_id, status, printed_at) values ($1, $2, $3, 'AT_KECAMATAN', now())`,
    [serial, nik, rows[0]?.id],
  );
  return { nik, serial };
}

async function cases(pool: pg.Pool, nik: string) {
  const { rows } = await pool.query<Record<string, unknown>>(
    `select id::int, card_serial, kind, defect, detected_by from app.correction_cases where nik = $1`,
    [nik],
  );
  return rows;
}

describe('ektp.correction.open-case', () => {
  let harness: HandlerHarness;
  let pool: pg.Pool;
  const atHandover = { detectedBy: 'HANDOVER' };

  beforeAll(async () => {
    harness = await startHandlerHarness();
    pool = harness.db.pool;
  });

  afterAll(async () => {
    await harness.stop();
  });

  it('should open a case for the live card with wrong data, and name it again', async () => {
    // given
    const { nik, serial } = await residentWithCard(pool);

    // when delivered twice
    const variables = { nik, handoverOutcome: 'DATA_WRONG' };
    const first = await harness.invoke(openCorrectionCase, {
      key: '9911',
      variables,
      headers: atHandover,
    });
    const again = await harness.invoke(openCorrectionCase, {
      key: '9911',
      variables,
      headers: atHandover,
    });

    // then
    const rows = await cases(pool, nik);
    expect(rows).toEqual([
      {
        id: expect.any(Number) as number,
        card_serial: serial,
        kind: 'DATA_WRONG',
        defect: null,
        detected_by: 'HANDOVER',
      },
    ]);
    expect(first).toEqual({
      kind: 'complete',
      variables: { correctionCaseId: (rows[0] as { id: number }).id },
    });
    expect(again).toEqual(first);
  });

  it('should take a print defect reported at the counter without its exact defect', async () => {
    const { nik, serial } = await residentWithCard(pool);
    const outcome = await harness.invoke(openCorrectionCase, {
      variables: { nik, handoverOutcome: 'PRINT_DEFECT', cardSerial: serial },
      headers: { detectedBy: 'COMPLAINT' },
    });
    expect(outcome).toMatchObject({ kind: 'complete' });
    expect(await cases(pool, nik)).toMatchObject([
      { kind: 'PRINT_DEFECT', defect: null, detected_by: 'COMPLAINT' },
    ]);
  });

  it('should refuse a card that is not the resident’s, opening nothing', async () => {
    const { nik } = await residentWithCard(pool);
    const other = await residentWithCard(pool);
    const outcome = await harness.invoke(openCorrectionCase, {
      variables: { nik, handoverOutcome: 'DATA_WRONG', cardSerial: other.serial },
      headers: atHandover,
    });
    expect(outcome).toMatchObject({ kind: 'fail', noRetry: true });
    expect(await cases(pool, nik)).toEqual([]);
  });
});
