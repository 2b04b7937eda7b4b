/**
 * `ektp.discipline.record-decision`: the case is decided — the sanction and decision number the
 * authorised official recorded, or no sanction when the examination did not prove the violation —
 * and the staff member is told. PP 94/2021 sanctions (teguran…) are for PNS and PPPK, SP1–SP3 for
 * contract staff: the other instrument is refused as an incident for the official to correct.
 * The reprimands are light sanctions by law, so the case's level follows a reprimand.
 *
 * Idempotent: a decided case keeps its first decision, and the message is keyed on the job.
 */
import { z } from 'zod';

import { complete, defineHandler, incident } from '../job-handler.js';
import { completedBySchema, idSchema, noHeaders, noOutput } from '../support/schemas.js';

const reprimands = ['TEGURAN_LISAN', 'TEGURAN_TERTULIS', 'PERNYATAAN_TIDAK_PUAS'] as const;
const warnings = ['SP1', 'SP2', 'SP3'] as const;
const sanctions = [...reprimands, ...warnings, 'NONE'] as const;

export const recordDecision = defineHandler({
  type: 'ektp.discipline.record-decision',
  variables: z.looseObject({
    caseId: idSchema,
    sanction: z.enum(sanctions).nullish(),
    decisionNo: z
      .string()
      .nullish()
      .transform((no) => no?.trim() || null),
    proposedLevel: z.enum(['NONE', 'RINGAN', 'SEDANG', 'BERAT']),
    taskCompletedBy: completedBySchema,
  }),
  headers: noHeaders,
  output: noOutput,
  async handle(job, { pool, clock }) {
    const v = job.variables;
    const { rows } = await pool.query<{
      staff_id: string;
      superior_id: string;
      employment: string;
      decided: boolean;
    }>(
      `select c.staff_id, c.superior_id, s.employment, c.decided_at is not null as decided
         from app.disciplinary_cases c join app.staff s on s.id = c.staff_id where c.id = $1`,
      [v.caseId],
    );
    const found = rows[0];
    if (!found) return incident(`disciplinary case ${v.caseId} does not exist`);

    const proven = v.proposedLevel !== 'NONE';
    const sanction = proven ? v.sanction : 'NONE';
    if (!sanction) return incident(`disciplinary case ${v.caseId}: the decision names no sanction`);
    const contract = found.employment === 'NON_ASN';
    if ((warnings as readonly string[]).includes(sanction) !== contract && sanction !== 'NONE') {
      return incident(
        `disciplinary case ${v.caseId}: ${sanction} is not a sanction for ${found.employment} staff`,
      );
    }
    // Not proven: the superior who examined closes it (their login when the tasklist gave it).
    const decidedBy = v.taskCompletedBy ?? (proven ? undefined : found.superior_id);
    if (!decidedBy) return incident(`disciplinary case ${v.caseId}: who decided is not known`);

    const now = new Date(clock.now());
    if (!found.decided) {
      await pool.query(
        `update app.disciplinary_cases
            set sanction = $2, decision_no = $3, decided_by = $4,
                decided_at = greatest($5::timestamptz, opened_at, examined_at),
                level = case when $2 = any($6::text[]) then 'RINGAN' else level end
          where id = $1 and decided_at is null`,
        [v.caseId, sanction, v.decisionNo, decidedBy, now, reprimands],
      );
    }
    await pool.query(
      `insert into app.notifications (recipient_kind, staff_id, channel, template, sent_at, delivered, reference)
       values ('STAFF', $1, 'WHATSAPP', 'DISCIPLINE_DECISION', $2, true, $3)
       on conflict (reference) do nothing`,
      [found.staff_id, now, `discipline-decision:${job.key}`],
    );
    return complete({});
  },
});
