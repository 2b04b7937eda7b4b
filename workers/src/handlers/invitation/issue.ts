/**
 * `ektp.invitation.issue`: the resident's invitation process begins with the letter the batch
 * holds for them: which attempt it is, its number and the check-in code printed on it. Reads only.
 * A letter not signed yet, or no longer in circulation, cannot be delivered: an incident.
 */
import { z } from 'zod';

import { complete, defineHandler, incident } from '../job-handler.js';
import { idSchema, nikSchema } from '../support/schemas.js';
import { invitationProblem, isCirculating, loadInvitation } from './invitations.js';

export const invitationIssue = defineHandler({
  type: 'ektp.invitation.issue',
  variables: z.looseObject({ nik: nikSchema, invitationId: idSchema }),
  headers: z.looseObject({}),
  output: z.object({
    invitationAttempt: z.number().int().min(1),
    checkInCode: z.string(),
    letterNo: z.string(),
  }),
  async handle(job, { pool }) {
    const { nik, invitationId } = job.variables;
    const invitation = await loadInvitation(pool, invitationId);
    const problem = invitationProblem(invitation, invitationId, nik);
    if (problem || !invitation) return incident(problem ?? 'no invitation');
    if (!isCirculating(invitation.status)) {
      return incident(
        `invitation ${invitationId} is ${invitation.status}: only a signed letter can be delivered`,
      );
    }
    return complete({
      invitationAttempt: invitation.attempt,
      checkInCode: invitation.checkInCode,
      letterNo: invitation.letterNo,
    });
  },
});
