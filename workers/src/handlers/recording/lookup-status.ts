/**
 * `ektp.siak.lookup-status`: before recording, SIAK says whether the NIK was recorded before
 * (another kecamatan, before moving in). Recording again would make a DUPLICATE_RECORD, so a
 * status other than UNREGISTERED ends the recording; it is also kept as the resident's latest
 * status, which stops the eligibility scan from inviting them again. Repeating the lookup answers
 * the same and writes the same.
 */
import { z } from 'zod';

import { maskNik } from '../../../../platform/src/log/mask-nik.js';
import { enrollmentStatuses } from '../../adapters/central-registry.js';
import { complete, defineHandler, incident } from '../job-handler.js';
import { nikSchema } from '../support/schemas.js';

export const siakLookupStatus = defineHandler({
  type: 'ektp.siak.lookup-status',
  variables: z.looseObject({ nik: nikSchema }),
  headers: z.looseObject({}),
  output: z.object({ enrollmentStatus: z.enum(enrollmentStatuses) }),
  async handle(job, { pool, clock, adapters }) {
    const { nik } = job.variables;
    const { rows } = await pool.query('select 1 from app.residents where nik = $1', [nik]);
    if (rows.length === 0) return incident(`no resident with NIK ${maskNik(nik)} is registered`);
    const { enrollmentStatus } = await adapters.centralRegistry.lookupStatus(nik);
    if (enrollmentStatus !== 'UNREGISTERED') {
      // A card status exists only after PRR (residents_card_only_after_prr): such a record is the
      // office's own and more precise than the lookup.
      await pool.query(
        `update app.residents set enrollment_status = $2, updated_at = $3
          where nik = $1 and enrollment_status is distinct from $2 and card_status is null`,
        [nik, enrollmentStatus, new Date(clock.now())],
      );
    }
    return complete({ enrollmentStatus });
  },
});
