/**
 * `ektp.sla.act`: carries out what the escalation officer chose in the form — acknowledge (the
 * officer takes it on), reassign the late task to another officer, remind the late step's officer,
 * or open a disciplinary case — and records it. Then says whether the late step has meanwhile been
 * completed, which ends the escalation.
 */
import { z } from 'zod';

import { complete, defineHandler, incident } from '../job-handler.js';
import { completedBySchema, idSchema } from '../support/schemas.js';
import { openDisciplinaryCase } from '../support/disciplinary-cases.js';

export const slaAct = defineHandler({
  type: 'ektp.sla.act',
  variables: z.looseObject({
    breachId: idSchema,
    stepKey: z.string(),
    level: z.number().int(),
    escalationGroup: z.string(),
    escalationAction: z.enum(['ACKNOWLEDGE', 'REASSIGN', 'REMIND', 'DISCIPLINE']),
    targetStaffId: z.string().nullish(),
    note: z.string().nullish(),
    taskCompletedBy: completedBySchema,
  }),
  headers: z.looseObject({}),
  output: z.object({ stepCompleted: z.boolean() }),
  async handle(job, context) {
    const { pool, clock } = context;
    const v = job.variables;
    const actor = v.taskCompletedBy ?? 'tidak-diketahui';
    const now = new Date(clock.now());
    const target = v.targetStaffId?.trim() || null;
    if ((v.escalationAction === 'REASSIGN' || v.escalationAction === 'DISCIPLINE') && !target) {
      return incident(`the action ${v.escalationAction} needs a staff member (targetStaffId)`);
    }
    const action = {
      ACKNOWLEDGE: 'ACKNOWLEDGED',
      REASSIGN: 'REASSIGNED',
      REMIND: 'REMINDED',
      DISCIPLINE: 'DISCIPLINE_OPENED',
    }[v.escalationAction];
    const reference = `act:${job.key}`;
    const { rowCount } = await pool.query(
      `insert into app.escalation_actions (breach_id, level, candidate_group, action, actor, note, at)
       select $1, $2, $3, $4, $5, $6, $7
        where not exists (select 1 from app.escalation_actions where breach_id = $1 and note like $8)`,
      [
        v.breachId,
        v.level,
        v.escalationGroup,
        action,
        actor,
        `${v.note ?? ''} [${reference}]`.trim(),
        now,
        `%[${reference}]`,
      ],
    );
    const firstDelivery = (rowCount ?? 0) > 0;
    await pool.query(
      `update app.breaches set status = 'ACKNOWLEDGED'
        where element_instance_key = (select element_instance_key from app.breaches where id = $1) and status = 'OPEN'`,
      [v.breachId],
    );
    if (firstDelivery && v.escalationAction === 'REASSIGN') {
      await pool.query(
        `update app.tasks set assignee = $2 where element_instance_key = $1 and state = 'CREATED'`,
        [v.stepKey, target],
      );
    }
    if (firstDelivery && v.escalationAction === 'REMIND') {
      await pool.query(
        `insert into app.notifications (recipient_kind, staff_id, channel, template, sent_at, delivered, reference)
         select 'STAFF', t.assignee, 'WHATSAPP', 'SLA_REMINDER', $2, true, $3
           from app.tasks t join app.staff s on s.id = t.assignee
          where t.element_instance_key = $1 and t.state = 'CREATED'
         on conflict (reference) do nothing`,
        [v.stepKey, now, `remind:${job.key}`],
      );
    }
    if (v.escalationAction === 'DISCIPLINE' && target) {
      const opened = await openDisciplinaryCase(context, {
        staffId: target,
        violation: 'SERVICE_NEGLECT',
        trigger: `BREACH_${v.breachId}`,
        violationText: `Langkah layanan terlambat dan dieskalasi (pelanggaran #${v.breachId})`,
      });
      if (!opened.ok) return incident(opened.reason);
    }
    const { rows } = await pool.query<{ open: boolean; known: boolean }>(
      `select exists (select 1 from app.tasks where element_instance_key = $1 and state = 'CREATED') as open,
              exists (select 1 from app.tasks where element_instance_key = $1) as known`,
      [v.stepKey],
    );
    // A step without a task row (not a user task) ends its escalation only by the message.
    const step = rows[0];
    return complete({ stepCompleted: step !== undefined && step.known && !step.open });
  },
});
