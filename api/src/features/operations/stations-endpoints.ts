/**
 * Stations (/api/operations/stations, /api/operations/outages): the recording stations of the
 * kecamatan and the Dinas's printers and card readers with whether each is down now, and their
 * outages with how long each lasted, as pages or CSV. Equipment is nobody's personal data and an
 * outage concerns both sides (the Kasi restores, the Dinas helpdesk helps), so every reader sees
 * every station.
 */
import { z } from 'zod';

import type { ApiData } from '../../api-endpoints.js';
import { booleanFlag, dateTime, listFormat, pageOf, pageQuery } from '../../http/common-schemas.js';
import { endpoint, type Endpoint } from '../../http/endpoint.js';
import { ListFilter } from '../../http/list-filter.js';
import type { Role } from '../auth/authorize.js';
import { toCsv } from '../supervision/csv.js';
import { fromNotAfterTo, localDay } from '../supervision/local-period.js';

const stationReaders: Role[] = [
  'petugas-loket',
  'operator-perekaman',
  'kasi',
  'sekcam',
  'camat',
  'dinas-siak',
  'dinas-cetak',
  'kadis',
  'admin',
  'auditor',
];

const stationKind = z.enum(['RECORDING', 'PRINTER', 'CARD_READER']);
const stationId = z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be a station id');

const station = z.object({
  id: z.string(),
  kind: stationKind,
  name: z.string(),
  locationCode: z.string(),
  dailyCapacity: z.number().int(),
  down: z.boolean(),
  /** The outage going on now, if any. */
  downSince: dateTime.nullable(),
  downCause: z.string().nullable(),
});

const outage = z.object({
  id: z.string(),
  stationId: z.string(),
  stationName: z.string(),
  kind: stationKind,
  startedAt: dateTime,
  endedAt: dateTime.nullable(),
  /** Until it ended, or until now for an outage going on. */
  minutesDown: z.number(),
  open: z.boolean(),
  cause: z.string(),
  reportedBy: z.string(),
});

const stationQuery = z
  .object({
    kind: stationKind.optional(),
    down: booleanFlag.optional(),
    format: listFormat,
    ...pageQuery(200, 50),
  })
  .strict();

const outageQuery = z
  .object({
    station: stationId.optional(),
    kind: stationKind.optional(),
    open: booleanFlag.optional(),
    from: localDay.optional(),
    to: localDay.optional(),
    format: listFormat,
    ...pageQuery(500, 50),
  })
  .strict()
  .superRefine(fromNotAfterTo);

export function stationEndpoints(deps: ApiData): Endpoint[] {
  const { pool, clock } = deps;
  return [
    endpoint({
      operationId: 'listStations',
      method: 'get',
      path: '/operations/stations',
      tag: 'Operations',
      summary: 'Recording stations, printers and card readers, and whether each is down now',
      access: stationReaders,
      query: stationQuery,
      response: pageOf(station),
      alsoProduces: ['text/csv'],
      handler: async ({ query: q, res }) => {
        const csv = q.format === 'csv';
        const { rows } = await pool.query<{
          id: string;
          kind: z.infer<typeof stationKind>;
          name: string;
          location_code: string;
          daily_capacity: number;
          started_at: Date | null;
          cause: string | null;
          total: number;
        }>(
          `select s.id, s.kind, s.name, s.location_code, s.daily_capacity, o.started_at, o.cause,
                  count(*) over ()::int as total
             from app.stations s
             left join app.station_outages o on o.station_id = s.id and o.ended_at is null
            where ($1::text is null or s.kind = $1)
              and ($2::boolean is null or (o.id is not null) = $2)
            order by s.kind, s.id
            limit $3 offset $4`,
          [
            q.kind ?? null,
            q.down === undefined ? null : q.down === 'true',
            csv ? 100_000 : q.pageSize,
            csv ? 0 : (q.page - 1) * q.pageSize,
          ],
        );
        const items = rows.map((r) => ({
          id: r.id,
          kind: r.kind,
          name: r.name,
          locationCode: r.location_code,
          dailyCapacity: r.daily_capacity,
          down: r.started_at !== null,
          downSince: r.started_at?.toISOString() ?? null,
          downCause: r.cause,
        }));
        if (csv) {
          res
            .type('text/csv; charset=utf-8')
            .attachment('stasiun.csv')
            .send(toCsv(Object.keys(station.shape), items));
          return undefined;
        }
        return { items, page: q.page, pageSize: q.pageSize, total: rows[0]?.total ?? 0 };
      },
    }),

    endpoint({
      operationId: 'listStationOutages',
      method: 'get',
      path: '/operations/outages',
      tag: 'Operations',
      summary:
        'Station and network outages with their duration, newest first (CSV with format=csv)',
      access: stationReaders,
      query: outageQuery,
      response: pageOf(outage),
      alsoProduces: ['text/csv'],
      handler: async ({ query: q, res }) => {
        const filter = new ListFilter(new Date(clock.now()));
        if (q.station) filter.add('o.station_id = ?', q.station);
        if (q.kind) filter.add('s.kind = ?', q.kind);
        if (q.open)
          filter.require(q.open === 'true' ? 'o.ended_at is null' : 'o.ended_at is not null');
        // An outage belongs to the period it overlaps.
        filter.period(q.from, q.to, 'coalesce(o.ended_at, $1)', 'o.started_at');
        const csv = q.format === 'csv';
        const window = filter.window(q, csv);
        const { rows } = await pool.query<{
          id: string;
          station_id: string;
          name: string;
          kind: z.infer<typeof stationKind>;
          started_at: Date;
          ended_at: Date | null;
          minutes: number;
          cause: string;
          reported_by: string;
          total: number;
        }>(
          `select o.id::text, o.station_id, s.name, s.kind, o.started_at, o.ended_at,
                  round(extract(epoch from (coalesce(o.ended_at, greatest($1, o.started_at)) - o.started_at)) / 60.0, 1)::float as minutes,
                  o.cause, o.reported_by, count(*) over ()::int as total
             from app.station_outages o join app.stations s on s.id = o.station_id
            ${filter.where()}
            order by o.started_at desc, o.id desc
            ${window}`,
          filter.params,
        );
        const items = rows.map((r) => ({
          id: r.id,
          stationId: r.station_id,
          stationName: r.name,
          kind: r.kind,
          startedAt: r.started_at.toISOString(),
          endedAt: r.ended_at?.toISOString() ?? null,
          minutesDown: r.minutes,
          open: r.ended_at === null,
          cause: r.cause,
          reportedBy: r.reported_by,
        }));
        if (csv) {
          res
            .type('text/csv; charset=utf-8')
            .attachment('gangguan-stasiun.csv')
            .send(toCsv(Object.keys(outage.shape), items));
          return undefined;
        }
        return { items, page: q.page, pageSize: q.pageSize, total: rows[0]?.total ?? 0 };
      },
    }),
  ];
}
