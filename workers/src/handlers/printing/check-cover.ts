/**
 * `ektp.stock.check-cover`: how many days the blanko on hand last at the use of the last 14 days
 * (cards printed and blanko spoiled). Under two weeks the warehouse requests more: a request takes
 * that long to arrive (Kota Jambi receives ~8,000 every two weeks). With no use at all the cover is
 * `noUseCoverDays`, large enough never to trigger a request.
 */
import { z } from 'zod';

import { complete, defineHandler } from '../job-handler.js';
import { noHeaders } from '../support/schemas.js';
import { blankoItem, blankoLocation } from './blanko-stock.js';

export const usageWindowDays = 14;
export const noUseCoverDays = 999;

const day = 24 * 60 * 60_000;

/** Whole days the stock lasts at the daily use of the window, capped at `noUseCoverDays`. */
export function daysOfCover(onHand: number, usedInWindow: number, windowDays: number): number {
  if (usedInWindow <= 0) return noUseCoverDays;
  return Math.min(noUseCoverDays, Math.floor((onHand * windowDays) / usedInWindow));
}

export const checkCover = defineHandler({
  type: 'ektp.stock.check-cover',
  variables: z.looseObject({}),
  headers: noHeaders,
  output: z.object({
    blankoOnHand: z.number().int().min(0),
    daysOfCover: z.number().int().min(0),
  }),
  async handle(_job, { pool, clock }) {
    const now = clock.now();
    const { rows } = await pool.query<{ on_hand: number; used: number }>(
      `select s.on_hand,
              (select coalesce(-sum(m.quantity), 0)::int from app.stock_movements m
                where m.location_code = s.location_code and m.item = s.item
                  and m.kind in ('ISSUE_PRINT', 'SPOIL') and m.at > $3 and m.at <= $4) as used
         from app.stock s where s.location_code = $1 and s.item = $2`,
      [blankoLocation, blankoItem, new Date(now - usageWindowDays * day), new Date(now)],
    );
    const onHand = rows[0]?.on_hand ?? 0;
    return complete({
      blankoOnHand: onHand,
      daysOfCover: daysOfCover(onHand, rows[0]?.used ?? 0, usageWindowDays),
    });
  },
});
