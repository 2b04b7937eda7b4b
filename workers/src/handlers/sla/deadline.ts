/**
 * `ektp.sla.deadline`: computes a step's due date and escalation times from its SLA policy and the
 * work calendar into the variable the header names, so the diagram holds no durations (DESIGN.md §5).
 * Counting starts at `slaFrom` when the process passes it, else now. Pure apart from reading the
 * policy: a second delivery of the job answers the same.
 */
import { z } from 'zod';

import { complete, defineHandler, incident } from '../job-handler.js';
import { deadlineFor } from '../support/sla-policies.js';
import { slaDeadlineSchema } from '../support/schemas.js';

export const slaDeadline = defineHandler({
  type: 'ektp.sla.deadline',
  variables: z.looseObject({
    slaFrom: z.iso.datetime({ offset: true }).nullish(),
  }),
  headers: z.looseObject({
    policy: z.string().min(1),
    variable: z.string().regex(/^[a-zA-Z][a-zA-Z0-9]*$/, 'must be a variable name'),
  }),
  output: z.record(z.string(), slaDeadlineSchema),
  async handle(job, { pool, clock }) {
    const from = job.variables.slaFrom ? Date.parse(job.variables.slaFrom) : undefined;
    const deadline = await deadlineFor({ pool, clock }, job.headers.policy, from);
    if (!deadline)
      return incident(`SLA policy '${job.headers.policy}' does not exist in app.sla_policies`);
    return complete({ [job.headers.variable]: deadline });
  },
});
