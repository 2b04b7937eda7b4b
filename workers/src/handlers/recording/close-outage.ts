/**
 * `ektp.station.close-outage`: the Kasi restored the station (or sent the resident to another
 * one): the outages this recording reported end now. The station the recording goes on at may
 * differ from the one that failed, so the outages are found by their reporter, not by station.
 * Only open outages change, so a second delivery changes nothing.
 */
import { z } from 'zod';

import { complete, defineHandler } from '../job-handler.js';
import { noOutput } from '../support/schemas.js';
import { outageReporter } from './report-outage.js';

export const stationCloseOutage = defineHandler({
  type: 'ektp.station.close-outage',
  variables: z.looseObject({ stationId: z.string().nullish() }),
  headers: z.looseObject({}),
  output: noOutput,
  async handle(job, { pool, clock }) {
    // An outage lasts at least a moment: ended_at must come after started_at.
    await pool.query(
      `update app.station_outages
          set ended_at = greatest($2::timestamptz, started_at + interval '1 millisecond')
        where reported_by = $1 and ended_at is null`,
      [outageReporter(job.processInstanceKey), new Date(clock.now())],
    );
    return complete({});
  },
});
