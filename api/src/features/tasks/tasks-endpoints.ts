/**
 * The tasklist (/api/tasks): a staff member's own tasks and their roles' tasks, within their
 * kelurahan when their work is one kelurahan's, filtered and sorted by due date; claim, unclaim,
 * assign (supervisors), complete with the form's values checked first, and a task's history.
 */
import { z } from 'zod';

import { completeUserTask } from '../../../../workers/src/user-tasks/complete-user-task.js';
import type { ApiData } from '../../api-endpoints.js';
import { ApiError, NotFoundError } from '../../errors/api-error.js';
import {
  booleanFlag,
  dateTime,
  kelurahanCode,
  numericId,
  pageOf,
  pageQuery,
} from '../../http/common-schemas.js';
import { endpoint, type Endpoint } from '../../http/endpoint.js';
import { kelurahanScope, roles, type Role } from '../auth/authorize.js';
import type { SessionUser } from '../auth/sessions.js';
import { checkFormValues, loadForm } from './form-values.js';

/** Who may see every task and hand tasks to others. */
export const supervisorRoles: Role[] = ['kasi', 'sekcam', 'camat', 'admin'];

const listQuery = z
  .object({
    mine: booleanFlag.optional(),
    process: z.string().max(100).optional(),
    step: z.string().max(100).optional(),
    kelurahan: kelurahanCode.optional(),
    overdue: booleanFlag.optional(),
    ...pageQuery(100, 25),
  })
  .strict();

const idPath = z.object({ id: numericId('task id') });

const taskSummary = z.object({
  id: z.string(),
  bpmnProcessId: z.string(),
  step: z.string(),
  processInstanceKey: z.string(),
  assignee: z.string().nullable(),
  candidateGroups: z.array(z.string()),
  formKey: z.string().nullable(),
  dueAt: dateTime.nullable(),
  overdue: z.boolean(),
  kelurahanCode: z.string().nullable(),
  createdAt: dateTime,
  state: z.string(),
  /** Whom the task is about: the resident's name when the process carries it. */
  subject: z.string().nullable(),
});

const taskDetail = taskSummary.extend({
  variables: z.record(z.string(), z.unknown()),
  form: z.record(z.string(), z.unknown()).nullable(),
});

const taskEvent = z.object({
  kind: z.enum(['CREATED', 'CLAIMED', 'UNCLAIMED', 'ASSIGNED', 'COMPLETED']),
  actor: z.string().nullable(),
  assignee: z.string().nullable(),
  at: dateTime,
});

interface TaskRow {
  id: string;
  bpmn_process_id: string;
  element_id: string;
  process_instance_key: string;
  assignee: string | null;
  candidate_groups: string[];
  form_key: string | null;
  due_at: Date | null;
  kelurahan_code: string | null;
  created_at: Date;
  state: string;
  variables: Record<string, unknown>;
}

/**
 * The SQL condition (on alias t) for the tasks `user` may see, with its parameters from `$first`.
 * Each arm of the `or` has an index of its own among the open tasks (assignee btree,
 * candidate_groups and candidate_users GIN), so PostgreSQL ORs their bitmaps instead of reading
 * every open task; candidate_users is tested with `@>` because GIN can serve it and not `= any`.
 */
function visibleTo(user: SessionUser, first: number): { sql: string; params: unknown[] } {
  const supervisor = user.roles.some((role) => (supervisorRoles as string[]).includes(role));
  const scope = kelurahanScope(user);
  return {
    sql: `($${first + 3}::boolean or t.assignee = $${first}::text
           or t.candidate_groups && $${first + 1}::text[] or t.candidate_users @> array[$${first}::text])
          and ($${first + 2}::text is null or t.kelurahan_code = $${first + 2}::text)`,
    params: [user.id, user.roles, scope ?? null, supervisor],
  };
}

