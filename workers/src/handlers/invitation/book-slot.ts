/**
 * `ektp.invitation.book-slot`: the resident who received the letter gets the earliest free hour at
 * one of the kecamatan's recording stations, from the next working day on, and the service level
 * of their attendance (RESIDENT_ATTEND, counted from the slot) that the process's no-show timer
 * reads as `attendSla.breachAt`.
 *
 * An invitation holding a slot still to come keeps it, so a second delivery books nothing more.
 * One whose slot has passed (the resident agreed to come after a home visit) gets a new one.
 */
import { z } from 'zod';

import { complete, defineHandler, incident } from '../job-handler.js';
import { idSchema, nikSchema, slaDeadlineSchema } from '../support/schemas.js';
import { deadlineFor } from '../support/sla-policies.js';
import { loadWorkCalendar } from '../support/work-calendar-store.js';
import { bookEarliestSlot, bookingHorizonWorkingDays } from './appointment-slots.js';
import { invitationProblem, isCirculating, loadInvitation } from './invitations.js';
import { inOutcomeTransaction } from '../support/transaction.js';

export const attendPolicy = 'RESIDENT_ATTEND';

export const invitationBookSlot = defineHandler({
  type: 'ektp.invitation.book-slot',
  variables: z.looseObject({ nik: nikSchema, invitationId: idSchema }),
  headers: z.looseObject({}),
  output: z.object({
    slotStart: z.string(),
    stationId: z.string(),
    attendSla: slaDeadlineSchema,
  }),
  async handle(job, { pool, clock }) {
    const { nik, invitationId } = job.variables;
    const now = clock.now();
    const calendar = await loadWorkCalendar(pool, clock);
    const booked = await inOutcomeTransaction(pool, async (db) => {
      const invitation = await loadInvitation(db, invitationId, { lock: true });
      const problem = invitationProblem(invitation, invitationId, nik);
      if (problem || !invitation) return incident(problem ?? 'no invitation');
      if (!isCirculating(invitation.status)) {
        return incident(`invitation ${invitationId} is ${invitation.status}: nothing to book`);
      }
      if (invitation.slotId !== null) {
        const { rows } = await db.query<{ station_id: string; starts_at: Date }>(
          'select station_id, starts_at from app.appointment_slots where id = $1',
          [invitation.slotId],
        );
        const held = rows[0];
        if (held && held.starts_at.getTime() > now)
          return complete({ stationId: held.station_id, startsAt: held.starts_at });
      }
      const { rows: stations } = await db.query<{ id: string }>(
        `select s.id from app.stations s
           join app.residents r on r.nik = $1
           join app.regions k on k.code = r.kelurahan_code
          where s.kind = 'RECORDING' and s.location_code = k.parent_code
          order by s.id`,
        [nik],
      );
      if (stations.length === 0)
        return incident(`the resident's kecamatan has no recording station to book`);
      const slot = await bookEarliestSlot(
        db,
        calendar,
        stations.map((s) => s.id),
        now,
      );
      if (!slot) {
        return incident(
          `no recording slot is free in the next ${bookingHorizonWorkingDays} working days`,
        );
      }
      await db.query('update app.invitations set slot_id = $2 where id = $1', [
        invitationId,
        slot.slotId,
      ]);
      return complete({ stationId: slot.stationId, startsAt: slot.startsAt });
    });
    if (booked.kind !== 'complete') return booked;
    const { stationId, startsAt } = booked.variables;
    const attendSla = await deadlineFor({ pool, clock }, attendPolicy, startsAt.getTime());
    if (!attendSla)
      return incident(`SLA policy '${attendPolicy}' does not exist in app.sla_policies`);
    return complete({ slotStart: startsAt.toISOString(), stationId, attendSla });
  },
});
