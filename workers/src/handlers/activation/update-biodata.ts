/**
 * `ektp.siak.update-biodata`: after the Dinas checked the documents and corrected the KK, the
 * biodata is corrected in SIAK before the reprint (the printer prints what it pulls from the
 * centre). The fields sent are those the defect concerns, from the resident's corrected record
 * (the name from the form when given); when the defect was not named, every printed field is sent.
 *
 * SIAK unreachable: retried later. SIAK refusing the fields as given: an incident, since the
 * request must be corrected by a person. On success the resident's name and the case's root cause
 * are kept. Idempotent: SIAK and the rows take the same values twice.
 */
import { z } from 'zod';

import { maskNik } from '../../../../platform/src/log/mask-nik.js';
import type { BiodataField } from '../../adapters/central-registry.js';
import type { PrintDefect } from '../../adapters/printing-line.js';
import { complete, defineHandler, incident, retryLater } from '../job-handler.js';
import { idSchema, nikSchema, noHeaders, noOutput } from '../support/schemas.js';

// Outages of the Dinas line to the centre last minutes to hours.
export const siakUnreachableBackoffMs = 30 * 60_000;

/** The printed fields a correction sends, and which of them each data defect concerns. */
type CorrectedField = Extract<
  BiodataField,
  'name' | 'birthPlace' | 'birthDate' | 'address' | 'rt' | 'rw' | 'kelurahan'
>;

const fieldsOfDefect: Partial<Record<PrintDefect, CorrectedField[]>> = {
  NAME: ['name'],
  BIRTH_PLACE_DATE: ['birthPlace', 'birthDate'],
  ADDRESS: ['address', 'rt', 'rw', 'kelurahan'],
};
const correctedFields: CorrectedField[] = Object.values(fieldsOfDefect).flat();

interface ResidentBiodata {
  full_name: string;
  birth_place: string;
  birth_date: string;
  address: string;
  rt: number;
  rw: number;
  kelurahan: string;
}

function biodata(resident: ResidentBiodata, name: string): Record<CorrectedField, string> {
  return {
    name,
    birthPlace: resident.birth_place,
    birthDate: resident.birth_date,
    address: resident.address,
    rt: String(resident.rt).padStart(3, '0'),
    rw: String(resident.rw).padStart(3, '0'),
    kelurahan: resident.kelurahan,
  };
}

export const updateBiodata = defineHandler({
  type: 'ektp.siak.update-biodata',
  variables: z.looseObject({
    nik: nikSchema,
    correctionCaseId: idSchema,
    correctedName: z
      .string()
      .nullish()
      .transform((name) => name?.trim() || null),
    rootCause: z.enum(['SIAK_DATA_WRONG', 'OPERATOR_ENTRY', 'RESIDENT_DATA_CHANGED']).nullish(),
  }),
  headers: noHeaders,
  output: noOutput,
  async handle(job, { pool, clock, adapters }) {
    const v = job.variables;
    const { rows: cases } = await pool.query<{ nik: string; defect: PrintDefect | null }>(
      `select nik, defect from app.correction_cases where id = $1`,
      [v.correctionCaseId],
    );
    const correction = cases[0];
    if (!correction || correction.nik !== v.nik) {
      return incident(`correction case ${v.correctionCaseId} of ${maskNik(v.nik)} does not exist`);
    }
    const { rows: residents } = await pool.query<ResidentBiodata>(
      `select r.full_name, r.birth_place, to_char(r.birth_date, 'YYYY-MM-DD') as birth_date,
              r.address, r.rt, r.rw, k.name as kelurahan
         from app.residents r join app.regions k on k.code = r.kelurahan_code
        where r.nik = $1`,
      [v.nik],
    );
    const resident = residents[0];
    if (!resident) return incident(`no resident with NIK ${maskNik(v.nik)} is registered`);

    const all = biodata(resident, v.correctedName ?? resident.full_name);
    const names = (correction.defect && fieldsOfDefect[correction.defect]) || correctedFields;
    const fields = Object.fromEntries(
      [...new Set<CorrectedField>([...names, ...(v.correctedName ? ['name' as const] : [])])].map(
        (name) => [name, all[name]],
      ),
    );
    const result = await adapters.centralRegistry.updateBiodata({ nik: v.nik, fields });
    if (!result.ok) {
      if (result.reason === 'UNREACHABLE') {
        return retryLater(
          'SIAK cannot be reached to correct the biodata',
          siakUnreachableBackoffMs,
        );
      }
      return incident(`SIAK refused the biodata correction: ${result.detail}`);
    }

    if (v.correctedName) {
      await pool.query(
        `update app.residents set full_name = $2, updated_at = $3 where nik = $1 and full_name <> $2`,
        [v.nik, v.correctedName, new Date(clock.now())],
      );
    }
    if (v.rootCause) {
      await pool.query(`update app.correction_cases set root_cause = $2 where id = $1`, [
        v.correctionCaseId,
        v.rootCause,
      ]);
    }
    return complete({});
  },
});