/**
 * The number of open tasks that `visibleTo(user, first)` admits and `filters` keep, as SQL on the
 * same parameters. It must count what visibleTo admits; it is written differently so that one
 * index answers each part (migration 0014): a supervisor sees every task; anyone else's are, in
 * disjoint parts, those whose first candidate group is one of their roles, those that match one
 * of their roles on a later group only, and those that are theirs only as assignee or only as a
 * candidate user. (Counting visibleTo's `or` as one condition read every open task there is.)
 */
function countVisible(first: number, filters: string[]): string {
  const [id, roles, scope, supervisor] = [
    `$${first}::text`,
    `$${first + 1}::text[]`,
    `$${first + 2}::text`,
    `$${first + 3}::boolean`,
  ];
  const base = [
    `t.state = 'CREATED'`,
    `(${scope} is null or t.kelurahan_code = ${scope})`,
    ...filters,
  ];
  const count = (...part: string[]) =>
    `(select count(*) from app.tasks t where ${[...base, ...part].join(' and ')})`;
  // As the index's key, so that the first part is a range of it; null (no group) counts nowhere.
  const firstGroup = `t.candidate_groups[1] = any(${roles})`;
  const noRole = `not (t.candidate_groups && ${roles})`;
  return `case when ${supervisor} then ${count()}
          else ${count(firstGroup)}
             + ${count(`cardinality(t.candidate_groups) > 1`, `t.candidate_groups && ${roles}`, `not coalesce(${firstGroup}, false)`)}
             + ${count(`t.assignee = ${id}`, noRole)}
             + ${count(`t.candidate_users @> array[${id}]`, `t.assignee is distinct from ${id}`, noRole)}
          end`;
}

function summary(row: TaskRow, now: number) {
  return {
    id: row.id,
    bpmnProcessId: row.bpmn_process_id,
    step: row.element_id,
    processInstanceKey: row.process_instance_key,
    assignee: row.assignee,
    candidateGroups: row.candidate_groups,
    formKey: row.form_key,
    dueAt: row.due_at?.toISOString() ?? null,
    overdue: row.due_at !== null && row.due_at.getTime() < now,
    kelurahanCode: row.kelurahan_code,
    createdAt: row.created_at.toISOString(),
    state: row.state,
    subject: typeof row.variables.residentName === 'string' ? row.variables.residentName : null,
  };
}

