/**
 * `ektp.correction.open-case`: a card came out wrong — found at handover, at QC or by the
 * resident's complaint (task header `detectedBy`). Opens the correction case for the resident's
 * live card (one open case per resident; a second delivery finds it) and names it for the
 * correction process, which takes the open case by NIK.
 *
 * At the counter the officer reports the kind of fault only (wrong data or a print defect); the
 * exact defect is named when the process passes one (`defect`).
 */
import { z } from 'zod';

import { maskNik } from '../../../../platform/src/log/mask-nik.js';
import { printDefects } from '../../adapters/printing-line.js';
import { complete, defineHandler, incident } from '../job-handler.js';
import { nikSchema } from '../support/schemas.js';

export const openCorrectionCase = defineHandler({
  type: 'ektp.correction.open-case',
  variables: z.looseObject({
    nik: nikSchema,
    handoverOutcome: z.enum(['DATA_WRONG', 'PRINT_DEFECT']),
    cardSerial: z.string().min(1).nullish(),
    defect: z.enum(printDefects).nullish(),
  }),
  headers: z.looseObject({ detectedBy: z.enum(['HANDOVER', 'QC', 'COMPLAINT']) }),
  output: z.object({ correctionCaseId: z.number().int().positive() }),
  async handle(job, { pool, clock }) {
    const v = job.variables;
    const { rows: cards } = await pool.query<{ serial: string }>(
      `select serial from app.cards
        where nik = $1 and ($2::text is null or serial = $2)
        order by (status not in ('VOID', 'REPLACED')) desc, printed_at desc limit 1`,
      [v.nik, v.cardSerial ?? null],
    );
    if (v.cardSerial && !cards[0]) {
      return incident(`card ${v.cardSerial} is not a card of ${maskNik(v.nik)}`);
    }
    const { rows } = await pool.query<{ id: string }>(
      `with inserted as (
         insert into app.correction_cases (nik, card_serial, kind, defect, detected_by, opened_at)
         select $1, $2, $3, $4, $5, $6 where exists (select 1 from app.residents where nik = $1)
         on conflict do nothing
         returning id::text)
       select id from inserted
       union all
       select id::text from app.correction_cases where nik = $1 and closed_at is null`,
      [
        v.nik,
        cards[0]?.serial ?? null,
        v.handoverOutcome,
        v.defect ?? null,
        job.headers.detectedBy,
        new Date(clock.now()),
      ],
    );
    const opened = rows[0];
    if (!opened) return incident(`no resident with NIK ${maskNik(v.nik)} is registered`);
    return complete({ correctionCaseId: Number(opened.id) });
  },
});
