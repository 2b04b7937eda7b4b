/**
 * `ektp.print.record-defect`: QC found a spoiled card. A machine defect (PRINT_DEFECT) is already
 * counted on its print job and the process reprints on a new attempt. Wrong data (SIAK_DATA_WRONG:
 * name, place/date of birth, address) cannot be reprinted as it is: a correction case is opened
 * (one open per resident) and the resident is asked to bring the documents that prove the right
 * data. Idempotent: the open case and the message (keyed on the case) exist once.
 */
import { z } from 'zod';

import { maskNik } from '../../../../platform/src/log/mask-nik.js';
import { printDefects, type PrintDefect } from '../../adapters/printing-line.js';
import { complete, defineHandler, incident } from '../job-handler.js';
import { notifyResident } from '../support/notify-resident.js';
import { idSchema, nikSchema, noHeaders, noOutput } from '../support/schemas.js';

/** What the resident reads about a wrong field, and the documents that prove the right value. */
export const correctionDocuments: Partial<
  Record<PrintDefect, { field: string; documents: string }>
> = {
  NAME: { field: 'nama', documents: 'akta kelahiran atau ijazah dan Kartu Keluarga' },
  BIRTH_PLACE_DATE: {
    field: 'tempat/tanggal lahir',
    documents: 'akta kelahiran atau ijazah dan Kartu Keluarga',
  },
  ADDRESS: { field: 'alamat', documents: 'Kartu Keluarga' },
};

export const recordDefect = defineHandler({
  type: 'ektp.print.record-defect',
  variables: z.looseObject({
    nik: nikSchema,
    printJobId: idSchema,
    defect: z.enum(printDefects),
    defectCause: z.enum(['PRINT_DEFECT', 'SIAK_DATA_WRONG']),
  }),
  headers: noHeaders,
  output: noOutput,
  async handle(job, context) {
    const { pool, clock } = context;
    const v = job.variables;
    const { rows: jobs } = await pool.query<{ nik: string; status: string; defect: string | null }>(
      `select nik, status, defect from app.print_jobs where id = $1`,
      [v.printJobId],
    );
    const printJob = jobs[0];
    if (!printJob || printJob.nik !== v.nik) {
      return incident(`print job ${v.printJobId} of ${maskNik(v.nik)} does not exist`);
    }
    if (printJob.status !== 'DEFECT' || printJob.defect !== v.defect) {
      return incident(
        `print job ${v.printJobId} is ${printJob.status} (${printJob.defect ?? 'no defect'}), not the defect ${v.defect}`,
      );
    }
    if (v.defectCause === 'PRINT_DEFECT') return complete({});

    await pool.query(
      `insert into app.correction_cases (nik, kind, defect, detected_by, opened_at)
       values ($1, 'DATA_WRONG', $2, 'QC', $3)
       on conflict do nothing`,
      [v.nik, v.defect, new Date(clock.now())],
    );
    const { rows: cases } = await pool.query<{ id: string }>(
      `select id::text from app.correction_cases where nik = $1 and closed_at is null`,
      [v.nik],
    );
    const documents = correctionDocuments[v.defect];
    if (cases[0] && documents) {
      await notifyResident(context, {
        reference: `correction:${cases[0].id}`,
        nik: v.nik,
        template: 'DATA_CORRECTION_REQUIRED',
        params: documents,
      });
    }
    return complete({});
  },
});
