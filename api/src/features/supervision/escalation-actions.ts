/**
 * What an escalation officer does about a breach, over HTTP (/api/supervision/breaches/:id/…):
 * acknowledge, reassign the late task, remind its officer, open a disciplinary case.
 *
 * The `sla-escalation` process stays the source of truth: each action completes the open
 * `handle` task of the breach's escalation with the values of its form (tindak-lanjut-eskalasi),
 * exactly as the tasklist would, and the process's `ektp.sla.act` step then records the action,
 * marks the breach ACKNOWLEDGED, reassigns, notifies or opens the case. So the answer is 202: the
 * task is done, the process carries the action out moments later. When there is no open task of
 * the caller's level the answer is 409 and nothing changes.
 */
import { z } from 'zod';

import { completeUserTask } from '../../../../workers/src/user-tasks/complete-user-task.js';
import type { ApiData } from '../../api-endpoints.js';
import { ApiError, NotFoundError } from '../../errors/api-error.js';
import { dateTime, numericId } from '../../http/common-schemas.js';
import { endpoint, type Endpoint } from '../../http/endpoint.js';
import { kelurahanRoles, kelurahanScope, roles, type Role } from '../auth/authorize.js';
import type { SessionUser } from '../auth/sessions.js';
import { checkFormValues, loadForm } from '../tasks/form-values.js';

/**
 * Who may be an escalation officer: any level of app.sla_escalation_levels may name any staff role
 * (an office configures them), so the role check lets every operational role through and the open
 * task's candidate group decides (409 otherwise). The administrator, the auditor and the process
 * designer are never in the chain.
 */
export const escalationOfficers: Role[] = roles.filter(
  (role) => !['perancang-proses', 'admin', 'auditor'].includes(role),
);

export type EscalationAction = 'ACKNOWLEDGE' | 'REASSIGN' | 'REMIND' | 'DISCIPLINE';

const escalationProcessId = 'sla-escalation';
const escalationTaskElement = 'handle';

const idPath = z.object({ id: numericId('breach id') });
const note = z.string().trim().min(1).max(1000).optional();
const staffId = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9.-]+$/, 'must be a staff login');

const noteBody = z.object({ note }).strict();
const staffBody = z.object({ staffId, note }).strict();

const actionAnswer = z.object({
  breachId: z.string(),
  /** The breach the escalation process was started for: its actions are recorded against it. */
  escalationBreachId: z.string(),
  taskId: z.string(),
  level: z.number().int().nullable(),
  candidateGroups: z.array(z.string()),
  action: z.enum(['ACKNOWLEDGE', 'REASSIGN', 'REMIND', 'DISCIPLINE']),
  staffId: z.string().nullable(),
  completedBy: z.string(),
  completedAt: dateTime,
  /** True when the same person had already taken the same action on this escalation task. */
  repeated: z.boolean(),
});

type ActionAnswer = z.infer<typeof actionAnswer>;

interface BreachRow {
  id: string;
  element_instance_key: string;
  kelurahan_code: string | null;
  status: string;
}

interface EscalationTask {
  id: string;
  assignee: string | null;
  candidate_groups: string[];
  kelurahan_code: string | null;
  form_key: string | null;
  level: number | null;
  escalation_breach_id: string;
}

