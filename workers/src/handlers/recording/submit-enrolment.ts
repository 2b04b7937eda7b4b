/**
 * `ektp.siak.submit-enrolment`: hands the recorded enrolment to the Data Center (SFE). When the
 * line answers, the enrolment, its history and the resident become SENT_FOR_ENROLLMENT at the
 * time the centre gives. When it does not (UNREACHABLE), the BPMN error CENTRAL_UNREACHABLE lets
 * the process wait 30 minutes and try again, escalating once the same-day service level is past.
 *
 * An enrolment already sent answers its stored time without calling the centre; the centre itself
 * keeps the first submission of (NIK, attempt), so a repeat after a crash answers the same.
 */
import { z } from 'zod';

import { maskNik } from '../../../../platform/src/log/mask-nik.js';
import { bpmnError, complete, defineHandler, incident } from '../job-handler.js';
import { nikSchema } from '../support/schemas.js';
import { inOutcomeTransaction } from '../support/transaction.js';

export const centralUnreachable = 'CENTRAL_UNREACHABLE';

export const siakSubmitEnrolment = defineHandler({
  type: 'ektp.siak.submit-enrolment',
  variables: z.looseObject({ nik: nikSchema, enrolmentAttempt: z.number().int().min(1) }),
  headers: z.looseObject({}),
  output: z.object({ submittedAt: z.string() }),
  async handle(job, { pool, adapters }) {
    const { nik, enrolmentAttempt: attempt } = job.variables;
    const { rows } = await pool.query<{ id: string; captured_at: Date; sent_at: Date | null }>(
      'select id, captured_at, sent_at from app.enrolments where nik = $1 and attempt = $2',
      [nik, attempt],
    );
    const enrolment = rows[0];
    if (!enrolment) {
      return incident(`no recording attempt ${attempt} of NIK ${maskNik(nik)} has been saved`);
    }
    if (enrolment.sent_at) return complete({ submittedAt: enrolment.sent_at.toISOString() });

    const result = await adapters.centralRegistry.submitEnrolment({
      nik,
      attempt,
      capturedAt: enrolment.captured_at.getTime(),
    });
    if (!result.ok) {
      return bpmnError(centralUnreachable, 'the line to the Data Center is down: nothing was sent');
    }
    const submittedAt = new Date(result.submittedAt);
    return inOutcomeTransaction(pool, async (db) => {
      const { rows: sent } = await db.query<{ sent_at: Date }>(
        `update app.enrolments set sent_at = $2, status = 'SENT_FOR_ENROLLMENT'
          where id = $1 and sent_at is null returning sent_at`,
        [enrolment.id, submittedAt],
      );
      if (sent[0]) {
        await db.query(
          `insert into app.enrolment_status_history (enrolment_id, status, at, source)
           values ($1, 'SENT_FOR_ENROLLMENT', $2, 'OPERATOR')`,
          [enrolment.id, submittedAt],
        );
        // The resident's latest status follows this attempt while it is the one in progress.
        await db.query(
          `update app.residents set enrollment_status = 'SENT_FOR_ENROLLMENT', updated_at = $2
            where nik = $1 and enrollment_status in ('BIO_CAPTURED', 'PROCESSING')`,
          [nik, submittedAt],
        );
        return complete({ submittedAt: submittedAt.toISOString() });
      }
      // Another delivery of this job got there first: its time stands.
      const { rows: stored } = await db.query<{ sent_at: Date }>(
        'select sent_at from app.enrolments where id = $1',
        [enrolment.id],
      );
      return complete({ submittedAt: (stored[0]?.sent_at ?? submittedAt).toISOString() });
    });
  },
});
