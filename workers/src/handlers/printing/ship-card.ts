/**
 * `ektp.print.ship`: the printed card goes from the Dinas to the kecamatan, where it waits for the
 * resident at the counter. The Dinas courier hands it over the same day, so shipping and receipt
 * are recorded together (both times kept for the time-to-card report). Idempotent: a job already
 * received changes nothing.
 */
import { z } from 'zod';

import { maskNik } from '../../../../platform/src/log/mask-nik.js';
import { complete, defineHandler, incident } from '../job-handler.js';
import { idSchema, nikSchema, noHeaders, noOutput } from '../support/schemas.js';
import { inTransaction } from '../support/transaction.js';
import { lockPrintJob } from './print-jobs.js';

export const shipCard = defineHandler({
  type: 'ektp.print.ship',
  variables: z.looseObject({
    nik: nikSchema,
    printJobId: idSchema,
    cardSerial: z.string().min(1),
  }),
  headers: noHeaders,
  output: noOutput,
  async handle(job, { pool, clock }) {
    const { nik, printJobId, cardSerial } = job.variables;
    const now = new Date(clock.now());
    return inTransaction(pool, async (client) => {
      const printJob = await lockPrintJob(client, printJobId);
      if (!printJob || printJob.nik !== nik) {
        return incident(`print job ${printJobId} of ${maskNik(nik)} does not exist`);
      }
      const { rows: cards } = await client.query<{ serial: string }>(
        `select serial from app.cards where print_job_id = $1`,
        [printJobId],
      );
      if (cards[0]?.serial !== cardSerial) {
        return incident(`card ${cardSerial} was not printed by print job ${printJobId}`);
      }
      if (printJob.status === 'RECEIVED') return complete({});
      if (printJob.status !== 'PRINTED' && printJob.status !== 'SHIPPED') {
        return incident(`print job ${printJobId} is ${printJob.status}: there is no card to ship`);
      }
      await client.query(
        `update app.print_jobs
            set status = 'RECEIVED',
                shipped_at = coalesce(shipped_at, greatest($2::timestamptz, printed_at)),
                received_at = greatest($2::timestamptz, coalesce(shipped_at, printed_at))
          where id = $1`,
        [printJobId, now],
      );
      await client.query(
        `update app.cards set status = 'AT_KECAMATAN' where serial = $1 and status in ('PRINTED', 'SHIPPED')`,
        [cardSerial],
      );
      await client.query(
        `update app.residents set card_status = 'CARD_SHIPPED', updated_at = $2
          where nik = $1 and enrollment_status = 'PRINT_READY_RECORD'`,
        [nik, now],
      );
      return complete({});
    });
  },
});
