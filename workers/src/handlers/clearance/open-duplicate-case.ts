/**
 * `ektp.duplicate.open-case`: ABIS found the resident's biometrics under another NIK, so the card
 * cannot be issued until the Dinas resolves it. Opens the case (one open per resident: a second
 * delivery, or a second duplicate while one is handled, finds the open one) and names it.
 */
import { z } from 'zod';

import { maskNik } from '../../../../platform/src/log/mask-nik.js';
import { complete, defineHandler, incident } from '../job-handler.js';
import { nikSchema, noHeaders } from '../support/schemas.js';

export const openDuplicateCase = defineHandler({
  type: 'ektp.duplicate.open-case',
  variables: z.looseObject({
    nik: nikSchema,
    duplicateKind: z.enum(['ONE_TO_ONE', 'ONE_TO_MANY']),
  }),
  headers: noHeaders,
  output: z.object({ duplicateCaseId: z.number().int().positive() }),
  async handle(job, { pool, clock }) {
    const { nik, duplicateKind } = job.variables;
    const { rows } = await pool.query<{ id: string }>(
      `with inserted as (
         insert into app.duplicate_cases (nik, kind, opened_at)
         select $1, $2, $3 where exists (select 1 from app.residents where nik = $1)
         on conflict do nothing
         returning id::text)
       select id from inserted
       union all
       select id::text from app.duplicate_cases where nik = $1 and resolved_at is null`,
      [nik, duplicateKind, new Date(clock.now())],
    );
    const opened = rows[0];
    if (!opened) return incident(`no resident with NIK ${maskNik(nik)} is registered`);
    return complete({ duplicateCaseId: Number(opened.id) });
  },
});
