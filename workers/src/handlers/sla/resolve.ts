/** `ektp.sla.resolve`: the late step was completed: its breaches (every level) are resolved. */
import { z } from 'zod';

import { complete, defineHandler } from '../job-handler.js';
import { idSchema, noOutput } from '../support/schemas.js';

export const slaResolve = defineHandler({
  type: 'ektp.sla.resolve',
  variables: z.looseObject({
    breachId: idSchema,
    stepKey: z.string(),
    level: z.number().int(),
    escalationGroup: z.string().nullish(),
  }),
  headers: z.looseObject({}),
  output: noOutput,
  async handle(job, { pool, clock }) {
    const v = job.variables;
    const { rowCount } = await pool.query(
      `update app.breaches set status = 'RESOLVED' where element_instance_key = $1 and status <> 'RESOLVED'`,
      [v.stepKey],
    );
    if ((rowCount ?? 0) > 0) {
      await pool.query(
        `insert into app.escalation_actions (breach_id, level, candidate_group, action, at)
         select id, level, candidate_group, 'RESOLVED', $2 from app.breaches where id = $1`,
        [v.breachId, new Date(clock.now())],
      );
    }
    return complete({});
  },
});
