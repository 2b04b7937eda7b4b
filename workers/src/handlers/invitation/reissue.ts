/**
 * `ektp.invitation.reissue`: the resident did not come within the service level after their slot.
 * The first letter is closed as NO_SHOW and a second one (attempt n + 1, same batch) goes straight
 * to the RT with a new number and check-in code; the resident is told by SMS, or by a letter
 * through the RT.
 *
 * Idempotent on (NIK, batch, attempt): a second delivery finds the second letter and answers it;
 * the message to the resident is keyed on the job.
 */
import { z } from 'zod';

import { complete, defineHandler, incident } from '../job-handler.js';
import { loadWorkCalendar } from '../support/work-calendar-store.js';
import { localDate, notifyResident } from '../support/notify-resident.js';
import { idSchema, nikSchema } from '../support/schemas.js';
import { isWorkingDay } from '../../domain/work-calendar.js';
import { freshCheckInCodes, lastLetterNumber, letterNo } from './letters.js';
import { addDays, wibDate, wibInstant } from './local-date.js';
import { invitationProblem, isCirculating, loadInvitation } from './invitations.js';
import { inOutcomeTransaction } from '../support/transaction.js';

/** The schema's limit: a first letter, a second one, and a home visit's. */
export const maxInvitationAttempt = 3;

export const invitationReissue = defineHandler({
  type: 'ektp.invitation.reissue',
  variables: z.looseObject({
    nik: nikSchema,
    invitationId: idSchema,
    invitationAttempt: z.number().int().min(1),
  }),
  headers: z.looseObject({}),
  output: z.object({
    invitationId: z.number().int().positive(),
    invitationAttempt: z.number().int().min(2),
    checkInCode: z.string(),
    letterNo: z.string(),
  }),
  async handle(job, context) {
    const { pool, clock } = context;
    const { nik, invitationId } = job.variables;
    const now = clock.now();
    const reissued = await inOutcomeTransaction(pool, async (db) => {
      const old = await loadInvitation(db, invitationId, { lock: true });
      const problem = invitationProblem(old, invitationId, nik);
      if (problem || !old) return incident(problem ?? 'no invitation');
      const attempt = old.attempt + 1;
      const { rows: existing } = await db.query<{
        id: string;
        letter_no: string;
        check_in_code: string;
      }>(
        `select id, letter_no, check_in_code from app.invitations
          where nik = $1 and batch_id is not distinct from $2 and attempt = $3`,
        [nik, old.batchId, attempt],
      );
      const found = existing[0];
      if (found) {
        return complete({
          invitationId: Number(found.id),
          invitationAttempt: attempt,
          checkInCode: found.check_in_code,
          letterNo: found.letter_no,
        });
      }
      if (old.status !== 'NO_SHOW' && !isCirculating(old.status)) {
        return incident(`invitation ${invitationId} is ${old.status}: no second invitation`);
      }
      if (attempt > maxInvitationAttempt) {
        return incident(`resident has had ${old.attempt} invitations, the most there may be`);
      }
      // The one-letter-per-resident index needs the first letter closed before the second exists.
      await db.query(`update app.invitations set status = 'NO_SHOW' where id = $1`, [invitationId]);
      let number: string;
      if (old.batchId === null) {
        number = `474.4/U${invitationId}/${attempt}/KEC-JLT/${wibDate(now).slice(0, 4)}`;
      } else {
        await db.query('select id from app.invitation_batches where id = $1 for update', [
          old.batchId,
        ]);
        const n = (await lastLetterNumber(db, old.batchId)) + 1;
        number = letterNo(old.batchId, n, wibDate(now).slice(0, 4));
      }
      const [code] = await freshCheckInCodes(db, 1);
      const { rows } = await db.query<{ id: string }>(
        `insert into app.invitations (batch_id, nik, attempt, letter_no, check_in_code, status, created_at)
         values ($1, $2, $3, $4, $5, 'AT_RT', $6) returning id`,
        [old.batchId, nik, attempt, number, code, new Date(now)],
      );
      return complete({
        invitationId: Number(rows[0]?.id),
        invitationAttempt: attempt,
        checkInCode: code ?? '',
        letterNo: number,
      });
    });
    if (reissued.kind !== 'complete') return reissued;
    // The date on the message is the first working day the resident may come; the RT brings the
    // letter and the booking after its delivery gives the hour.
    const calendar = await loadWorkCalendar(pool, clock);
    let day = addDays(wibDate(now), 1);
    while (!isWorkingDay(calendar, wibInstant(day, '12:00'))) day = addDays(day, 1);
    await notifyResident(context, {
      reference: `second-invitation:${job.key}`,
      nik,
      template: 'SECOND_INVITATION',
      params: {
        checkInCode: reissued.variables.checkInCode,
        date: localDate(wibInstant(day, '12:00')),
        time: calendar.opens,
      },
    });
    return complete(reissued.variables);
  },
});
