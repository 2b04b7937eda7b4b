import type pg from 'pg';

import { insertResident } from '../../../../tests/helpers/domain-fixtures.js';
import {
  startHandlerHarness,
  type HandlerHarness,
} from '../../../../tests/helpers/handler-harness.js';
import { shipCard } from './ship-card.js';

/** A resident whose card was printed at `printedAt`. */
async function printedCard(pool: pg.Pool, printedAt: string) {
  const { nik } = await insertResident(pool, { enrollmentStatus: 'PRINT_READY_RECORD' });
  await pool.query(`update app.residents set card_status = 'CARD_PRINTED' where nik = $1`, [nik]);
  const { rows } = await pool.query<{ id: number }>(
    `insert into app.print_jobs (nik, attempt, requested_at, status, printed_at)
     values ($1, 1, $2, 'PRINTED', $2) returning id::int`,
    [nik, printedAt],
  );
  const printJobId = (rows[0] as { id: number }).id;
  const cardSerial = `C-${printJobId}`;
  await pool.query(
    `insert into app.cards (serial, nik, print_job_id, printed_at) values ($1, $2, $3, $4)`,
    [cardSerial, nik, printJobId, printedAt],
  );
  return { nik, printJobId, cardSerial };
}

async function shipment(pool: pg.Pool, nik: string) {
  const { rows } = await pool.query(
    `select j.status as job, j.shipped_at, j.received_at, c.status as card, r.card_status
       from app.print_jobs j join app.cards c on c.print_job_id = j.id
       join app.residents r on r.nik = j.nik
      where j.nik = $1`,
    [nik],
  );
  return rows[0] as Record<string, unknown>;
}

describe('ektp.print.ship', () => {
  let harness: HandlerHarness;
  let pool: pg.Pool;

  beforeAll(async () => {
    harness = await startHandlerHarness({ at: '2026-03-03T02:00:00Z' });
    pool = harness.db.pool;
  });

  afterAll(async () => {
    await harness.stop();
  });

  it('should bring the card to the kecamatan and keep both times, once', async () => {
    // given a card printed yesterday
    const card = await printedCard(pool, '2026-03-02T03:00:00Z');

    // when delivered twice, the second an hour later
    const first = await harness.invoke(shipCard, { key: '9301', variables: card });
    const before = await shipment(pool, card.nik);
    harness.clock.add(3_600_000);
    const again = await harness.invoke(shipCard, { key: '9301', variables: card });

    // then
    expect(first).toEqual({ kind: 'complete', variables: {} });
    expect(again).toEqual(first);
    expect(before).toEqual({
      job: 'RECEIVED',
      shipped_at: new Date('2026-03-03T02:00:00Z'),
      received_at: new Date('2026-03-03T02:00:00Z'),
      card: 'AT_KECAMATAN',
      card_status: 'CARD_SHIPPED',
    });
    expect(await shipment(pool, card.nik)).toEqual(before);
  });

  it('should refuse a card its print job did not print, changing nothing', async () => {
    const card = await printedCard(pool, '2026-03-02T03:00:00Z');
    const outcome = await harness.invoke(shipCard, {
      variables: { ...card, cardSerial: 'C-OTHER' },
    });
    expect(outcome).toEqual({
      kind: 'fail',
      noRetry: true,
      message: `card C-OTHER was not printed by print job ${card.printJobId}`,
    });
    expect(await shipment(pool, card.nik)).toMatchObject({ job: 'PRINTED', card: 'PRINTED' });
  });
});
