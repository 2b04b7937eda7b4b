/**
 * `ektp.duplicate.record-resolution`: the Dinas interviewed the resident and asked the centre
 * either to delete the other record (same person, two NIKs) or to verify again (different
 * people). The case is resolved with that request and the interview note; the centre's answer
 * comes outside this process. Idempotent: a resolved case keeps its first resolution.
 */
import { z } from 'zod';

import { complete, defineHandler, incident } from '../job-handler.js';
import { idSchema, noHeaders, noOutput } from '../support/schemas.js';

export const recordDuplicateResolution = defineHandler({
  type: 'ektp.duplicate.record-resolution',
  variables: z.looseObject({
    duplicateCaseId: idSchema,
    duplicateResolution: z.enum(['DELETE_REQUESTED', 'REVERIFY_REQUESTED']),
    note: z.string().trim().min(1),
  }),
  headers: noHeaders,
  output: noOutput,
  async handle(job, { pool, clock }) {
    const v = job.variables;
    const { rows } = await pool.query<{ id: string }>(
      `update app.duplicate_cases
          set resolved_at = greatest($2::timestamptz, opened_at), resolution = $3
        where id = $1 and resolved_at is null
       returning id::text`,
      [v.duplicateCaseId, new Date(clock.now()), `${v.duplicateResolution}: ${v.note}`],
    );
    if (rows[0]) return complete({});
    const { rowCount } = await pool.query(`select 1 from app.duplicate_cases where id = $1`, [
      v.duplicateCaseId,
    ]);
    return rowCount ? complete({}) : incident(`duplicate case ${v.duplicateCaseId} does not exist`);
  },
});
