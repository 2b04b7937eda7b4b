/**
 * `ektp.recording.issue-ticket`: the resident at the counter gets the day's next queue number and
 * a recording station — the one asked for, or the working station with the shortest queue.
 *
 * Numbers are drawn under a lock per service day, so two counters never hand out the same one;
 * a resident holds one ticket a day, so a second delivery (or a second visit to the counter the
 * same day) answers the ticket already issued.
 */
import { z } from 'zod';

import { maskNik } from '../../../../platform/src/log/mask-nik.js';
import { complete, defineHandler, incident } from '../job-handler.js';
import { nikSchema } from '../support/schemas.js';
import { serviceDate } from './service-day.js';
import { inOutcomeTransaction } from '../support/transaction.js';

export const recordingIssueTicket = defineHandler({
  type: 'ektp.recording.issue-ticket',
  variables: z.looseObject({ nik: nikSchema, stationId: z.string().min(1).nullish() }),
  headers: z.looseObject({}),
  output: z.object({
    queueNumber: z.number().int().positive(),
    ticketId: z.number().int().positive(),
    stationId: z.string(),
    nikMasked: z.string(),
  }),
  async handle(job, { pool, clock }) {
    const { nik } = job.variables;
    const now = clock.now();
    const day = serviceDate(now);
    return inOutcomeTransaction(pool, async (db) => {
      await db.query(`select pg_advisory_xact_lock(hashtext('ektp.queue:' || $1))`, [day]);
      const { rows: residents } = await db.query<{ kecamatan_code: string }>(
        `select k.parent_code as kecamatan_code
           from app.residents r join app.regions k on k.code = r.kelurahan_code where r.nik = $1`,
        [nik],
      );
      const resident = residents[0];
      if (!resident) return incident(`no resident with NIK ${maskNik(nik)} is registered`);
      const { rows: held } = await db.query<{ id: string; number: number; station_id: string }>(
        `select id, number, station_id from app.queue_tickets where service_date = $1 and nik = $2`,
        [day, nik],
      );
      const ticket = held[0];
      if (ticket) {
        return complete({
          queueNumber: ticket.number,
          ticketId: Number(ticket.id),
          stationId: ticket.station_id,
          nikMasked: maskNik(nik),
        });
      }
      let stationId = job.variables.stationId ?? undefined;
      if (stationId) {
        const { rows } = await db.query(
          `select 1 from app.stations where id = $1 and kind = 'RECORDING'`,
          [stationId],
        );
        if (rows.length === 0) return incident(`'${stationId}' is not a recording station`);
      } else {
        // Working stations first, then the shortest queue today, then the station's id.
        const { rows } = await db.query<{ id: string }>(
          `select s.id from app.stations s
            where s.kind = 'RECORDING' and s.location_code = $2
            order by exists (select 1 from app.station_outages o
                              where o.station_id = s.id and o.ended_at is null),
                     (select count(*) from app.queue_tickets t
                       where t.station_id = s.id and t.service_date = $1
                         and t.status in ('WAITING', 'CALLED')),
                     s.id
            limit 1`,
          [day, resident.kecamatan_code],
        );
        stationId = rows[0]?.id;
        if (!stationId) return incident(`the resident's kecamatan has no recording station`);
      }
      const { rows: issued } = await db.query<{ id: string; number: number }>(
        `insert into app.queue_tickets (service_date, number, nik, issued_at, station_id)
         select $1, coalesce(max(number), 0) + 1, $2, $3, $4
           from app.queue_tickets where service_date = $1
         returning id, number`,
        [day, nik, new Date(now), stationId],
      );
      const created = issued[0];
      if (!created) return incident('the queue ticket could not be recorded');
      return complete({
        queueNumber: created.number,
        ticketId: Number(created.id),
        stationId,
        nikMasked: maskNik(nik),
      });
    });
  },
});
