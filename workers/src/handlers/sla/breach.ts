/**
 * `ektp.sla.breach`: a step is late. Records the breach at the level its time has reached (who is
 * to act, which step, how late) and starts an `sla-escalation` instance that carries it up the
 * levels. Idempotent on (late element instance, level): a second delivery finds the breach and its
 * escalation and starts nothing more.
 *
 * The late element is the open user task `step` of this process instance when there is one (its
 * completion ends the escalation, see complete-user-task.ts), else this job's own element instance.
 */
import { z } from 'zod';

import { complete, defineHandler, incident } from '../job-handler.js';
import { slaDeadlineSchema } from '../support/schemas.js';
import { startProcess } from '../support/zeebe-calls.js';

export const escalationProcessId = 'sla-escalation';

export const slaBreach = defineHandler({
  type: 'ektp.sla.breach',
  variables: z.looseObject({
    nik: z.string().nullish(),
    kelurahanCode: z.string().nullish(),
  }),
  headers: z.looseObject({
    variable: z.string().min(1),
    step: z.string().min(1),
    policy: z.string().min(1).optional(),
  }),
  output: z.record(z.string(), z.boolean()),
  async handle(job, { pool, clock, zeebe }) {
    const parsed = slaDeadlineSchema.safeParse(
      (job.variables as Record<string, unknown>)[job.headers.variable],
    );
    if (!parsed.success) {
      return incident(
        `variable '${job.headers.variable}' is not an SLA deadline: ${parsed.error.issues[0]?.message}`,
      );
    }
    const deadline = parsed.data;
    const now = clock.now();
    // The highest level whose time has come; level 1 when the policy has none.
    const reached = deadline.levels.filter((l) => Date.parse(l.at) <= now);
    const level = reached[reached.length - 1] ?? deadline.levels[0];
    const levelNumber = level?.level ?? 1;
    const group = level?.group ?? 'kasi';
    const { rows: tasks } = await pool.query<{ element_instance_key: string }>(
      `select element_instance_key::text from app.tasks
        where process_instance_key = $1 and element_id = $2 and state = 'CREATED'
        order by id desc limit 1`,
      [job.processInstanceKey, job.headers.step],
    );
    const stepKey = tasks[0]?.element_instance_key ?? job.elementInstanceKey;
    const nik = job.variables.nik ?? null;
    const { rows } = await pool.query<{
      id: string;
      escalation_process_instance_key: string | null;
    }>(
      `with inserted as (
         insert into app.breaches (policy_code, level, candidate_group, process_instance_key, element_instance_key,
                                   element_id, nik, kelurahan_code, due_at, breached_at)
         values ($1, $2, $3, $4, $5, $6,
                 (select nik from app.residents where nik = $7),
                 (select code from app.regions where code = $8 and level = 'KELURAHAN'),
                 $9, greatest($10::timestamptz, $9::timestamptz))
         on conflict (element_instance_key, level) do nothing
         returning id::text, escalation_process_instance_key::text)
       select * from inserted
       union all
       select id::text, escalation_process_instance_key::text from app.breaches
        where element_instance_key = $5 and level = $2`,
      [
        deadline.policy,
        levelNumber,
        group,
        job.processInstanceKey,
        stepKey,
        job.headers.step,
        nik,
        job.variables.kelurahanCode ?? null,
        deadline.dueAt,
        new Date(now).toISOString(),
      ],
    );
    const breach = rows[0];
    if (!breach) return incident('the breach could not be recorded');
    if (breach.escalation_process_instance_key === null) {
      const instance = await startProcess(zeebe, escalationProcessId, {
        breachId: Number(breach.id),
        stepKey,
        policyCode: deadline.policy,
        stepName: deadline.stepName,
        level: levelNumber,
        levels: deadline.levels,
        dueAt: deadline.dueAt,
        breachedAt: new Date(now).toISOString(),
        nik,
        kelurahanCode: job.variables.kelurahanCode ?? null,
        lateProcessInstanceKey: job.processInstanceKey,
      });
      await pool.query(
        `update app.breaches set escalation_process_instance_key = $2
          where id = $1 and escalation_process_instance_key is null`,
        [breach.id, instance.processInstanceKey],
      );
    }
    return complete({ [`${job.headers.step}BreachRecorded`]: true });
  },
});
