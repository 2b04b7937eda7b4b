/**
 * `ektp.siak.poll-status`: where the resident's enrolment stands at the centre today. A change is
 * written to the enrolment (with the times the SLA reports measure: received at the centre, print
 * ready), to its status history and to the resident's latest status, all at once.
 *
 * The centre answers only the current status and since when. A poll that finds the enrolment past
 * RECEIVED_AT_CENTRAL without having seen the receipt dates the receipt at that change: the latest
 * it can have been. Polls run daily, so this only happens when the centre moved twice in a day.
 *
 * A resident who recorded elsewhere has no enrolment here; SIAK's lookup answers for them.
 * Idempotent: an unchanged status writes nothing.
 */
import { z } from 'zod';

import { maskNik } from '../../../../platform/src/log/mask-nik.js';
import { enrollmentStatuses, type ClearanceStatus } from '../../adapters/central-registry.js';
import { complete, defineHandler, incident } from '../job-handler.js';
import { inTransaction } from '../support/transaction.js';
import { nikSchema, noHeaders } from '../support/schemas.js';

/** Statuses the centre only gives a package it has received. */
const receivedStatuses: ReadonlySet<string> = new Set<ClearanceStatus>([
  'RECEIVED_AT_CENTRAL',
  'PRINT_READY_RECORD',
  'ENROLL_FAILURE_AT_CENTRAL',
  'ADJUDICATE_RECORD',
  'REQUEST_VALIDATION',
  'DUPLICATE_RECORD',
]);

export const pollStatus = defineHandler({
  type: 'ektp.siak.poll-status',
  variables: z.looseObject({
    nik: nikSchema,
    enrolmentAttempt: z.number().int().min(1).nullish(),
  }),
  headers: noHeaders,
  output: z.object({
    centralStatus: z.enum(enrollmentStatuses),
    duplicateKind: z.enum(['ONE_TO_ONE', 'ONE_TO_MANY']).nullable(),
  }),
  async handle(job, { pool, clock, adapters }) {
    const { nik, enrolmentAttempt } = job.variables;
    const { rows } = await pool.query<{ id: string; attempt: number; sent_at: Date | null }>(
      `select id::text, attempt, sent_at from app.enrolments
        where nik = $1 and ($2::int is null or attempt = $2)
        order by attempt desc limit 1`,
      [nik, enrolmentAttempt ?? null],
    );
    const enrolment = rows[0];

    if (!enrolment) {
      const { rows: residents } = await pool.query<{ enrollment_status: string }>(
        `select enrollment_status from app.residents where nik = $1`,
        [nik],
      );
      if (!residents[0]) return incident(`no resident with NIK ${maskNik(nik)} is registered`);
      const { enrollmentStatus } = await adapters.centralRegistry.lookupStatus(nik);
      if (enrollmentStatus === 'UNREGISTERED') {
        return incident(
          `resident ${maskNik(nik)} has no enrolment recorded here and SIAK knows no recording: there is nothing to follow`,
        );
      }
      await pool.query(
        `update app.residents set enrollment_status = $2, updated_at = $3
          where nik = $1 and enrollment_status <> $2 and (card_status is null or $2 = 'PRINT_READY_RECORD')`,
        [nik, enrollmentStatus, new Date(clock.now())],
      );
      return complete({ centralStatus: enrollmentStatus, duplicateKind: null });
    }
    if (!enrolment.sent_at) {
      return incident(
        `enrolment ${enrolment.attempt} of ${maskNik(nik)} was never sent to the centre`,
      );
    }

    const progress = await adapters.centralRegistry.enrolmentStatus({
      nik,
      attempt: enrolment.attempt,
      submittedAt: enrolment.sent_at.getTime(),
    });
    const duplicateKind = progress.duplicateKind ?? null;
    const changedAt = new Date(Math.max(progress.changedAt, enrolment.sent_at.getTime()));
    await inTransaction(pool, async (client) => {
      const { rowCount } = await client.query(
        `update app.enrolments
            set status = $2,
                received_at = case when $3 then coalesce(received_at, $4) else received_at end,
                prr_at = case when $2 = 'PRINT_READY_RECORD' then coalesce(prr_at, $4) else prr_at end,
                duplicate_kind = coalesce($5, duplicate_kind)
          where id = $1 and status <> $2`,
        [
          enrolment.id,
          progress.status,
          receivedStatuses.has(progress.status),
          changedAt,
          duplicateKind,
        ],
      );
      if (!rowCount) return;
      await client.query(
        `insert into app.enrolment_status_history (enrolment_id, status, at, source)
         values ($1, $2, $3, 'SIAK_POLL')`,
        [enrolment.id, progress.status, changedAt],
      );
      // A resident who still holds a card from an earlier enrolment keeps PRINT_READY_RECORD as
      // their latest status (the schema ties card statuses to it); the enrolment has its own.
      await client.query(
        `update app.residents set enrollment_status = $2, updated_at = $3
          where nik = $1 and (card_status is null or $2 = 'PRINT_READY_RECORD')`,
        [nik, progress.status, new Date(clock.now())],
      );
    });
    return complete({ centralStatus: progress.status, duplicateKind });
  },
});
