/**
 * `ektp.sla.escalate`: puts the escalation at its level — records RAISED or PROMOTED, notifies the
 * officers of that level's role, and tells the process when to climb again: after the
 * acknowledgement time (4 working hours by default, policy ESCALATION_ACK) or at the next level's
 * time, whichever comes first.
 */
import { z } from 'zod';

import { complete, defineHandler, incident } from '../job-handler.js';
import { deadlineFor } from '../support/sla-policies.js';
import { idSchema } from '../support/schemas.js';
import { escalationStep } from './escalation-levels.js';

const levelSchema = z.object({ level: z.number().int(), at: z.string(), group: z.string() });

export const slaEscalate = defineHandler({
  type: 'ektp.sla.escalate',
  variables: z.looseObject({
    breachId: idSchema,
    stepKey: z.string(),
    level: z.number().int().min(1).max(4),
    levels: z.array(levelSchema),
    escalationRound: z.number().int().min(0).nullish(),
    kelurahanCode: z.string().nullish(),
  }),
  headers: z.looseObject({}),
  output: z.object({
    escalationRound: z.number().int(),
    level: z.number().int(),
    escalationGroup: z.string(),
    ackDueAt: z.string(),
    promoteAt: z.string(),
    hasNextLevel: z.boolean(),
    nextLevelAt: z.string().nullable(),
    escalationExhausted: z.boolean(),
  }),
  async handle(job, { pool, clock }) {
    const v = job.variables;
    const round = (v.escalationRound ?? 0) + 1;
    const step = escalationStep(v.levels, v.level, round);
    const now = clock.now();
    const ack = await deadlineFor({ pool, clock }, 'ESCALATION_ACK', now);
    if (!ack) return incident(`SLA policy 'ESCALATION_ACK' does not exist in app.sla_policies`);
    const nextAt = step.next ? Math.max(Date.parse(step.next.at), now) : undefined;
    const promoteAt =
      nextAt === undefined ? Date.parse(ack.dueAt) : Math.min(nextAt, Date.parse(ack.dueAt));

    const db = await pool.connect();
    try {
      await db.query('begin');
      const { rows } = await db.query<{ policy_code: string; element_instance_key: string }>(
        `select policy_code, element_instance_key::text from app.breaches where id = $1`,
        [v.breachId],
      );
      const breach = rows[0];
      if (!breach) {
        await db.query('rollback');
        return incident(`breach ${v.breachId} does not exist`);
      }
      if (step.promoted) {
        // Each level reached is a breach row of its own: the dashboard counts breaches per level.
        await db.query(
          `insert into app.breaches (policy_code, level, candidate_group, process_instance_key, element_instance_key,
                                     element_id, nik, kelurahan_code, due_at, breached_at)
           select policy_code, $2, $3, process_instance_key, element_instance_key, element_id, nik, kelurahan_code,
                  due_at, greatest($4::timestamptz, due_at)
             from app.breaches where id = $1
           on conflict (element_instance_key, level) do nothing`,
          [v.breachId, step.level, step.group, new Date(now).toISOString()],
        );
      }
      // One action row per round: the job key makes a second delivery a no-op.
      await db.query(
        `insert into app.escalation_actions (breach_id, level, candidate_group, action, note, at)
         select $1, $2, $3, $4, $5, $6
          where not exists (select 1 from app.escalation_actions where breach_id = $1 and note = $5)`,
        [
          v.breachId,
          step.level,
          step.group,
          step.promoted ? 'PROMOTED' : 'RAISED',
          `round ${round} (job ${job.key})`,
          new Date(now),
        ],
      );
      // The officers of this level: kelurahan roles in the resident's kelurahan, the others anywhere.
      await db.query(
        `insert into app.notifications (recipient_kind, staff_id, channel, template, sent_at, delivered, reference)
         select 'STAFF', s.id, 'WHATSAPP', 'ESCALATION', $3, true, 'escalation:' || $4 || ':' || s.id
           from app.staff s join app.staff_roles r on r.staff_id = s.id
          where r.role = $1 and s.active
            and (r.role not in ('lurah', 'staf-kelurahan', 'ketua-rt') or $2::text is null or s.unit_code = $2)
         on conflict (reference) do nothing`,
        [step.group, v.kelurahanCode ?? null, new Date(now), job.key],
      );
      await db.query('commit');
    } catch (error) {
      await db.query('rollback').catch(() => undefined);
      throw error;
    } finally {
      db.release();
    }
    return complete({
      escalationRound: round,
      level: step.level,
      escalationGroup: step.group,
      ackDueAt: ack.dueAt,
      promoteAt: new Date(promoteAt).toISOString(),
      hasNextLevel: step.next !== undefined,
      nextLevelAt: nextAt === undefined ? null : new Date(nextAt).toISOString(),
      escalationExhausted: step.exhausted,
    });
  },
});
