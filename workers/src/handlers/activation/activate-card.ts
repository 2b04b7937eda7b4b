/**
 * `ektp.card.activate`: the resident's fingerprint matched the chip at the counter, so the card is
 * handed over and active (issued and activated at once). From now on the card, not a Suket, is
 * the resident's proof of identity: a valid Suket is superseded by it. Idempotent: an active card
 * stays as it was activated.
 */
import { z } from 'zod';

import { maskNik } from '../../../../platform/src/log/mask-nik.js';
import { complete, defineHandler, incident } from '../job-handler.js';
import { inTransaction } from '../support/transaction.js';
import { nikSchema, noHeaders, noOutput } from '../support/schemas.js';

export const activateCard = defineHandler({
  type: 'ektp.card.activate',
  variables: z.looseObject({ nik: nikSchema, cardSerial: z.string().min(1).nullish() }),
  headers: noHeaders,
  output: noOutput,
  async handle(job, { pool, clock }) {
    const { nik, cardSerial } = job.variables;
    const now = new Date(clock.now());
    return inTransaction(pool, async (client) => {
      const { rows } = await client.query<{ serial: string; status: string }>(
        `select serial, status from app.cards
          where nik = $1 and status not in ('VOID', 'REPLACED') for update`,
        [nik],
      );
      const card = rows[0];
      if (!card) return incident(`resident ${maskNik(nik)} has no live card to activate`);
      if (cardSerial && card.serial !== cardSerial) {
        return incident(
          `card ${cardSerial} is not the live card of ${maskNik(nik)} (that is ${card.serial})`,
        );
      }
      if (card.status === 'ACTIVATED') return complete({});
      if (card.status !== 'AT_KECAMATAN' && card.status !== 'ISSUED') {
        return incident(`card ${card.serial} is ${card.status}: it has not reached the kecamatan`);
      }
      await client.query(
        `update app.cards
            set status = 'ACTIVATED',
                issued_at = coalesce(issued_at, greatest($2::timestamptz, printed_at)),
                activated_at = greatest($2::timestamptz, coalesce(issued_at, printed_at))
          where serial = $1`,
        [card.serial, now],
      );
      await client.query(
        `update app.residents set card_status = 'CARD_ACTIVATED', updated_at = $2
          where nik = $1 and enrollment_status = 'PRINT_READY_RECORD'`,
        [nik, now],
      );
      await client.query(
        `update app.sukets set status = 'SUPERSEDED', superseded_by_card = $2
          where nik = $1 and status = 'VALID'`,
        [nik, card.serial],
      );
      return complete({});
    });
  },
});