export function escalationActionEndpoints(deps: ApiData): Endpoint[] {
  const { pool, clock } = deps;

  async function findBreach(id: string, user: SessionUser): Promise<BreachRow> {
    const { rows } = await pool.query<BreachRow>(
      `select id::text, element_instance_key::text, kelurahan_code, status
         from app.breaches where id = $1 and ($2::text is null or kelurahan_code = $2)`,
      [id, kelurahanScope(user) ?? null],
    );
    if (!rows[0]) throw new NotFoundError(`No breach ${id} that you may see.`);
    return rows[0];
  }

  /**
   * The escalation's `handle` tasks of this late step, newest first. An open one only counts when
   * it is of the escalation's current level (its highest breach row): a task the process ended
   * (promoted by its timer, the step completed meanwhile) keeps its CREATED row until the user-task
   * worker's sweep notices, and the escalation never goes down a level.
   */
  async function escalationTasks(
    breach: BreachRow,
    state: 'CREATED' | 'COMPLETED',
  ): Promise<Array<EscalationTask & { completed_by: string | null; completed_at: Date | null }>> {
    const { rows } = await pool.query(
      `select t.id::text, t.assignee, t.candidate_groups, t.kelurahan_code, t.form_key, x.level,
              e.id::text as escalation_breach_id, t.completed_by, t.completed_at
         from app.breaches e
         join app.tasks t on t.process_instance_key = e.escalation_process_instance_key
         cross join lateral (
           select case when jsonb_typeof(t.variables->'level') = 'number' then (t.variables->>'level')::int end as level) x
        where e.element_instance_key = $1 and t.bpmn_process_id = $2 and t.element_id = $3 and t.state = $4
          and ($4 <> 'CREATED' or x.level = (select max(level) from app.breaches where element_instance_key = $1))
        order by t.id desc`,
      [breach.element_instance_key, escalationProcessId, escalationTaskElement, state],
    );
    return rows as Array<
      EscalationTask & { completed_by: string | null; completed_at: Date | null }
    >;
  }

  function mayAct(task: EscalationTask, user: SessionUser): boolean {
    if (task.assignee !== null) return task.assignee === user.id;
    const ofLevel = task.candidate_groups.filter((group) => user.roles.includes(group));
    if (ofLevel.length === 0) return false;
    // A kelurahan officer (the Lurah) acts for their own kelurahan only, as the tasklist shows it.
    const onlyKelurahanRoles = ofLevel.every((group) => kelurahanRoles.has(group));
    return !onlyKelurahanRoles || task.kelurahan_code === user.unitCode;
  }

  /** The same person repeating the same action (a retried request) gets the first answer again. */
  async function repeatedAnswer(
    breach: BreachRow,
    user: SessionUser,
    action: EscalationAction,
    target: string | null,
  ): Promise<ActionAnswer | undefined> {
    const last = (await escalationTasks(breach, 'COMPLETED'))[0];
    if (!last || last.completed_by !== user.id || !last.completed_at) return undefined;
    const { rows } = await pool.query(
      `select 1 from app.audit_log
        where actor = $1 and details->>'taskId' = $2 and details->>'escalationAction' = $3
          and coalesce(details->>'staffId', '') = $4`,
      [user.id, last.id, action, target ?? ''],
    );
    if (rows.length === 0) return undefined;
    return answer(breach, last, action, target, user.id, last.completed_at, true);
  }

  function answer(
    breach: BreachRow,
    task: EscalationTask,
    action: EscalationAction,
    target: string | null,
    completedBy: string,
    completedAt: Date,
    repeated: boolean,
  ): ActionAnswer {
    return {
      breachId: breach.id,
      escalationBreachId: task.escalation_breach_id,
      taskId: task.id,
      level: task.level,
      candidateGroups: task.candidate_groups,
      action,
      staffId: target,
      completedBy,
      completedAt: completedAt.toISOString(),
      repeated,
    };
  }

  async function nothingToActOn(breach: BreachRow): Promise<ApiError> {
    if (breach.status === 'RESOLVED') {
      return new ApiError(
        409,
        'nothing_to_act_on',
        `Breach ${breach.id} is resolved: the late step has been completed.`,
      );
    }
    const { rows } = await pool.query<{ action: string; actor: string | null; at: Date }>(
      `select a.action, a.actor, a.at from app.escalation_actions a
         join app.breaches b on b.id = a.breach_id
        where b.element_instance_key = $1 and a.actor is not null
        order by a.at desc, a.id desc limit 1`,
      [breach.element_instance_key],
    );
    const last = rows[0];
    return new ApiError(
      409,
      'nothing_to_act_on',
      last
        ? `The escalation of breach ${breach.id} is not waiting for an action: ${last.actor} took it (${last.action}) at ${last.at.toISOString()}; it comes back when it reaches the next level.`
        : `The escalation of breach ${breach.id} is not waiting for an action at any level yet.`,
    );
  }

  /** Checks the staff member an action names, so the process's step never meets an unknown one. */
  async function checkStaff(action: EscalationAction, target: string): Promise<void> {
    const { rows } = await pool.query<{ active: boolean; superior_id: string | null }>(
      `select active, superior_id from app.staff where id = $1`,
      [target],
    );
    const member = rows[0];
    const problem = !member?.active
      ? 'is not an active staff member'
      : action === 'DISCIPLINE' && member.superior_id === null
        ? 'has no direct superior to examine the case (PP 94/2021 Pasal 26)'
        : undefined;
    if (problem) {
      throw new ApiError(400, 'validation_failed', 'The request body is not valid.', [
        { field: 'staffId', message: problem },
      ]);
    }
  }

  /** What the late step looks like: its open task and who holds it. */
  async function lateTask(breach: BreachRow): Promise<{ assignee: string | null } | undefined> {
    const { rows } = await pool.query<{ assignee: string | null }>(
      `select assignee from app.tasks where element_instance_key = $1 and state = 'CREATED' limit 1`,
      [breach.element_instance_key],
    );
    return rows[0];
  }

  async function act(
    breachId: string,
    user: SessionUser,
    requestId: string,
    action: EscalationAction,
    body: { note?: string | undefined; staffId?: string | undefined },
  ): Promise<ActionAnswer> {
    const breach = await findBreach(breachId, user);
    if (breach.status === 'RESOLVED') throw await nothingToActOn(breach);
    const target = body.staffId ?? null;
    const variables: Record<string, unknown> = { escalationAction: action };
    if (target) variables.targetStaffId = target;
    if (body.note) variables.note = body.note;
    if (!deps.zeebe)
      throw new ApiError(503, 'engine_unavailable', 'The process engine is not connected.');

    // A task the process has just ended is found CANCELED by the engine: then the next one is tried.
    for (let attempt = 0; attempt < 3; attempt++) {
      const task = (await escalationTasks(breach, 'CREATED'))[0];
      if (!task) {
        if (attempt === 0) {
          const repeated = await repeatedAnswer(breach, user, action, target);
          if (repeated) return repeated;
        }
        throw await nothingToActOn(breach);
      }
      if (!mayAct(task, user)) {
        throw new ApiError(
          409,
          'not_level_officer',
          task.assignee !== null
            ? `The escalation of breach ${breach.id} is with ${task.assignee}; only they can act on it now.`
            : `The escalation of breach ${breach.id} is at level ${task.level ?? '?'} for ${task.candidate_groups.join(', ')}${task.kelurahan_code ? ` of ${task.kelurahan_code}` : ''}; only that level's officer can act on it.`,
        );
      }
      if (attempt === 0) await checkAction(breach, action, target);
      const form = await loadForm(task.form_key, pool);
      const checked = form ? checkFormValues(form, variables) : { ok: true as const };
      if (!checked.ok) {
        throw new ApiError(
          400,
          'validation_failed',
          "The action does not fit the escalation task's form.",
          checked.details,
        );
      }
      const outcome = await completeUserTask(
        { pool, client: deps.zeebe, clock },
        { taskId: task.id, variables, completedBy: user.id },
      );
      if (outcome === 'CANCELED') continue;
      if (outcome !== 'COMPLETED') {
        // Someone else acted first.
        throw new ApiError(
          409,
          'nothing_to_act_on',
          `The escalation of breach ${breach.id} moved on while you acted; reload it.`,
        );
      }
      const now = new Date(clock.now());
      await record(task, breach, user, requestId, action, target, body.note, now);
      return answer(breach, task, action, target, user.id, now, false);
    }
    throw new ApiError(
      409,
      'nothing_to_act_on',
      `The escalation of breach ${breach.id} moved on while you acted; reload it.`,
    );
  }

  /** What the action needs besides an open task: a staff member who can take it, a late task. */
  async function checkAction(
    breach: BreachRow,
    action: EscalationAction,
    target: string | null,
  ): Promise<void> {
    if (target) await checkStaff(action, target);
    if (action !== 'REASSIGN' && action !== 'REMIND') return;
    const late = await lateTask(breach);
    if (!late) {
      throw new ApiError(
        409,
        'no_late_task',
        `The late step of breach ${breach.id} has no open task to ${action === 'REASSIGN' ? 'reassign' : 'remind anyone of'}.`,
      );
    }
    if (action === 'REMIND' && late.assignee === null) {
      throw new ApiError(
        409,
        'nobody_to_remind',
        `Nobody has taken the late task of breach ${breach.id} yet, so there is no officer to remind; reassign it instead.`,
      );
    }
  }

  /** The task's history, as the tasklist keeps it, and the audit log. */
  async function record(
    task: EscalationTask,
    breach: BreachRow,
    user: SessionUser,
    requestId: string,
    action: EscalationAction,
    target: string | null,
    note: string | undefined,
    now: Date,
  ): Promise<void> {
    await pool.query(
      `insert into app.task_events (task_id, kind, actor, assignee, at) values ($1, 'COMPLETED', $2, $2, $3)`,
      [task.id, user.id, now],
    );
    const discipline = action === 'DISCIPLINE';
    await pool.query(
      `insert into app.audit_log (occurred_at, actor, action, subject_type, subject_id, request_id, details)
       values ($1, $2, $3, $4, $5, $6, $7)`,
      [
        now,
        user.id,
        discipline ? 'create' : 'update',
        discipline ? 'disciplinary_case' : 'breach',
        // A case is known by its staff member and trigger (BREACH_<id>, see ektp.sla.act).
        discipline ? `${target}:BREACH_${task.escalation_breach_id}` : breach.id,
        requestId,
        JSON.stringify({
          breachId: breach.id,
          taskId: task.id,
          escalationAction: action,
          level: task.level,
          ...(target ? { staffId: target } : {}),
          ...(note ? { note } : {}),
        }),
      ],
    );
  }

  const declare = (
    path: string,
    operationId: string,
    action: EscalationAction,
    summary: string,
    description: string,
    withStaff: boolean,
  ): Endpoint => {
    const common = {
      operationId,
      method: 'post' as const,
      path: `/supervision/breaches/:id/${path}`,
      tag: 'Supervision',
      summary,
      description,
      access: escalationOfficers,
      params: idPath,
      response: actionAnswer,
      successStatus: 202 as const,
      errors: [404, 409, 503],
    };
    return withStaff
      ? endpoint({
          ...common,
          body: staffBody,
          handler: ({ params, body, user, res }) =>
            act(params.id, user, String(res.locals.requestId), action, body),
        })
      : endpoint({
          ...common,
          body: noteBody,
          handler: ({ params, body, user, res }) =>
            act(params.id, user, String(res.locals.requestId), action, body),
        });
  };

  const how =
    "Completes the open escalation task of the breach's current level (form tindak-lanjut-eskalasi); " +
    'the sla-escalation process then records and carries out the action. 409 when no task of your level is open.';
  return [
    declare(
      'acknowledge',
      'acknowledgeBreach',
      'ACKNOWLEDGE',
      'Acknowledge a breach: the level officer takes it on, so it does not climb for want of an answer',
      how,
      false,
    ),
    declare(
      'reassign',
      'reassignBreach',
      'REASSIGN',
      'Reassign the late task of a breach to another officer',
      how,
      true,
    ),
    declare(
      'remind',
      'remindBreach',
      'REMIND',
      'Remind the officer holding the late task of a breach',
      how,
      false,
    ),
    declare(
      'discipline',
      'openBreachDisciplinaryCase',
      'DISCIPLINE',
      'Open a disciplinary case (PP 94/2021) against the officer responsible for a breach',
      how,
      true,
    ),
  ];
}
