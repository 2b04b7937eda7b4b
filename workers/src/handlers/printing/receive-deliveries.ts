/**
 * `ektp.stock.receive-deliveries`: books the blanko that arrived at the Dinas since the last check
 * into the stock, each delivery once (app.blanko_deliveries, keyed on the printing line's delivery
 * id) as a RECEIVE movement. The window runs from where the last check stopped to now; the first
 * check starts at the last receipt already in the stock (the opening stock), or a day back.
 *
 * Answers how many blanko this job booked, so a second delivery of the job answers the same.
 */
import { z } from 'zod';

import { complete, defineHandler } from '../job-handler.js';
import { noHeaders } from '../support/schemas.js';
import { blankoItem, blankoLocation, lockBlankoStock, moveBlanko } from './blanko-stock.js';
import { inTransaction } from '../support/transaction.js';

const day = 24 * 60 * 60_000;

export const receiveDeliveries = defineHandler({
  type: 'ektp.stock.receive-deliveries',
  variables: z.looseObject({}),
  headers: noHeaders,
  output: z.object({ blankoReceived: z.number().int().min(0) }),
  async handle(job, { pool, clock, adapters }) {
    const now = clock.now();
    const { rows } = await pool.query<{ from: Date | null }>(
      `select coalesce(
                (select checked_until from app.stock_delivery_checks where location_code = $1 and item = $2),
                (select max(at) from app.stock_movements where location_code = $1 and item = $2 and kind = 'RECEIVE')
              ) as from`,
      [blankoLocation, blankoItem],
    );
    const from = rows[0]?.from?.getTime() ?? now - day;
    // Asked before taking the stock lock: printing goes on while the printing line answers.
    const deliveries =
      from < now ? await adapters.printingLine.blankoDeliveries({ from, to: now }) : [];
    await inTransaction(pool, async (client) => {
      await lockBlankoStock(client);
      for (const delivery of deliveries) {
        const { rowCount } = await client.query(
          `insert into app.blanko_deliveries (delivery_id, location_code, item, arrives_at, quantity, received_at, job_key)
           values ($1, $2, $3, $4, $5, $6, $7)
           on conflict (delivery_id) do nothing`,
          [
            delivery.deliveryId,
            blankoLocation,
            blankoItem,
            new Date(delivery.arrivesAt),
            delivery.quantity,
            new Date(now),
            job.key,
          ],
        );
        if (!rowCount) continue;
        await moveBlanko(client, {
          kind: 'RECEIVE',
          quantity: delivery.quantity,
          reference: `delivery:${delivery.deliveryId}`,
          at: new Date(delivery.arrivesAt),
        });
      }
      await client.query(
        `insert into app.stock_delivery_checks (location_code, item, checked_until) values ($1, $2, $3)
         on conflict (location_code, item)
         do update set checked_until = greatest(app.stock_delivery_checks.checked_until, excluded.checked_until)`,
        [blankoLocation, blankoItem, new Date(now)],
      );
    });
    const { rows: booked } = await pool.query<{ quantity: number }>(
      `select coalesce(sum(quantity), 0)::int as quantity from app.blanko_deliveries where job_key = $1`,
      [job.key],
    );
    return complete({ blankoReceived: booked[0]?.quantity ?? 0 });
  },
});
