/**
 * The two handlers that close a letter — the resident came (FULFILLED) or never did (NO_SHOW) —
 * are one rule: the same status again is a second delivery and changes nothing; a letter still in
 * circulation takes the status; a letter that ended otherwise is an incident.
 */
import { z } from 'zod';

import { complete, defineHandler, incident } from '../job-handler.js';
import { idSchema, noOutput } from '../support/schemas.js';
import { inOutcomeTransaction } from '../support/transaction.js';
import { invitationProblem, isCirculating, loadInvitation } from './invitations.js';

export function closeInvitationHandler(
  type: string,
  status: 'FULFILLED' | 'NO_SHOW',
  refusal: string,
) {
  return defineHandler({
    type,
    variables: z.looseObject({ invitationId: idSchema }),
    headers: z.looseObject({}),
    output: noOutput,
    async handle(job, { pool }) {
      const { invitationId } = job.variables;
      return inOutcomeTransaction(pool, async (db) => {
        const invitation = await loadInvitation(db, invitationId, { lock: true });
        const problem = invitationProblem(invitation, invitationId);
        if (problem || !invitation) return incident(problem ?? 'no invitation');
        if (invitation.status === status) return complete({});
        if (!isCirculating(invitation.status)) {
          return incident(`invitation ${invitationId} is ${invitation.status}: ${refusal}`);
        }
        await db.query(`update app.invitations set status = $2 where id = $1`, [
          invitationId,
          status,
        ]);
        return complete({});
      });
    },
  });
}
