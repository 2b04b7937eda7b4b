/**
 * `ektp.stock.reserve-blanko`: takes a blanko from the Dinas stock for the resident's current print
 * job. The current job is the open one (waiting or queued); after a defect, or when a printed card
 * is being corrected, it is a new attempt. With a blanko free the job is QUEUED for the printer;
 * without, it waits (WAITING_STOCK) and the process issues a Suket.
 *
 * Residents waiting for blanko hold a Suket and were promised first come, first served: a free
 * blanko goes to a new job only once every job waiting before it has one. Idempotent: a job
 * already QUEUED answers true again and reserves nothing more.
 */
import { z } from 'zod';

import { maskNik } from '../../../../platform/src/log/mask-nik.js';
import { complete, defineHandler, incident } from '../job-handler.js';
import { nikSchema, noHeaders } from '../support/schemas.js';
import { lockBlankoStock, moveBlanko, printJobReference } from './blanko-stock.js';
import { inTransaction } from '../support/transaction.js';
import {
  createPrintJob,
  lockLatestPrintJob,
  printedStatuses,
  type PrintJob,
} from './print-jobs.js';

export const reserveBlanko = defineHandler({
  type: 'ektp.stock.reserve-blanko',
  variables: z.looseObject({ nik: nikSchema }),
  headers: noHeaders,
  output: z.object({ blankoReserved: z.boolean(), printJobId: z.number().int().positive() }),
  async handle(job, { pool, clock }) {
    const { nik } = job.variables;
    const now = new Date(clock.now());
    return inTransaction(pool, async (client) => {
      // The resident's row lock makes two deliveries of this job agree on one print job.
      const { rows: residents } = await client.query<{
        enrollment_status: string;
        correcting: boolean;
      }>(
        `select enrollment_status,
                exists (select 1 from app.correction_cases c where c.nik = r.nik and c.closed_at is null) as correcting
           from app.residents r where nik = $1 for update`,
        [nik],
      );
      const resident = residents[0];
      if (!resident) return incident(`no resident with NIK ${maskNik(nik)} is registered`);
      if (resident.enrollment_status !== 'PRINT_READY_RECORD') {
        return incident(
          `resident ${maskNik(nik)} is ${resident.enrollment_status}, not PRINT_READY_RECORD: nothing to print`,
        );
      }

      const latest = await lockLatestPrintJob(client, nik);
      let current: PrintJob;
      if (
        !latest ||
        latest.status === 'DEFECT' ||
        (resident.correcting && printedStatuses.has(latest.status))
      ) {
        current = await createPrintJob(client, {
          nik,
          attempt: (latest?.attempt ?? 0) + 1,
          requestedAt: now,
        });
        await client.query(
          `update app.residents set card_status = 'SENT_FOR_CARD_PRINTING', updated_at = $2 where nik = $1`,
          [nik, now],
        );
      } else if (latest.status === 'WAITING_STOCK' || latest.status === 'QUEUED') {
        current = latest;
      } else {
        return incident(
          `the card of ${maskNik(nik)} was already printed (print job ${latest.id}, ${latest.status}) and no correction case is open: a reprint needs one`,
        );
      }
      if (current.status === 'QUEUED')
        return complete({ blankoReserved: true, printJobId: current.id });

      const stock = await lockBlankoStock(client);
      const { rows: ahead } = await client.query<{ waiting: number }>(
        `select count(*)::int as waiting from app.print_jobs
          where status = 'WAITING_STOCK' and (requested_at, id) < ($1, $2)`,
        [current.requestedAt, current.id],
      );
      const free = stock.onHand - stock.reserved - (ahead[0]?.waiting ?? 0);
      if (free < 1) return complete({ blankoReserved: false, printJobId: current.id });

      await moveBlanko(client, {
        kind: 'RESERVE',
        quantity: 1,
        reference: printJobReference(current.id),
        at: now,
      });
      await client.query(`update app.print_jobs set status = 'QUEUED' where id = $1`, [current.id]);
      return complete({ blankoReserved: true, printJobId: current.id });
    });
  },
});
