/**
 * `ektp.lifecycle.open`: a resident's lifecycle instance begins. Records it in app.lifecycles
 * (idempotent on the process instance) and hands the process what its forms and steps show:
 * name, RT/RW, kelurahan, the masked NIK and the recording attempt.
 */
import { z } from 'zod';

import { maskNik } from '../../../../platform/src/log/mask-nik.js';
import { complete, defineHandler, incident } from '../job-handler.js';
import { idSchema, nikSchema } from '../support/schemas.js';

export const lifecycleOpen = defineHandler({
  type: 'ektp.lifecycle.open',
  variables: z.looseObject({
    nik: nikSchema,
    invitationId: idSchema.nullish(),
    enrolmentAttempt: z.number().int().min(1).nullish(),
  }),
  headers: z.looseObject({}),
  output: z.object({
    kelurahanCode: z.string(),
    kelurahanName: z.string(),
    residentName: z.string(),
    rt: z.number().int(),
    rw: z.number().int(),
    nikMasked: z.string(),
    invitationId: z.number().nullable(),
    enrolmentAttempt: z.number().int(),
  }),
  async handle(job, { pool, clock }) {
    const { nik } = job.variables;
    const { rows } = await pool.query<{
      full_name: string;
      kelurahan_code: string;
      kelurahan_name: string;
      rt: number;
      rw: number;
      deceased: boolean;
    }>(
      `select r.full_name, r.kelurahan_code, k.name as kelurahan_name, r.rt, r.rw, r.deceased
         from app.residents r join app.regions k on k.code = r.kelurahan_code
        where r.nik = $1`,
      [nik],
    );
    const resident = rows[0];
    if (!resident) return incident(`no resident with NIK ${maskNik(nik)} is registered`);
    try {
      await pool.query(
        `insert into app.lifecycles (nik, process_instance_key, started_at) values ($1, $2, $3)
         on conflict (process_instance_key) do nothing`,
        [nik, job.processInstanceKey, new Date(clock.now())],
      );
    } catch (error) {
      if ((error as { constraint?: string }).constraint === 'lifecycles_one_running_per_nik') {
        return incident(`resident ${maskNik(nik)} already has a running e-KTP lifecycle`);
      }
      throw error;
    }
    return complete({
      kelurahanCode: resident.kelurahan_code,
      kelurahanName: resident.kelurahan_name,
      residentName: resident.full_name,
      rt: resident.rt,
      rw: resident.rw,
      nikMasked: maskNik(nik),
      invitationId: job.variables.invitationId ?? null,
      enrolmentAttempt: job.variables.enrolmentAttempt ?? 1,
    });
  },
});
