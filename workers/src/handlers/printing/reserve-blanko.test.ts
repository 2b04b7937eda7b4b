import type pg from 'pg';

import { insertResident } from '../../../../tests/helpers/domain-fixtures.js';
import {
  startHandlerHarness,
  type HandlerHarness,
} from '../../../../tests/helpers/handler-harness.js';
import { reserveBlanko } from './reserve-blanko.js';

async function setBlanko(pool: pg.Pool, onHand: number, reserved = 0): Promise<void> {
  await pool.query(
    `update app.stock set on_hand = $1, reserved = $2 where location_code = '15.71' and item = 'BLANKO'`,
    [onHand, reserved],
  );
}

async function blanko(pool: pg.Pool): Promise<{ on_hand: number; reserved: number }> {
  const { rows } = await pool.query<{ on_hand: number; reserved: number }>(
    `select on_hand, reserved from app.stock where location_code = '15.71' and item = 'BLANKO'`,
  );
  return rows[0] as { on_hand: number; reserved: number };
}

async function printJobs(pool: pg.Pool, nik: string) {
  const { rows } = await pool.query<{ id: number; attempt: number; status: string }>(
    `select id::int, attempt, status from app.print_jobs where nik = $1 order by attempt`,
    [nik],
  );
  return rows;
}

