/**
 * `ektp.discipline.record-examination`: the direct superior summoned and examined the staff member
 * (PP 94/2021 Pasal 26) and proposes a level. The examination is recorded — when, by whom, the
 * summary and the level — and the process learns who decides (decision-roles.ts). A form sent
 * without confirming the examination is not an examination: an incident, for the superior to
 * complete. Idempotent: an examined case keeps its first record.
 */
import { z } from 'zod';

import { complete, defineHandler, incident } from '../job-handler.js';
import { completedBySchema, idSchema, noHeaders } from '../support/schemas.js';
import { decisionRoleFor } from './decision-roles.js';

export const recordExamination = defineHandler({
  type: 'ektp.discipline.record-examination',
  variables: z.looseObject({
    caseId: idSchema,
    examined: z.boolean(),
    proposedLevel: z.enum(['NONE', 'RINGAN', 'SEDANG', 'BERAT']),
    note: z.string().trim().min(1),
    taskCompletedBy: completedBySchema,
    superiorRole: z.string().min(1),
  }),
  headers: noHeaders,
  output: z.object({ decisionRole: z.string().min(1) }),
  async handle(job, { pool, clock }) {
    const v = job.variables;
    if (!v.examined) {
      return incident(
        `disciplinary case ${v.caseId}: the superior did not confirm the examination (BAP); PP 94/2021 Pasal 26 requires it`,
      );
    }
    await pool.query(
      `update app.disciplinary_cases
          set examined_at = greatest($2::timestamptz, opened_at), level = $3,
              examined_by = $4, examination_note = $5
        where id = $1 and examined_at is null`,
      [
        v.caseId,
        new Date(clock.now()),
        v.proposedLevel === 'NONE' ? null : v.proposedLevel,
        v.taskCompletedBy ?? null,
        v.note,
      ],
    );
    const { rowCount } = await pool.query(`select 1 from app.disciplinary_cases where id = $1`, [
      v.caseId,
    ]);
    if (!rowCount) return incident(`disciplinary case ${v.caseId} does not exist`);
    return complete({ decisionRole: decisionRoleFor(v.proposedLevel, v.superiorRole) });
  },
});
