/**
 * `ektp.correction.classify`: the correction process takes the resident's open correction case
 * and goes the way its kind says: a print defect is reprinted at once, wrong data is corrected in
 * SIAK first. Reads only. No open case means the process was started without one: an incident.
 */
import { z } from 'zod';

import { maskNik } from '../../../../platform/src/log/mask-nik.js';
import { printDefects } from '../../adapters/printing-line.js';
import { complete, defineHandler, incident } from '../job-handler.js';
import { nikSchema, noHeaders } from '../support/schemas.js';

export const classifyCorrection = defineHandler({
  type: 'ektp.correction.classify',
  variables: z.looseObject({ nik: nikSchema }),
  headers: noHeaders,
  output: z.object({
    correctionCaseId: z.number().int().positive(),
    correctionKind: z.enum(['PRINT_DEFECT', 'DATA_WRONG']),
    defect: z.enum(printDefects).nullable(),
  }),
  async handle(job, { pool }) {
    const { rows } = await pool.query<{
      id: string;
      kind: 'PRINT_DEFECT' | 'DATA_WRONG';
      defect: (typeof printDefects)[number] | null;
    }>(
      `select id::text, kind, defect from app.correction_cases where nik = $1 and closed_at is null`,
      [job.variables.nik],
    );
    const open = rows[0];
    if (!open) {
      return incident(`resident ${maskNik(job.variables.nik)} has no open correction case`);
    }
    return complete({
      correctionCaseId: Number(open.id),
      correctionKind: open.kind,
      defect: open.defect,
    });
  },
});
