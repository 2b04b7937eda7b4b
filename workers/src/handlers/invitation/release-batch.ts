/**
 * `ektp.invitation.release-batch`: the kelurahan handed the signed letters to the RT. Each letter
 * is now AT_RT and each invited resident's lifecycle is requested (message
 * `ektp-lifecycle-requested`, correlated by NIK, with the invitation's id).
 *
 * The rows are written first and the messages published after: a crash in between is repaired by
 * the second delivery, which publishes again for every first letter still AT_RT. A repeat is
 * harmless — the message id is the invitation's, and a lifecycle running for a NIK takes no second
 * start.
 */
import { z } from 'zod';

import { complete, defineHandler, incident } from '../job-handler.js';
import { idSchema, noOutput } from '../support/schemas.js';
import { publishMessage } from '../support/zeebe-calls.js';
import { inOutcomeTransaction } from '../support/transaction.js';

export const lifecycleRequestedMessage = 'ektp-lifecycle-requested';

/** Messages published at once; the gateway answers each within milliseconds. */
const publishConcurrency = 16;

export const invitationReleaseBatch = defineHandler({
  type: 'ektp.invitation.release-batch',
  variables: z.looseObject({ batchId: idSchema }),
  headers: z.looseObject({}),
  output: noOutput,
  async handle(job, { pool, clock, zeebe }) {
    const { batchId } = job.variables;
    const released = await inOutcomeTransaction(pool, async (db) => {
      const { rows } = await db.query<{ signed_at: Date | null }>(
        'select signed_at from app.invitation_batches where id = $1 for update',
        [batchId],
      );
      const batch = rows[0];
      if (!batch) return incident(`invitation batch ${batchId} does not exist`);
      if (batch.signed_at === null)
        return incident(`invitation batch ${batchId} has not been signed yet`);
      await db.query(
        `update app.invitations set status = 'AT_RT' where batch_id = $1 and status = 'SIGNED'`,
        [batchId],
      );
      await db.query(
        `update app.invitation_batches set distributed_at = greatest($2::timestamptz, signed_at)
          where id = $1 and distributed_at is null`,
        [batchId, new Date(clock.now())],
      );
      return complete({});
    });
    if (released.kind !== 'complete') return released;

    // Second invitations (attempt 2+) live in the same batch but belong to a running lifecycle.
    const { rows: letters } = await pool.query<{ id: string; nik: string; kelurahan_code: string }>(
      `select i.id, i.nik, r.kelurahan_code
         from app.invitations i join app.residents r on r.nik = i.nik
        where i.batch_id = $1 and i.attempt = 1 and i.status = 'AT_RT'
        order by i.id`,
      [batchId],
    );
    for (let start = 0; start < letters.length; start += publishConcurrency) {
      await Promise.all(
        letters.slice(start, start + publishConcurrency).map((letter) =>
          publishMessage(zeebe, {
            name: lifecycleRequestedMessage,
            correlationKey: letter.nik,
            messageId: `invitation-${letter.id}`,
            variables: {
              nik: letter.nik,
              kelurahanCode: letter.kelurahan_code,
              invitationId: Number(letter.id),
            },
          }),
        ),
      );
    }
    return complete({});
  },
});
