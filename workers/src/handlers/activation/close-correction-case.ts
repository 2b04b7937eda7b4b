/**
 * `ektp.correction.close-case`: the replacement card is printed, so the case is closed and the old
 * card taken back: REPLACED by the new card (the reprint retires it already), or VOID when no new
 * card came of it. Its root cause is what the monthly evaluation counts, so a case closes with one:
 * the Dinas's finding when it gave one, else the kind of fault. Idempotent: a closed case stays as
 * it was closed.
 *
 * A case found at QC concerns a blanko spoiled at the Dinas, not a card the resident held: there
 * is no old card to take back, and `old_card_retrieved` stays false.
 */
import { z } from 'zod';

import { complete, defineHandler, incident } from '../job-handler.js';
import { inTransaction } from '../support/transaction.js';
import { idSchema, noHeaders, noOutput } from '../support/schemas.js';

export const closeCorrectionCase = defineHandler({
  type: 'ektp.correction.close-case',
  variables: z.looseObject({ correctionCaseId: idSchema }),
  headers: noHeaders,
  output: noOutput,
  async handle(job, { pool, clock }) {
    const { correctionCaseId } = job.variables;
    const now = new Date(clock.now());
    return inTransaction(pool, async (client) => {
      const { rows } = await client.query<{
        nik: string;
        card_serial: string | null;
        closed: boolean;
      }>(
        `select nik, card_serial, closed_at is not null as closed
           from app.correction_cases where id = $1 for update`,
        [correctionCaseId],
      );
      const correction = rows[0];
      if (!correction) return incident(`correction case ${correctionCaseId} does not exist`);
      if (correction.closed) return complete({});
      await client.query(
        `update app.correction_cases
            set closed_at = greatest($2::timestamptz, opened_at),
                old_card_retrieved = card_serial is not null,
                root_cause = coalesce(root_cause,
                  case kind when 'PRINT_DEFECT' then 'PRINT_DEFECT' else 'SIAK_DATA_WRONG' end)
          where id = $1`,
        [correctionCaseId, now],
      );
      if (correction.card_serial) {
        await client.query(
          `update app.cards old
              set status = case when exists (
                    select 1 from app.cards newer
                     where newer.nik = old.nik and newer.serial <> old.serial
                       and newer.printed_at >= old.printed_at)
                  then 'REPLACED' else 'VOID' end
            where old.serial = $1 and old.status not in ('VOID', 'REPLACED')`,
          [correction.card_serial],
        );
      }
      return complete({});
    });
  },
});
