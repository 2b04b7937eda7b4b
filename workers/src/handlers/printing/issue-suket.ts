/**
 * `ektp.suket.issue`: no blanko for the resident's card, so a Surat Keterangan stands in for it
 * (valid six months, SE Dirjen Dukcapil 471.13/10231/Dukcapil) and the resident is told by SMS or
 * letter. With header `renewal: 'true'` (the 150-day timer) the letter in hand is expired and a new
 * one issued, so the resident is never without a valid one while the card waits.
 *
 * A resident holds one valid Suket at a time: without `renewal`, a still valid one is answered
 * again (after a print defect the process comes back here). Idempotent on the job key, and the
 * message is keyed on the Suket number, so each letter is announced once.
 */
import { z } from 'zod';

import { maskNik } from '../../../../platform/src/log/mask-nik.js';
import { complete, defineHandler, incident } from '../job-handler.js';
import { localDate, notifyResident } from '../support/notify-resident.js';
import { nikSchema } from '../support/schemas.js';
import { inTransaction } from '../support/transaction.js';

const wibOffsetMs = 7 * 60 * 60_000;

/** 470 is the classification code of population affairs in official correspondence. */
export function suketNumber(serial: number, issuedAt: number): string {
  const year = new Date(issuedAt + wibOffsetMs).getUTCFullYear();
  return `470/${serial}/DISDUKCAPIL/${year}`;
}

interface SuketRow {
  no: string;
  valid_until: Date;
}

export const issueSuket = defineHandler({
  type: 'ektp.suket.issue',
  variables: z.looseObject({ nik: nikSchema }),
  headers: z.looseObject({
    reason: z.enum(['NOT_YET_PRR', 'NO_BLANKO', 'LOST_DAMAGED', 'DATA_CHANGE']),
    renewal: z.enum(['true', 'false']).optional(),
  }),
  output: z.object({ suketNumber: z.string(), suketValidUntil: z.iso.datetime() }),
  async handle(job, context) {
    const { pool, clock } = context;
    const { nik } = job.variables;
    const renewal = job.headers.renewal === 'true';
    const now = clock.now();
    const suket = await inTransaction(pool, async (client) => {
      const { rows: mine } = await client.query<SuketRow>(
        `select no, valid_until from app.sukets where job_key = $1`,
        [job.key],
      );
      if (mine[0]) return mine[0];
      const { rowCount } = await client.query(
        `select 1 from app.residents where nik = $1 for update`,
        [nik],
      );
      if (!rowCount) return undefined;
      const { rows: valid } = await client.query<SuketRow>(
        `select no, valid_until from app.sukets where nik = $1 and status = 'VALID' for update`,
        [nik],
      );
      const held = valid[0];
      if (held && !renewal && held.valid_until.getTime() > now) return held;
      if (held) {
        await client.query(`update app.sukets set status = 'EXPIRED' where no = $1`, [held.no]);
      }
      const { rows: serial } = await client.query<{ n: string }>(
        `select nextval('app.suket_numbers')::text as n`,
      );
      const { rows: issued } = await client.query<SuketRow>(
        `insert into app.sukets (no, nik, reason, issued_at, job_key)
         values ($1, $2, $3, $4, $5)
         returning no, valid_until`,
        [suketNumber(Number(serial[0]?.n), now), nik, job.headers.reason, new Date(now), job.key],
      );
      return issued[0];
    });
    if (!suket) return incident(`no resident with NIK ${maskNik(nik)} is registered`);

    await notifyResident(context, {
      reference: `suket:${suket.no}`,
      nik,
      template: 'SUKET_ISSUED',
      params: { suketNumber: suket.no, validUntil: localDate(suket.valid_until.getTime()) },
    });
    return complete({
      suketNumber: suket.no,
      suketValidUntil: suket.valid_until.toISOString(),
    });
  },
});