describe('ektp.stock.reserve-blanko', () => {
  let harness: HandlerHarness;
  let pool: pg.Pool;

  beforeAll(async () => {
    harness = await startHandlerHarness();
    pool = harness.db.pool;
  });

  afterAll(async () => {
    await harness.stop();
  });

  beforeEach(async () => {
    // Each test starts with no print job waiting: the queue is first come, first served.
    await pool.query(`delete from app.print_jobs where status = 'WAITING_STOCK'`);
  });

  const printReady = () => insertResident(pool, { enrollmentStatus: 'PRINT_READY_RECORD' });

  it('should reserve a free blanko for a first print job and queue it, once', async () => {
    // given a print-ready resident and 5 blanko on hand, 1 reserved
    const { nik } = await printReady();
    await setBlanko(pool, 5, 1);

    // when the job is delivered twice
    const first = await harness.invoke(reserveBlanko, { key: '7001', variables: { nik } });
    const again = await harness.invoke(reserveBlanko, { key: '7001', variables: { nik } });

    // then attempt 1 is queued with one blanko set aside for it, and the repeat answers the same
    const [job] = await printJobs(pool, nik);
    expect(job).toEqual({ id: expect.any(Number) as number, attempt: 1, status: 'QUEUED' });
    expect(first).toEqual({
      kind: 'complete',
      variables: { blankoReserved: true, printJobId: job?.id },
    });
    expect(again).toEqual(first);
    expect(await blanko(pool)).toEqual({ on_hand: 5, reserved: 2 });
    const { rows: movements } = await pool.query(
      `select kind, quantity from app.stock_movements where reference = $1`,
      [`print-job:${job?.id}`],
    );
    expect(movements).toEqual([{ kind: 'RESERVE', quantity: 1 }]);
    const { rows: resident } = await pool.query(
      `select card_status from app.residents where nik = $1`,
      [nik],
    );
    expect(resident).toEqual([{ card_status: 'SENT_FOR_CARD_PRINTING' }]);
  });

  it('should leave the job waiting for stock when no blanko is free', async () => {
    // given every blanko on hand is reserved
    const { nik } = await printReady();
    await setBlanko(pool, 3, 3);

    // when
    const first = await harness.invoke(reserveBlanko, { variables: { nik } });
    const again = await harness.invoke(reserveBlanko, { variables: { nik } });

    // then one job waits, and the stock is untouched
    const jobs = await printJobs(pool, nik);
    expect(jobs).toEqual([
      { id: expect.any(Number) as number, attempt: 1, status: 'WAITING_STOCK' },
    ]);
    expect(first).toEqual({
      kind: 'complete',
      variables: { blankoReserved: false, printJobId: jobs[0]?.id },
    });
    expect(again).toEqual(first);
    expect(await blanko(pool)).toEqual({ on_hand: 3, reserved: 3 });
  });

  it('should keep a free blanko for a resident who has waited longer', async () => {
    // given a resident already waiting, then one blanko comes free
    const waiting = await printReady();
    await setBlanko(pool, 0, 0);
    await harness.invoke(reserveBlanko, { variables: { nik: waiting.nik } });
    await setBlanko(pool, 1, 0);
    harness.clock.add(60_000);

    // when a newer print-ready resident asks
    const newer = await printReady();
    const outcome = await harness.invoke(reserveBlanko, { variables: { nik: newer.nik } });

    // then the newer one waits too; the blanko stays for the first (release-waiting gives it)
    expect(outcome).toMatchObject({ kind: 'complete', variables: { blankoReserved: false } });
    expect(await blanko(pool)).toEqual({ on_hand: 1, reserved: 0 });

    // and the one who waited longer gets it when asking again
    const first = await harness.invoke(reserveBlanko, { variables: { nik: waiting.nik } });
    expect(first).toMatchObject({ kind: 'complete', variables: { blankoReserved: true } });
  });

  it('should make a new attempt after a defect', async () => {
    // given attempt 1 was spoiled
    const { nik } = await printReady();
    await setBlanko(pool, 10, 0);
    await harness.invoke(reserveBlanko, { variables: { nik } });
    await pool.query(
      `update app.print_jobs set status = 'DEFECT', defect = 'CHIP_UNREADABLE', printed_at = requested_at
        where nik = $1`,
      [nik],
    );

    // when
    const outcome = await harness.invoke(reserveBlanko, { variables: { nik } });

    // then attempt 2 is queued
    const jobs = await printJobs(pool, nik);
    expect(jobs.map((j) => [j.attempt, j.status])).toEqual([
      [1, 'DEFECT'],
      [2, 'QUEUED'],
    ]);
    expect(outcome).toEqual({
      kind: 'complete',
      variables: { blankoReserved: true, printJobId: jobs[1]?.id },
    });
  });

  it('should reprint a printed card only while a correction case is open', async () => {
    // given a card printed on attempt 1
    const { nik } = await printReady();
    await setBlanko(pool, 10, 0);
    await harness.invoke(reserveBlanko, { variables: { nik } });
    await pool.query(
      `update app.print_jobs set status = 'PRINTED', printed_at = requested_at where nik = $1`,
      [nik],
    );

    // when reserving without a correction case: an incident, and no new job
    const refused = await harness.invoke(reserveBlanko, { variables: { nik } });
    expect(refused).toEqual({
      kind: 'fail',
      noRetry: true,
      message: expect.stringContaining('no correction case is open') as string,
    });
    expect(await printJobs(pool, nik)).toHaveLength(1);

    // when a correction case is open
    await pool.query(
      `insert into app.correction_cases (nik, kind, detected_by, opened_at) values ($1, 'DATA_WRONG', 'HANDOVER', now())`,
      [nik],
    );
    const reprint = await harness.invoke(reserveBlanko, { variables: { nik } });

    // then attempt 2
    expect(reprint).toMatchObject({ kind: 'complete', variables: { blankoReserved: true } });
    expect((await printJobs(pool, nik)).map((j) => j.attempt)).toEqual([1, 2]);
  });

  it('should refuse a resident whose record is not print-ready, writing nothing', async () => {
    // given
    const { nik } = await insertResident(pool, { enrollmentStatus: 'RECEIVED_AT_CENTRAL' });
    await setBlanko(pool, 10, 0);

    // when
    const outcome = await harness.invoke(reserveBlanko, { variables: { nik } });

    // then
    expect(outcome).toEqual({
      kind: 'fail',
      noRetry: true,
      message: expect.stringContaining('not PRINT_READY_RECORD') as string,
    });
    expect(await printJobs(pool, nik)).toEqual([]);
    expect(await blanko(pool)).toEqual({ on_hand: 10, reserved: 0 });
  });
});
