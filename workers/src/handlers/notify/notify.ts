/**
 * `ektp.notify`: sends the template the task header names to the resident or to the Ketua RT.
 * Parameters come from the process (the slot, the check-in code, the card) and from the other task
 * headers (e.g. `days`). A message that cannot be delivered is recorded as such; the process goes on
 * (the RT and the counter reach the resident otherwise).
 */
import { z } from 'zod';

import { notificationTemplateNames } from '../../adapters/notifier.js';
import { complete, defineHandler } from '../job-handler.js';
import { nikSchema, noOutput } from '../support/schemas.js';
import { localDate, localTime, notifyResident } from '../support/notify-resident.js';

export const notify = defineHandler({
  type: 'ektp.notify',
  variables: z.looseObject({
    nik: nikSchema,
    slotStart: z.string().nullish(),
    checkInCode: z.string().nullish(),
    cardSerial: z.string().nullish(),
    suketNumber: z.string().nullish(),
  }),
  headers: z.looseObject({
    template: z.enum(notificationTemplateNames as unknown as [string, ...string[]]),
    recipient: z.enum(['RESIDENT', 'RT']).default('RESIDENT'),
  }),
  output: noOutput,
  async handle(job, context) {
    const v = job.variables;
    const params: Record<string, string | number> = {};
    for (const [key, value] of Object.entries(job.headers)) {
      if (key !== 'template' && key !== 'recipient' && typeof value === 'string')
        params[key] = value;
    }
    if (v.slotStart) {
      params.date = localDate(Date.parse(v.slotStart));
      params.time = localTime(Date.parse(v.slotStart));
    }
    if (v.checkInCode) params.checkInCode = v.checkInCode;
    if (v.suketNumber) params.suketNumber = v.suketNumber;
    await notifyResident(context, {
      reference: `notify:${job.key}`,
      nik: v.nik,
      template: job.headers.template as never,
      params,
      recipient: job.headers.recipient,
    });
    return complete({});
  },
});
