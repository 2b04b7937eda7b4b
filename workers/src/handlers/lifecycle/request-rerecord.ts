/**
 * `ektp.lifecycle.request-rerecord`: the centre refused the recording (enrolment failure): the
 * resident is asked to come back for a priority re-recording, as attempt n + 1. The output depends
 * only on the input, and the notification is keyed on the job, so a second delivery changes nothing.
 */
import { z } from 'zod';

import { complete, defineHandler } from '../job-handler.js';
import { nikSchema } from '../support/schemas.js';
import { notifyResident } from '../support/notify-resident.js';

export const lifecycleRequestRerecord = defineHandler({
  type: 'ektp.lifecycle.request-rerecord',
  variables: z.looseObject({
    nik: nikSchema,
    enrolmentAttempt: z.number().int().min(1),
    residentName: z.string().nullish(),
  }),
  headers: z.looseObject({}),
  output: z.object({ enrolmentAttempt: z.number().int() }),
  async handle(job, context) {
    await notifyResident(context, {
      reference: `rerecord:${job.key}`,
      nik: job.variables.nik,
      template: 'RE_RECORDING_REQUIRED',
      params: { reason: 'gagal enrol di pusat' },
    });
    return complete({ enrolmentAttempt: job.variables.enrolmentAttempt + 1 });
  },
});
