/**
 * Blanko (/api/operations/blanko/…): the stock of each location and item with what is reserved
 * for queued print jobs and how many days it lasts, and the movements (received, reserved,
 * released, printed, spoiled, adjusted) with filters, as pages or CSV. The stock is the Dinas's,
 * printed for every kecamatan, so every reader sees all of it; the counter reads the stock only,
 * to tell residents whether a card can be printed or a Suket is due.
 */
import { z } from 'zod';

import {
  daysOfCover,
  usageWindowDays,
} from '../../../../workers/src/handlers/printing/check-cover.js';
import type { ApiData } from '../../api-endpoints.js';
import { dateTime, listFormat, pageOf, pageQuery } from '../../http/common-schemas.js';
import { endpoint, type Endpoint } from '../../http/endpoint.js';
import { ListFilter } from '../../http/list-filter.js';
import type { Role } from '../auth/authorize.js';
import { toCsv } from '../supervision/csv.js';
import { fromNotAfterTo, localDay } from '../supervision/local-period.js';

const movementReaders: Role[] = [
  'dinas-gudang',
  'dinas-cetak',
  'kadis',
  'kasi',
  'sekcam',
  'camat',
  'admin',
  'auditor',
];
const stockReaders: Role[] = [...movementReaders, 'petugas-loket'];

const regionCode = z
  .string()
  .regex(/^\d{2}(\.\d{2}){0,2}(\.\d{4})?$/, 'must be a region code such as 15.71');
const item = z.enum(['BLANKO', 'RIBBON', 'FILM']);
const movementKind = z.enum(['RECEIVE', 'RESERVE', 'RELEASE', 'ISSUE_PRINT', 'SPOIL', 'ADJUST']);

const stockRow = z.object({
  locationCode: z.string(),
  item,
  onHand: z.number().int(),
  reserved: z.number().int(),
  /** What a new print job may take: on hand minus reserved. */
  available: z.number().int(),
  /** Printed and spoiled in the last `usageWindowDays` days. */
  usedInWindow: z.number().int(),
  /** Whole days the stock on hand lasts at that use; null when nothing was used. */
  daysOfCover: z.number().int().nullable(),
  updatedAt: dateTime,
});

const stockAnswer = z.object({
  usageWindowDays: z.number().int(),
  items: z.array(stockRow),
  /** Print jobs waiting for a blanko (their residents hold a Suket). */
  printJobsWaitingForBlanko: z.number().int(),
});

const movement = z.object({
  id: z.string(),
  locationCode: z.string(),
  item,
  kind: movementKind,
  /** Signed: a receipt adds, a print or a spoiled blanko takes away (RESERVE/RELEASE: reserved). */
  quantity: z.number().int(),
  reference: z.string().nullable(),
  at: dateTime,
});

const movementQuery = z
  .object({
    location: regionCode.optional(),
    item: item.optional(),
    kind: movementKind.optional(),
    reference: z.string().max(200).optional(),
    from: localDay.optional(),
    to: localDay.optional(),
    format: listFormat,
    ...pageQuery(500, 50),
  })
  .strict()
  .superRefine(fromNotAfterTo);

export function blankoEndpoints(deps: ApiData): Endpoint[] {
  const { pool, clock } = deps;
  return [
    endpoint({
      operationId: 'listBlankoStock',
      method: 'get',
      path: '/operations/blanko/stock',
      tag: 'Operations',
      summary: 'Blanko and other card stock per location: on hand, reserved, days of cover',
      access: stockReaders,
      query: z.object({ format: listFormat }).strict(),
      response: stockAnswer,
      alsoProduces: ['text/csv'],
      handler: async ({ query, res }) => {
        const now = clock.now();
        const { rows } = await pool.query<{
          location_code: string;
          item: z.infer<typeof item>;
          on_hand: number;
          reserved: number;
          used: number;
          updated_at: Date;
        }>(
          `select s.location_code, s.item, s.on_hand, s.reserved, s.updated_at,
                  (select coalesce(-sum(m.quantity), 0)::int from app.stock_movements m
                    where m.location_code = s.location_code and m.item = s.item
                      and m.kind in ('ISSUE_PRINT', 'SPOIL') and m.at > $1 and m.at <= $2) as used
             from app.stock s order by s.location_code, s.item`,
          [new Date(now - usageWindowDays * 86_400_000), new Date(now)],
        );
        const items = rows.map((r) => ({
          locationCode: r.location_code,
          item: r.item,
          onHand: r.on_hand,
          reserved: r.reserved,
          available: r.on_hand - r.reserved,
          usedInWindow: r.used,
          daysOfCover: r.used > 0 ? daysOfCover(r.on_hand, r.used, usageWindowDays) : null,
          updatedAt: r.updated_at.toISOString(),
        }));
        if (query.format === 'csv') {
          res
            .type('text/csv; charset=utf-8')
            .attachment('stok-blanko.csv')
            .send(toCsv(Object.keys(stockRow.shape), items));
          return undefined;
        }
        const { rows: waiting } = await pool.query<{ n: number }>(
          `select count(*)::int as n from app.print_jobs where status = 'WAITING_STOCK'`,
        );
        return {
          usageWindowDays,
          items,
          printJobsWaitingForBlanko: waiting[0]?.n ?? 0,
        };
      },
    }),

    endpoint({
      operationId: 'listBlankoMovements',
      method: 'get',
      path: '/operations/blanko/movements',
      tag: 'Operations',
      summary:
        'Stock movements (received, reserved, released, printed, spoiled, adjusted), newest first (CSV with format=csv)',
      access: movementReaders,
      query: movementQuery,
      response: pageOf(movement),
      alsoProduces: ['text/csv'],
      handler: async ({ query: q, res }) => {
        const filter = new ListFilter();
        if (q.location) filter.add('m.location_code = ?', q.location);
        if (q.item) filter.add('m.item = ?', q.item);
        if (q.kind) filter.add('m.kind = ?', q.kind);
        if (q.reference) filter.add('m.reference = ?', q.reference);
        filter.period(q.from, q.to, 'm.at');
        const csv = q.format === 'csv';
        const window = filter.window(q, csv);
        const { rows } = await pool.query<{
          id: string;
          location_code: string;
          item: z.infer<typeof item>;
          kind: z.infer<typeof movementKind>;
          quantity: number;
          reference: string | null;
          at: Date;
          total: number;
        }>(
          `select m.id::text, m.location_code, m.item, m.kind, m.quantity, m.reference, m.at,
                  count(*) over ()::int as total
             from app.stock_movements m
            ${filter.where()}
            order by m.at desc, m.id desc
            ${window}`,
          filter.params,
        );
        const items = rows.map((r) => ({
          id: r.id,
          locationCode: r.location_code,
          item: r.item,
          kind: r.kind,
          quantity: r.quantity,
          reference: r.reference,
          at: r.at.toISOString(),
        }));
        if (csv) {
          res
            .type('text/csv; charset=utf-8')
            .attachment('mutasi-blanko.csv')
            .send(toCsv(Object.keys(movement.shape), items));
          return undefined;
        }
        return { items, page: q.page, pageSize: q.pageSize, total: rows[0]?.total ?? 0 };
      },
    }),
  ];
}
