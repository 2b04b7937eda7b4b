/**
 * `ektp.station.report-outage`: the operator could not record because the station or the network
 * is down. The outage is opened (a station already reported down keeps its one open outage, which
 * is what the downtime report counts) and the Kasi is told, who must restore it within the
 * STATION_OUTAGE service level. The outage row is marked with this process instance, so that
 * `ektp.station.close-outage` closes what this recording opened; the messages are keyed on the job.
 */
import { z } from 'zod';

import { complete, defineHandler, incident } from '../job-handler.js';
import { inOutcomeTransaction } from '../support/transaction.js';

export const defaultOutageCause = 'Gangguan alat perekaman atau jaringan (laporan operator)';

export function outageReporter(processInstanceKey: string): string {
  return `process:${processInstanceKey}`;
}

export const stationReportOutage = defineHandler({
  type: 'ektp.station.report-outage',
  variables: z.looseObject({
    stationId: z.string().min(1),
    /** The operator's note on the capture form: what went wrong. */
    note: z.string().nullish(),
  }),
  headers: z.looseObject({}),
  output: z.object({ stationId: z.string() }),
  async handle(job, { pool, clock }) {
    const { stationId } = job.variables;
    const now = new Date(clock.now());
    return inOutcomeTransaction(pool, async (db) => {
      const { rows: stations } = await db.query(
        `select 1 from app.stations where id = $1 and kind = 'RECORDING'`,
        [stationId],
      );
      if (stations.length === 0) return incident(`'${stationId}' is not a recording station`);
      await db.query(
        `insert into app.station_outages (station_id, started_at, cause, reported_by)
         values ($1, $2, $3, $4)
         on conflict (station_id) where ended_at is null do nothing`,
        [
          stationId,
          now,
          job.variables.note?.trim() || defaultOutageCause,
          outageReporter(job.processInstanceKey),
        ],
      );
      // Staff messages are read in the product (WhatsApp links to the task); see sla/escalate.ts.
      await db.query(
        `insert into app.notifications (recipient_kind, staff_id, channel, template, sent_at, delivered, reference)
         select 'STAFF', s.id, 'WHATSAPP', 'STATION_OUTAGE', $1, true, 'outage:' || $2 || ':' || s.id
           from app.staff s join app.staff_roles r on r.staff_id = s.id
          where r.role = 'kasi' and s.active
         on conflict (reference) do nothing`,
        [now, job.key],
      );
      return complete({ stationId });
    });
  },
});
