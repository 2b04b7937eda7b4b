/**
 * `ektp.invitation.record-delivery`: the Ketua RT's answer. DELIVERED dates the delivery; any other
 * answer makes the letter UNDELIVERABLE with that reason, and a resident who moved away or died is
 * marked so in the register, which keeps them out of the next eligibility scans.
 *
 * A letter already answered keeps its answer: the same answer again is a second delivery of the
 * job and changes nothing; a different one contradicts the record and is an incident.
 */
import { z } from 'zod';

import { complete, defineHandler, incident } from '../job-handler.js';
import { idSchema, noOutput } from '../support/schemas.js';
import { invitationProblem, isCirculating, loadInvitation } from './invitations.js';
import { inOutcomeTransaction } from '../support/transaction.js';

export const deliveryOutcomes = [
  'DELIVERED',
  'MOVED',
  'DECEASED',
  'ALREADY_RECORDED',
  'UNKNOWN_ADDRESS',
] as const;

export const invitationRecordDelivery = defineHandler({
  type: 'ektp.invitation.record-delivery',
  variables: z.looseObject({
    invitationId: idSchema,
    deliveryOutcome: z.enum(deliveryOutcomes),
    note: z.string().nullish(),
  }),
  headers: z.looseObject({}),
  output: noOutput,
  async handle(job, { pool, clock }) {
    const { invitationId, deliveryOutcome } = job.variables;
    const note = job.variables.note?.trim() || null;
    const now = new Date(clock.now());
    return inOutcomeTransaction(pool, async (db) => {
      const invitation = await loadInvitation(db, invitationId, { lock: true });
      const problem = invitationProblem(invitation, invitationId);
      if (problem || !invitation) return incident(problem ?? 'no invitation');
      const delivered = deliveryOutcome === 'DELIVERED';
      const recorded =
        (delivered && invitation.status === 'DELIVERED') ||
        (!delivered &&
          invitation.status === 'UNDELIVERABLE' &&
          invitation.undeliverableReason === deliveryOutcome);
      if (recorded) return complete({});
      // DELIVERED is circulating too, but a delivered letter cannot be undelivered afterwards.
      if (!isCirculating(invitation.status) || invitation.status === 'DELIVERED') {
        return incident(
          `invitation ${invitationId} is already ${invitation.status}: cannot record ${deliveryOutcome}`,
        );
      }
      if (delivered) {
        await db.query(
          `update app.invitations set status = 'DELIVERED', delivered_at = $2, delivery_note = $3
            where id = $1`,
          [invitationId, now, note],
        );
      } else {
        await db.query(
          `update app.invitations
              set status = 'UNDELIVERABLE', undeliverable_reason = $2, delivery_note = $3
            where id = $1`,
          [invitationId, deliveryOutcome, note],
        );
      }
      if (deliveryOutcome === 'MOVED' || deliveryOutcome === 'DECEASED') {
        const column = deliveryOutcome === 'MOVED' ? 'moved_out' : 'deceased';
        await db.query(
          `update app.residents set ${column} = true, updated_at = $2 where nik = $1 and not ${column}`,
          [invitation.nik, now],
        );
      }
      return complete({});
    });
  },
});