export function tasksEndpoints(deps: ApiData): Endpoint[] {
  async function visibleTask(user: SessionUser, id: string): Promise<TaskRow> {
    const visible = visibleTo(user, 2);
    const { rows } = await deps.pool.query<TaskRow>(
      `select t.id::text, t.bpmn_process_id, t.element_id, t.process_instance_key::text, t.assignee, t.candidate_groups,
              t.form_key, t.due_at, t.kelurahan_code, t.created_at, t.state, t.variables
         from app.tasks t where t.id = $1 and ${visible.sql}`,
      [id, ...visible.params],
    );
    if (!rows[0]) throw new NotFoundError(`No task ${id} that you may see.`);
    return rows[0];
  }

  async function record(taskId: string, kind: string, actor: string, assignee: string | null) {
    await deps.pool.query(
      `insert into app.task_events (task_id, kind, actor, assignee, at) values ($1, $2, $3, $4, $5)`,
      [taskId, kind, actor, assignee, new Date(deps.clock.now())],
    );
  }

  const tag = 'Tasks';
  return [
    endpoint({
      operationId: 'listTasks',
      method: 'get',
      path: '/tasks',
      tag,
      summary: 'Open tasks you may work on, by due date (overdue first)',
      description:
        'Your own tasks and those of your roles, within your kelurahan when your work is one ' +
        "kelurahan's; supervisors see every task.",
      access: roles,
      query: listQuery,
      response: pageOf(taskSummary),
      handler: async ({ query: q, user: me }) => {
        const visible = visibleTo(me, 1);
        const params: unknown[] = [...visible.params];
        const filters: string[] = [];
        const add = (sql: string, value: unknown) => {
          params.push(value);
          filters.push(sql.replace('?', `$${params.length}`));
        };
        if (q.mine === 'true') add('t.assignee = ?', me.id);
        if (q.process) add('t.bpmn_process_id = ?', q.process);
        if (q.step) add('t.element_id = ?', q.step);
        if (q.kelurahan) add('t.kelurahan_code = ?', q.kelurahan);
        if (q.overdue === 'true') add('t.due_at < ?', new Date(deps.clock.now()));
        params.push(q.pageSize, (q.page - 1) * q.pageSize);
        // The total is counted apart, not with `count(*) over ()`: the window made PostgreSQL
        // fetch every matching row, variables and all, before the first page (p95 160–440 ms
        // with 120,000 open tasks; bench/api-tasklist.mjs), where the page now stops after its
        // rows. One statement, so page and total see one snapshot; an empty page still has no
        // row to carry the total, which stays 0 as before.
        const { rows } = await deps.pool.query<TaskRow & { total: number }>(
          `select t.id::text, t.bpmn_process_id, t.element_id, t.process_instance_key::text, t.assignee, t.candidate_groups,
                  t.form_key, t.due_at, t.kelurahan_code, t.created_at, t.state, t.variables,
                  (${countVisible(1, filters)})::int as total
             from app.tasks t
            where ${[`t.state = 'CREATED'`, visible.sql, ...filters].join(' and ')}
            order by t.due_at asc nulls last, t.id
            limit $${params.length - 1} offset $${params.length}`,
          params,
        );
        const now = deps.clock.now();
        return {
          items: rows.map((row) => summary(row, now)),
          page: q.page,
          pageSize: q.pageSize,
          total: rows[0]?.total ?? 0,
        };
      },
    }),

    endpoint({
      operationId: 'getTask',
      method: 'get',
      path: '/tasks/:id',
      tag,
      summary: 'A task with its variables and its form',
      access: roles,
      params: idPath,
      response: taskDetail,
      errors: [404],
      handler: async ({ params: { id }, user }) => {
        const task = await visibleTask(user, id);
        return {
          ...summary(task, deps.clock.now()),
          variables: task.variables,
          form: (await loadForm(task.form_key)) ?? null,
        };
      },
    }),

    endpoint({
      operationId: 'taskHistory',
      method: 'get',
      path: '/tasks/:id/history',
      tag,
      summary: "A task's history: created, claimed, assigned, completed — by whom and when",
      access: roles,
      params: idPath,
      response: z.object({ events: z.array(taskEvent) }),
      errors: [404],
      handler: async ({ params: { id }, user }) => {
        const task = await visibleTask(user, id);
        const { rows } = await deps.pool.query<{
          kind: z.infer<typeof taskEvent>['kind'];
          actor: string;
          assignee: string | null;
          at: Date;
        }>(
          `select kind, actor, assignee, at from app.task_events where task_id = $1 order by at, id`,
          [id],
        );
        return {
          events: [
            {
              kind: 'CREATED' as const,
              actor: null,
              assignee: null,
              at: task.created_at.toISOString(),
            },
            ...rows.map((e) => ({ ...e, at: e.at.toISOString() })),
          ],
        };
      },
    }),

    endpoint({
      operationId: 'claimTask',
      method: 'post',
      path: '/tasks/:id/claim',
      tag,
      summary: 'Claim a task: it becomes yours',
      access: roles,
      params: idPath,
      response: taskSummary,
      errors: [404, 409],
      handler: async ({ params: { id }, user: me }) => {
        const task = await visibleTask(me, id);
        if (task.state !== 'CREATED')
          throw new ApiError(409, 'task_ended', 'This task has already ended.');
        const { rowCount } = await deps.pool.query(
          `update app.tasks set assignee = $2 where id = $1 and state = 'CREATED' and (assignee is null or assignee = $2)`,
          [id, me.id],
        );
        if (!rowCount)
          throw new ApiError(409, 'already_claimed', 'Someone else has claimed this task.');
        await record(id, 'CLAIMED', me.id, me.id);
        return summary({ ...task, assignee: me.id }, deps.clock.now());
      },
    }),

    endpoint({
      operationId: 'unclaimTask',
      method: 'post',
      path: '/tasks/:id/unclaim',
      tag,
      summary: 'Give a claimed task back to its groups (its assignee or a supervisor)',
      access: roles,
      params: idPath,
      response: taskSummary,
      errors: [404],
      handler: async ({ params: { id }, user: me }) => {
        const task = await visibleTask(me, id);
        const supervisor = me.roles.some((role) => (supervisorRoles as string[]).includes(role));
        if (task.assignee !== me.id && !supervisor)
          throw new ApiError(
            403,
            'forbidden',
            'Only its assignee or a supervisor may unclaim a task.',
          );
        await deps.pool.query(
          `update app.tasks set assignee = null where id = $1 and state = 'CREATED'`,
          [id],
        );
        await record(id, 'UNCLAIMED', me.id, null);
        return summary({ ...task, assignee: null }, deps.clock.now());
      },
    }),

    endpoint({
      operationId: 'assignTask',
      method: 'post',
      path: '/tasks/:id/assign',
      tag,
      summary: 'Hand a task to a staff member (supervisors)',
      access: supervisorRoles,
      params: idPath,
      body: z.object({ assignee: z.string().min(1).max(64) }).strict(),
      response: taskSummary,
      errors: [404],
      handler: async ({ params: { id }, body: { assignee }, user: me }) => {
        const task = await visibleTask(me, id);
        const { rows } = await deps.pool.query(`select 1 from app.staff where id = $1 and active`, [
          assignee,
        ]);
        if (rows.length === 0)
          throw new ApiError(400, 'validation_failed', 'The request body is not valid.', [
            { field: 'assignee', message: 'is not an active staff member' },
          ]);
        await deps.pool.query(
          `update app.tasks set assignee = $2 where id = $1 and state = 'CREATED'`,
          [id, assignee],
        );
        await record(id, 'ASSIGNED', me.id, assignee);
        return summary({ ...task, assignee }, deps.clock.now());
      },
    }),

    endpoint({
      operationId: 'completeTask',
      method: 'post',
      path: '/tasks/:id/complete',
      tag,
      summary: "Complete a task with its form's values; the process moves on",
      description:
        "The values are checked against the task's form first (unknown fields refused) and the " +
        'job is completed on the engine only when they are valid.',
      access: roles,
      params: idPath,
      body: z.object({ variables: z.record(z.string(), z.unknown()) }).strict(),
      response: taskSummary,
      errors: [404, 409, 503],
      handler: async ({ params: { id }, body: { variables }, user: me }) => {
        const task = await visibleTask(me, id);
        if (task.assignee !== null && task.assignee !== me.id) {
          throw new ApiError(409, 'claimed_by_other', `This task is claimed by ${task.assignee}.`);
        }
        const form = await loadForm(task.form_key);
        const checked = form
          ? checkFormValues(form, variables)
          : { ok: true as const, values: variables };
        if (!checked.ok)
          throw new ApiError(
            400,
            'validation_failed',
            'The form is not filled in correctly.',
            checked.details,
          );
        if (!deps.zeebe)
          throw new ApiError(503, 'engine_unavailable', 'The process engine is not connected.');
        const outcome = await completeUserTask(
          { pool: deps.pool, client: deps.zeebe, clock: deps.clock },
          { taskId: id, variables: checked.values, completedBy: me.id },
        );
        if (outcome === 'NOT_FOUND') throw new NotFoundError(`No task ${id}.`);
        if (outcome !== 'COMPLETED')
          throw new ApiError(409, 'task_ended', 'This task has already ended.');
        await record(id, 'COMPLETED', me.id, me.id);
        return summary({ ...task, state: 'COMPLETED' }, deps.clock.now());
      },
    }),
  ];
}
