/**
 * `ektp.invitation.prepare-batch`: what the Camat's signing form shows about a batch — the
 * kelurahan and how many residents its letters invite. Reads only, so a second delivery answers
 * the same (or the newer count, when a rerun of the scan added residents before the signature).
 */
import { z } from 'zod';

import { complete, defineHandler, incident } from '../job-handler.js';
import { idSchema } from '../support/schemas.js';

export const invitationPrepareBatch = defineHandler({
  type: 'ektp.invitation.prepare-batch',
  variables: z.looseObject({ batchId: idSchema }),
  headers: z.looseObject({}),
  output: z.object({ kelurahanName: z.string(), residentCount: z.number().int().min(0) }),
  async handle(job, { pool }) {
    const { rows } = await pool.query<{ name: string; resident_count: number }>(
      `select k.name, b.resident_count
         from app.invitation_batches b join app.regions k on k.code = b.kelurahan_code
        where b.id = $1`,
      [job.variables.batchId],
    );
    const batch = rows[0];
    if (!batch) return incident(`invitation batch ${job.variables.batchId} does not exist`);
    return complete({ kelurahanName: batch.name, residentCount: batch.resident_count });
  },
});
