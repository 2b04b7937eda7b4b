/**
 * `ektp.invitation.record-no-show`: the resident did not come after the second invitation and the
 * home visit: the letter is closed as NO_SHOW (the lifecycle then ends in that state). Already
 * NO_SHOW is a second delivery; a letter that ended otherwise is an incident.
 */
import { z } from 'zod';

import { complete, defineHandler, incident } from '../job-handler.js';
import { idSchema, noOutput } from '../support/schemas.js';
import { invitationProblem, isCirculating, loadInvitation } from './invitations.js';
import { inOutcomeTransaction } from '../support/transaction.js';

export const invitationRecordNoShow = defineHandler({
  type: 'ektp.invitation.record-no-show',
  variables: z.looseObject({ invitationId: idSchema }),
  headers: z.looseObject({}),
  output: noOutput,
  async handle(job, { pool }) {
    const { invitationId } = job.variables;
    return inOutcomeTransaction(pool, async (db) => {
      const invitation = await loadInvitation(db, invitationId, { lock: true });
      const problem = invitationProblem(invitation, invitationId);
      if (problem || !invitation) return incident(problem ?? 'no invitation');
      if (invitation.status === 'NO_SHOW') return complete({});
      if (!isCirculating(invitation.status)) {
        return incident(
          `invitation ${invitationId} is ${invitation.status}: cannot be marked as no-show`,
        );
      }
      await db.query(`update app.invitations set status = 'NO_SHOW' where id = $1`, [invitationId]);
      return complete({});
    });
  },
});
