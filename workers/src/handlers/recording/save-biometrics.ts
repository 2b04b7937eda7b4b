/**
 * `ektp.recording.save-biometrics`: the operator captured photo, signature, fingerprints and iris.
 * The attempt is kept as an enrolment (BIO_CAPTURED) with its station, operator and finger
 * exception, the status history begins, the resident's latest status follows, and the resident's
 * queue ticket is served.
 *
 * Idempotent on (NIK, attempt): a second delivery finds the enrolment and writes nothing more.
 */
import { z } from 'zod';

import { maskNik } from '../../../../platform/src/log/mask-nik.js';
import { complete, defineHandler, incident } from '../job-handler.js';
import { completedBySchema, idSchema, nikSchema } from '../support/schemas.js';
import { serviceDate } from './service-day.js';
import { inOutcomeTransaction } from '../support/transaction.js';

export const recordingSaveBiometrics = defineHandler({
  type: 'ektp.recording.save-biometrics',
  variables: z.looseObject({
    nik: nikSchema,
    enrolmentAttempt: z.number().int().min(1),
    stationId: z.string().min(1).nullish(),
    fingerException: z.boolean().nullish(),
    taskCompletedBy: completedBySchema,
    /** The ticket `ektp.recording.issue-ticket` gave; else the resident's ticket of the day. */
    ticketId: idSchema.nullish(),
  }),
  headers: z.looseObject({}),
  output: z.object({ enrolmentId: z.number().int().positive() }),
  async handle(job, { pool, clock }) {
    const v = job.variables;
    const now = clock.now();
    return inOutcomeTransaction(pool, async (db) => {
      const { rows: residents } = await db.query(
        'select 1 from app.residents where nik = $1 for update',
        [v.nik],
      );
      if (residents.length === 0)
        return incident(`no resident with NIK ${maskNik(v.nik)} is registered`);
      const { rows: existing } = await db.query<{ id: string }>(
        'select id from app.enrolments where nik = $1 and attempt = $2',
        [v.nik, v.enrolmentAttempt],
      );
      if (existing[0]) return complete({ enrolmentId: Number(existing[0].id) });
      if (v.stationId) {
        const { rows } = await db.query('select 1 from app.stations where id = $1', [v.stationId]);
        if (rows.length === 0) return incident(`station '${v.stationId}' does not exist`);
      }
      // The operator is recorded when the tasklist names a member of staff.
      const { rows: created } = await db.query<{ id: string }>(
        `insert into app.enrolments (nik, attempt, station_id, operator_id, captured_at, status, finger_exception)
         values ($1, $2, $3, (select id from app.staff where id = $4), $5, 'BIO_CAPTURED', $6)
         returning id`,
        [
          v.nik,
          v.enrolmentAttempt,
          v.stationId ?? null,
          v.taskCompletedBy ?? null,
          new Date(now),
          v.fingerException ?? false,
        ],
      );
      const enrolmentId = Number(created[0]?.id);
      await db.query(
        `insert into app.enrolment_status_history (enrolment_id, status, at, source)
         values ($1, 'BIO_CAPTURED', $2, 'OPERATOR')`,
        [enrolmentId, new Date(now)],
      );
      // A card status exists only after PRR; a resident holding one is not re-recorded this way.
      await db.query(
        `update app.residents set enrollment_status = 'BIO_CAPTURED', updated_at = $2
          where nik = $1 and card_status is null`,
        [v.nik, new Date(now)],
      );
      await db.query(
        `update app.queue_tickets
            set status = 'SERVED',
                called_at = coalesce(called_at, greatest($3::timestamptz, issued_at)),
                served_at = greatest($3::timestamptz, coalesce(called_at, issued_at))
          where id = (select id from app.queue_tickets
                       where status in ('WAITING', 'CALLED')
                         and (id = $1 or ($1::bigint is null and nik = $2 and service_date = $4))
                       order by id desc limit 1)`,
        [v.ticketId ?? null, v.nik, new Date(now), serviceDate(now)],
      );
      return complete({ enrolmentId });
    });
  },
});
