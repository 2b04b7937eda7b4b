/**
 * `ektp.invitation.record-arrival`: the resident checked in at the kecamatan: the invitation is
 * FULFILLED. Already FULFILLED is a second delivery and changes nothing; a letter that ended
 * otherwise (undeliverable, replaced by a second invitation) cannot be fulfilled: an incident.
 */
import { z } from 'zod';

import { complete, defineHandler, incident } from '../job-handler.js';
import { idSchema, noOutput } from '../support/schemas.js';
import { invitationProblem, isCirculating, loadInvitation } from './invitations.js';
import { inOutcomeTransaction } from '../support/transaction.js';

export const invitationRecordArrival = defineHandler({
  type: 'ektp.invitation.record-arrival',
  variables: z.looseObject({ invitationId: idSchema }),
  headers: z.looseObject({}),
  output: noOutput,
  async handle(job, { pool }) {
    const { invitationId } = job.variables;
    return inOutcomeTransaction(pool, async (db) => {
      const invitation = await loadInvitation(db, invitationId, { lock: true });
      const problem = invitationProblem(invitation, invitationId);
      if (problem || !invitation) return incident(problem ?? 'no invitation');
      if (invitation.status === 'FULFILLED') return complete({});
      if (!isCirculating(invitation.status))
        return incident(`invitation ${invitationId} is ${invitation.status}: cannot be fulfilled`);
      await db.query(`update app.invitations set status = 'FULFILLED' where id = $1`, [
        invitationId,
      ]);
      return complete({});
    });
  },
});
