/**
 * `ektp.print.card`: prints and encodes the card of a queued print job on the blanko reserved for
 * it. PRINTED: the card is recorded and the blanko consumed (ISSUE_PRINT); on a reprint the card it
 * replaces stops being the resident's live card (one card per person, UU 24/2013 Pasal 63).
 * DEFECT: the blanko is spoiled (SPOIL) and the defect kept on the job, where the dashboard counts
 * its cause; the process reprints or sends the data to correction by `defectCause`. A printer that
 * is down keeps the reserved blanko and the job is retried with back-off.
 *
 * Idempotent: the printing line answers a repeated job the same, and a job already printed or
 * spoiled answers from its row without touching the stock again.
 */
import { z } from 'zod';

import { maskNik } from '../../../../platform/src/log/mask-nik.js';
import {
  defectCauses,
  printDefects,
  type PrintDefect,
  type PrintResult,
} from '../../adapters/printing-line.js';
import { complete, defineHandler, incident, retryLater } from '../job-handler.js';
import { idSchema, nikSchema, noHeaders } from '../support/schemas.js';
import { lockBlankoStock, moveBlanko, printJobReference } from './blanko-stock.js';
import { inTransaction } from '../support/transaction.js';
import { lockPrintJob, printedStatuses } from './print-jobs.js';

// The simulated printer is down in windows of an hour; five retries a quarter apart span them.
export const printerDownBackoffMs = 15 * 60_000;

const defectSchema = z.enum(printDefects);
const causeSchema = z.enum(['PRINT_DEFECT', 'SIAK_DATA_WRONG']);

export const printCard = defineHandler({
  type: 'ektp.print.card',
  variables: z.looseObject({ nik: nikSchema, printJobId: idSchema }),
  headers: noHeaders,
  output: z.discriminatedUnion('printOutcome', [
    z.object({
      printOutcome: z.literal('PRINTED'),
      cardSerial: z.string().min(1),
      defect: z.null(),
      defectCause: z.null(),
    }),
    z.object({
      printOutcome: z.literal('DEFECT'),
      cardSerial: z.null(),
      defect: defectSchema,
      defectCause: causeSchema,
    }),
  ]),
  timeoutMs: 5 * 60_000,
  async handle(job, { pool, clock, adapters }) {
    const { nik, printJobId } = job.variables;
    const printed = (cardSerial: string) =>
      complete({
        printOutcome: 'PRINTED' as const,
        cardSerial,
        defect: null,
        defectCause: null,
      });
    const spoiled = (defect: PrintDefect) =>
      complete({
        printOutcome: 'DEFECT' as const,
        cardSerial: null,
        defect,
        defectCause: defectCauses[defect],
      });

    // Outside a transaction: the printer takes minutes and the job row must not stay locked.
    const { rows } = await pool.query<{
      nik: string;
      attempt: number;
      status: string;
      defect: PrintDefect | null;
      serial: string | null;
    }>(
      `select j.nik, j.attempt, j.status, j.defect, c.serial
         from app.print_jobs j left join app.cards c on c.print_job_id = j.id
        where j.id = $1`,
      [printJobId],
    );
    const found = rows[0];
    if (!found) return incident(`print job ${printJobId} does not exist`);
    if (found.nik !== nik)
      return incident(`print job ${printJobId} is not for the resident ${maskNik(nik)}`);
    if (found.status === 'DEFECT' && found.defect) return spoiled(found.defect);
    if (found.serial) return printed(found.serial);
    if (found.status !== 'QUEUED') {
      return incident(`print job ${printJobId} is ${found.status}: no blanko is reserved for it`);
    }

    const result: PrintResult = await adapters.printingLine.printCard({
      printJobId: String(printJobId),
      nik,
      attempt: found.attempt,
    });
    if (result.outcome === 'UNAVAILABLE') {
      return retryLater('the printer or its link to the centre is down', printerDownBackoffMs);
    }

    const now = new Date(clock.now());
    return inTransaction(pool, async (client) => {
      const current = await lockPrintJob(client, printJobId);
      // A second delivery got here first: answer what it recorded.
      if (current?.status === 'DEFECT' && current.defect) {
        return spoiled(current.defect as PrintDefect);
      }
      if (current && printedStatuses.has(current.status)) {
        const { rows: cards } = await client.query<{ serial: string }>(
          `select serial from app.cards where print_job_id = $1`,
          [printJobId],
        );
        if (cards[0]) return printed(cards[0].serial);
      }
      if (current?.status !== 'QUEUED') {
        return incident(`print job ${printJobId} changed while printing: it is ${current?.status}`);
      }
      await lockBlankoStock(client);
      if (result.outcome === 'DEFECT') {
        await client.query(
          `update app.print_jobs set status = 'DEFECT', defect = $2, printed_at = greatest($3::timestamptz, requested_at)
            where id = $1`,
          [printJobId, result.defect, now],
        );
        await moveBlanko(client, {
          kind: 'SPOIL',
          quantity: 1,
          reference: printJobReference(printJobId),
          at: now,
        });
        return spoiled(result.defect);
      }
      const printedAt = new Date(Math.max(result.printedAt, current.requestedAt.getTime()));
      await client.query(
        `update app.print_jobs set status = 'PRINTED', printed_at = $2 where id = $1`,
        [printJobId, printedAt],
      );
      // The card this one replaces (a reprint after a correction) is no longer the live one.
      await client.query(
        `update app.cards set status = 'REPLACED'
          where nik = $1 and print_job_id <> $2 and status not in ('VOID', 'REPLACED')`,
        [nik, printJobId],
      );
      await client.query(
        `insert into app.cards (serial, nik, print_job_id, status, printed_at)
         values ($1, $2, $3, 'PRINTED', $4)`,
        [result.cardSerial, nik, printJobId, printedAt],
      );
      await moveBlanko(client, {
        kind: 'ISSUE_PRINT',
        quantity: 1,
        reference: printJobReference(printJobId),
        at: now,
      });
      await client.query(
        `update app.residents set card_status = 'CARD_PRINTED', updated_at = $2
          where nik = $1 and enrollment_status = 'PRINT_READY_RECORD'`,
        [nik, now],
      );
      return printed(result.cardSerial);
    });
  },
});
