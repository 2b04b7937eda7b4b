import type pg from 'pg';

import {
  startHandlerHarness,
  type HandlerHarness,
} from '../../../../tests/helpers/handler-harness.js';
import { receiveDeliveries } from './receive-deliveries.js';

const day = 86_400_000;

async function blanko(pool: pg.Pool) {
  const { rows } = await pool.query(
    `select (select on_hand from app.stock where location_code = '15.71' and item = 'BLANKO') as on_hand,
            (select json_agg(json_build_object('quantity', quantity, 'reference', reference) order by id)
               from app.stock_movements where kind = 'RECEIVE') as receipts`,
  );
  return rows[0] as { on_hand: number; receipts: unknown[] | null };
}

describe('ektp.stock.receive-deliveries', () => {
  describe('on the regular schedule', () => {
    // The simulated schedule: 700 blanko every 14 days from 6 January 2025, 10:00 WIB, so one
    // arrives on Monday 2 March 2026 at 10:00 WIB (03:00 UTC), the 31st delivery.
    let harness: HandlerHarness;
    let pool: pg.Pool;

    beforeAll(async () => {
      harness = await startHandlerHarness({ at: '2026-03-02T04:00:00Z' });
      pool = harness.db.pool;
    });

    afterAll(async () => {
      await harness.stop();
    });

    it('should book each delivery once, and answer a repeated job the same', async () => {
      // when the first check runs after the delivery arrived, and is delivered twice
      const first = await harness.invoke(receiveDeliveries, { key: '9401' });
      const again = await harness.invoke(receiveDeliveries, { key: '9401' });

      // then 700 blanko are on hand, booked once at their arrival
      expect(first).toEqual({ kind: 'complete', variables: { blankoReceived: 700 } });
      expect(again).toEqual(first);
      expect(await blanko(pool)).toEqual({
        on_hand: 700,
        receipts: [{ quantity: 700, reference: 'delivery:sim-blanko-0031' }],
      });

      // when another check reads an overlapping window
      await pool.query(
        `update app.stock_delivery_checks set checked_until = checked_until - interval '2 days'`,
      );
      const overlapping = await harness.invoke(receiveDeliveries, {});

      // then the delivery is not booked again
      expect(overlapping).toEqual({ kind: 'complete', variables: { blankoReceived: 0 } });
      expect((await blanko(pool)).on_hand).toBe(700);
    });

    it('should read on from where the last check stopped', async () => {
      // when a day later (nothing due) and fourteen days later (the next delivery)
      harness.clock.add(day);
      const quiet = await harness.invoke(receiveDeliveries, {});
      harness.clock.add(13 * day);
      const next = await harness.invoke(receiveDeliveries, {});

      // then
      expect(quiet).toEqual({ kind: 'complete', variables: { blankoReceived: 0 } });
      expect(next).toEqual({ kind: 'complete', variables: { blankoReceived: 700 } });
      const { rows } = await pool.query(`select checked_until from app.stock_delivery_checks`);
      expect(rows).toEqual([{ checked_until: new Date(harness.clock.now()) }]);
      expect(await blanko(pool)).toMatchObject({ on_hand: 1400 });
    });
  });

  describe('during a stock-out at the centre', () => {
    let harness: HandlerHarness;

    beforeAll(async () => {
      harness = await startHandlerHarness({
        at: '2026-03-02T04:00:00Z',
        env: { SIM_BLANKO_GAP_FROM: '2026-02-20T00:00:00+07:00', SIM_BLANKO_GAP_DAYS: '30' },
      });
    });

    afterAll(async () => {
      await harness.stop();
    });

    it('should book nothing when no delivery came', async () => {
      const outcome = await harness.invoke(receiveDeliveries, {});
      expect(outcome).toEqual({ kind: 'complete', variables: { blankoReceived: 0 } });
      expect(await blanko(harness.db.pool)).toEqual({ on_hand: 0, receipts: null });
    });
  });
});
