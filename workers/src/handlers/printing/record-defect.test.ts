import type pg from 'pg';

import { insertResident } from '../../../../tests/helpers/domain-fixtures.js';
import {
  startHandlerHarness,
  type HandlerHarness,
} from '../../../../tests/helpers/handler-harness.js';
import { recordDefect } from './record-defect.js';

/** A resident whose print job came out of the printer with `defect`. */
async function spoiledJob(pool: pg.Pool, defect: string) {
  const { nik } = await insertResident(pool, { enrollmentStatus: 'PRINT_READY_RECORD' });
  const { rows } = await pool.query<{ id: number }>(
    `insert into app.print_jobs (nik, attempt, requested_at, status, defect, printed_at)
     values ($1, 1, now(), 'DEFECT', $2, now()) returning id::int`,
    [nik, defect],
  );
  return { nik, printJobId: (rows[0] as { id: number }).id };
}

async function written(pool: pg.Pool, nik: string) {
  const { rows } = await pool.query(
    `select (select json_agg(json_build_object('kind', kind, 'defect', defect, 'detected_by', detected_by,
                                               'card_serial', card_serial, 'open', closed_at is null))
               from app.correction_cases where nik = $1) as cases,
            (select json_agg(template) from app.notifications where nik = $1) as messages`,
    [nik],
  );
  return rows[0] as { cases: unknown[] | null; messages: string[] | null };
}

describe('ektp.print.record-defect', () => {
  let harness: HandlerHarness;
  let pool: pg.Pool;

  beforeAll(async () => {
    harness = await startHandlerHarness({ env: { SIM_NOTIFY_FAILURE_RATE: '0' } });
    pool = harness.db.pool;
  });

  afterAll(async () => {
    await harness.stop();
  });

  it('should open a correction case for wrong SIAK data and ask for documents, once', async () => {
    // given
    const { nik, printJobId } = await spoiledJob(pool, 'BIRTH_PLACE_DATE');
    const variables = {
      nik,
      printJobId,
      defect: 'BIRTH_PLACE_DATE',
      defectCause: 'SIAK_DATA_WRONG',
    };

    // when delivered twice
    const first = await harness.invoke(recordDefect, { key: '9201', variables });
    const again = await harness.invoke(recordDefect, { key: '9201', variables });

    // then
    expect(first).toEqual({ kind: 'complete', variables: {} });
    expect(again).toEqual(first);
    expect(await written(pool, nik)).toEqual({
      cases: [
        {
          kind: 'DATA_WRONG',
          defect: 'BIRTH_PLACE_DATE',
          detected_by: 'QC',
          card_serial: null,
          open: true,
        },
      ],
      messages: ['DATA_CORRECTION_REQUIRED'],
    });
  });

  it('should only count a machine defect: no case, no message', async () => {
    const { nik, printJobId } = await spoiledJob(pool, 'CHIP_UNREADABLE');
    const outcome = await harness.invoke(recordDefect, {
      variables: { nik, printJobId, defect: 'CHIP_UNREADABLE', defectCause: 'PRINT_DEFECT' },
    });
    expect(outcome).toEqual({ kind: 'complete', variables: {} });
    expect(await written(pool, nik)).toEqual({ cases: null, messages: null });
  });

  it('should refuse a defect its print job does not have', async () => {
    const { nik, printJobId } = await spoiledJob(pool, 'PHOTO_PLACEMENT');
    const outcome = await harness.invoke(recordDefect, {
      variables: { nik, printJobId, defect: 'NAME', defectCause: 'SIAK_DATA_WRONG' },
    });
    expect(outcome).toMatchObject({ kind: 'fail', noRetry: true });
    expect(await written(pool, nik)).toEqual({ cases: null, messages: null });
  });
});
