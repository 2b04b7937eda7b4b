/**
 * `ektp.lifecycle.close`: the lifecycle ends in the state the task header names — ACTIVATED or one
 * of the named exception states. For an undeliverable invitation the reason the RT gave is kept.
 * Idempotent: only a RUNNING lifecycle changes.
 */
import { z } from 'zod';

import { complete, defineHandler } from '../job-handler.js';
import { noOutput } from '../support/schemas.js';

export const lifecycleStates = [
  'ACTIVATED',
  'INVITATION_UNDELIVERABLE',
  'NO_SHOW',
  'NOT_ELIGIBLE',
  'ALREADY_RECORDED',
  'DUPLICATE_RECORD',
  'ENROLMENT_FAILED',
  'CARD_UNCLAIMED',
  'FINGERPRINT_MISMATCH',
  'CANCELLED',
] as const;

export const lifecycleClose = defineHandler({
  type: 'ektp.lifecycle.close',
  variables: z.looseObject({ nik: z.string() }),
  headers: z.looseObject({ state: z.enum(lifecycleStates) }),
  output: noOutput,
  async handle(job, { pool, clock }) {
    await pool.query(
      `update app.lifecycles l
          set state = $2, ended_at = greatest($3::timestamptz, l.started_at),
              exception_reason = case when $2 = 'INVITATION_UNDELIVERABLE' then
                (select i.undeliverable_reason from app.invitations i
                  where i.nik = l.nik and i.status = 'UNDELIVERABLE' order by i.id desc limit 1) end
        where l.process_instance_key = $1 and l.state = 'RUNNING'`,
      [job.processInstanceKey, job.headers.state, new Date(clock.now())],
    );
    return complete({});
  },
});
