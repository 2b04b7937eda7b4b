import type pg from 'pg';

import { insertResident } from '../../../../tests/helpers/domain-fixtures.js';
import {
  startHandlerHarness,
  type HandlerHarness,
} from '../../../../tests/helpers/handler-harness.js';
import { activateCard } from './activate-card.js';

const printedAt = '2026-03-02T03:00:00Z';

/** A resident with a Suket, whose card (status `card`) was printed on 2 March. */
async function residentWithCard(pool: pg.Pool, card = 'AT_KECAMATAN') {
  const { nik } = await insertResident(pool, { enrollmentStatus: 'PRINT_READY_RECORD' });
  await pool.query(`update app.residents set card_status = 'CARD_SHIPPED' where nik = $1`, [nik]);
  const { rows } = await pool.query<{ id: number }>(
    `insert into app.print_jobs (nik, attempt, requested_at, status, printed_at, shipped_at, received_at)
     values ($1, 1, $2, 'RECEIVED', $2, $2, $2) returning id::int`,
    [nik, printedAt],
  );
  const serial = `C-${nik.slice(-4)}`;
  await pool.query(
    `insert into app.cards (serial, nik, print_job_id, status, printed_at) values ($1, $2, $3, $4, $5)`,
    [serial, nik, rows[0]?.id, card, printedAt],
  );
  await pool.query(
    `insert into app.sukets (no, nik, reason, issued_at) values ($1, $2, 'NO_BLANKO', '2026-02-02T03:00:00Z')`,
    [`470/${nik.slice(-4)}/DISDUKCAPIL/2026`, nik],
  );
  return { nik, serial };
}

async function activation(pool: pg.Pool, nik: string) {
  const { rows } = await pool.query(
    `select c.status as card, c.issued_at, c.activated_at, r.card_status,
            (select json_agg(json_build_object('status', s.status, 'by', s.superseded_by_card))
               from app.sukets s where s.nik = c.nik) as sukets
       from app.cards c join app.residents r on r.nik = c.nik where c.nik = $1`,
    [nik],
  );
  return rows[0] as Record<string, unknown>;
}

describe('ektp.card.activate', () => {
  let harness: HandlerHarness;
  let pool: pg.Pool;

  beforeAll(async () => {
    harness = await startHandlerHarness({ at: '2026-03-05T03:00:00Z' });
    pool = harness.db.pool;
  });

  afterAll(async () => {
    await harness.stop();
  });

  it('should activate the card at handover and let it supersede the Suket, once', async () => {
    // given
    const { nik, serial } = await residentWithCard(pool);

    // when delivered twice, an hour apart
    const first = await harness.invoke(activateCard, { key: '9901', variables: { nik } });
    const activated = await activation(pool, nik);
    harness.clock.add(3_600_000);
    const again = await harness.invoke(activateCard, { key: '9901', variables: { nik } });

    // then
    expect(first).toEqual({ kind: 'complete', variables: {} });
    expect(again).toEqual(first);
    expect(activated).toEqual({
      card: 'ACTIVATED',
      issued_at: new Date('2026-03-05T03:00:00Z'),
      activated_at: new Date('2026-03-05T03:00:00Z'),
      card_status: 'CARD_ACTIVATED',
      sukets: [{ status: 'SUPERSEDED', by: serial }],
    });
    expect(await activation(pool, nik)).toEqual(activated);
  });

  it('should refuse another card than the live one, changing nothing', async () => {
    const { nik } = await residentWithCard(pool);
    const outcome = await harness.invoke(activateCard, {
      variables: { nik, cardSerial: 'C-OTHER' },
    });
    expect(outcome).toMatchObject({ kind: 'fail', noRetry: true });
    expect(await activation(pool, nik)).toMatchObject({
      card: 'AT_KECAMATAN',
      sukets: [{ status: 'VALID', by: null }],
    });
  });

  it('should refuse a card that has not reached the kecamatan', async () => {
    const { nik, serial } = await residentWithCard(pool, 'PRINTED');
    expect(await harness.invoke(activateCard, { variables: { nik, cardSerial: serial } })).toEqual({
      kind: 'fail',
      noRetry: true,
      message: `card ${serial} is PRINTED: it has not reached the kecamatan`,
    });
  });

  it('should refuse a resident without a card', async () => {
    const { nik } = await insertResident(pool, { enrollmentStatus: 'PRINT_READY_RECORD' });
    expect(await harness.invoke(activateCard, { variables: { nik } })).toMatchObject({
      kind: 'fail',
      noRetry: true,
    });
  });
});
