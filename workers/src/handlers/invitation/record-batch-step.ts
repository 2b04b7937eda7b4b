/**
 * `ektp.invitation.record-batch-step` (header step=SIGNED): the Camat, or the Sekcam on his behalf,
 * signed the batch: the batch keeps who signed, when and in which capacity, and its DRAFT letters
 * become SIGNED letters the kelurahan may hand to the RT. A batch already signed keeps its first
 * signature, so a second delivery changes nothing.
 */
import { z } from 'zod';

import { complete, defineHandler, incident } from '../job-handler.js';
import { completedBySchema, idSchema, noOutput } from '../support/schemas.js';
import { inOutcomeTransaction } from '../support/transaction.js';

export const invitationRecordBatchStep = defineHandler({
  type: 'ektp.invitation.record-batch-step',
  variables: z.looseObject({
    batchId: idSchema,
    signature: z.enum(['CAMAT', 'SEKCAM']),
    taskCompletedBy: completedBySchema,
  }),
  headers: z.looseObject({ step: z.enum(['SIGNED']) }),
  output: noOutput,
  async handle(job, { pool, clock }) {
    const v = job.variables;
    return inOutcomeTransaction(pool, async (db) => {
      const { rows } = await db.query<{ signed_at: Date | null }>(
        'select signed_at from app.invitation_batches where id = $1 for update',
        [v.batchId],
      );
      const batch = rows[0];
      if (!batch) return incident(`invitation batch ${v.batchId} does not exist`);
      if (batch.signed_at === null) {
        await db.query(
          `update app.invitation_batches set signed_at = $2, signed_by = $3, signed_as = $4
            where id = $1`,
          [v.batchId, new Date(clock.now()), v.taskCompletedBy ?? 'tidak-diketahui', v.signature],
        );
      }
      await db.query(
        `update app.invitations set status = 'SIGNED' where batch_id = $1 and status = 'DRAFT'`,
        [v.batchId],
      );
      return complete({});
    });
  },
});
