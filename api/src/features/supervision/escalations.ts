/**
 * Escalations (/api/supervision/escalations): one per late step — the breach its `sla-escalation`
 * process was started for, the levels it reached (one app.breaches row each), the actions taken
 * (raised, promoted, acknowledged, reassigned, reminded, case opened, resolved: by whom, when) and
 * the escalation task waiting for an answer, if any. Filtered by state, step, kelurahan, current
 * level and period; as JSON pages or as CSV with one row per action. A Lurah sees their kelurahan.
 */
import { z } from 'zod';

import type { ApiData } from '../../api-endpoints.js';
import {
  booleanFlag,
  dateTime,
  kelurahanCode,
  listFormat,
  pageOf,
  pageQuery,
} from '../../http/common-schemas.js';
import { endpoint, type Endpoint } from '../../http/endpoint.js';
import { ListFilter } from '../../http/list-filter.js';
import { kelurahanScope } from '../auth/authorize.js';
import { toCsv } from './csv.js';
import { fromNotAfterTo, localDay } from './local-period.js';
import { supervisionReaders } from './supervision-readers.js';

const status = z.enum(['OPEN', 'ACKNOWLEDGED', 'RESOLVED']);
const actionKind = z.enum([
  'RAISED',
  'PROMOTED',
  'ACKNOWLEDGED',
  'REASSIGNED',
  'REMINDED',
  'DISCIPLINE_OPENED',
  'RESOLVED',
]);

const escalationQuery = z
  .object({
    status: status.optional(),
    policy: z.string().max(64).optional(),
    kelurahan: kelurahanCode.optional(),
    level: z.coerce.number().int().min(1).max(4).optional(),
    /** true: only escalations whose officer has an open task now. */
    awaiting: booleanFlag.optional(),
    from: localDay.optional(),
    to: localDay.optional(),
    format: listFormat,
    ...pageQuery(200, 25),
  })
  .strict()
  .superRefine(fromNotAfterTo);

const levelReached = z.object({
  breachId: z.string(),
  level: z.number().int(),
  candidateGroup: z.string(),
  breachedAt: dateTime,
  status,
});

const actionTaken = z.object({
  action: actionKind,
  level: z.number().int(),
  candidateGroup: z.string(),
  /** The staff member who acted; null when the escalation process did (raise, promote, resolve). */
  actor: z.string().nullable(),
  actorName: z.string().nullable(),
  note: z.string().nullable(),
  at: dateTime,
});

const escalation = z.object({
  breachId: z.string(),
  policy: z.string(),
  step: z.string(),
  kelurahanCode: z.string().nullable(),
  dueAt: dateTime,
  breachedAt: dateTime,
  level: z.number().int(),
  candidateGroup: z.string(),
  status,
  awaitingAction: z
    .object({
      taskId: z.string(),
      level: z.number().int().nullable(),
      candidateGroups: z.array(z.string()),
      assignee: z.string().nullable(),
      dueAt: dateTime.nullable(),
    })
    .nullable(),
  levels: z.array(levelReached),
  actions: z.array(actionTaken),
});

type Escalation = z.infer<typeof escalation>;

const csvColumns = [
  'breachId',
  'policy',
  'step',
  'kelurahanCode',
  'dueAt',
  'breachedAt',
  'level',
  'status',
  'action',
  'actionLevel',
  'candidateGroup',
  'actor',
  'note',
  'at',
];

/** act.ts tags its note with the job (`… [act:123]`) to stay idempotent: not for people. */
function readableNote(note: string | null, actor: string | null): string | null {
  if (actor === null || note === null) return null;
  const text = note.replace(/\s*\[act:\d+\]$/, '').trim();
  return text === '' ? null : text;
}

export function escalationEndpoints(deps: ApiData): Endpoint[] {
  const { pool } = deps;
  return [
    endpoint({
      operationId: 'listEscalations',
      method: 'get',
      path: '/supervision/escalations',
      tag: 'Supervision',
      summary:
        'Escalations of late steps with the levels reached and the actions taken, newest first (CSV with format=csv: one row per action)',
      access: supervisionReaders,
      query: escalationQuery,
      response: pageOf(escalation),
      alsoProduces: ['text/csv'],
      handler: async ({ query: q, user, res }) => {
        const filter = new ListFilter();
        const scope = kelurahanScope(user);
        if (scope) filter.add('r.kelurahan_code = ?', scope);
        if (q.kelurahan) filter.add('r.kelurahan_code = ?', q.kelurahan);
        if (q.policy) filter.add('r.policy_code = ?', q.policy);
        if (q.status) filter.add('top.status = ?', q.status);
        if (q.level) filter.add('e.level = ?', q.level);
        // An open task of an earlier level is one the process ended (see escalation-actions.ts).
        if (q.awaiting) {
          filter.require(`${q.awaiting === 'true' ? '' : 'not '}(top.status <> 'RESOLVED' and exists (
            select 1 from app.tasks t where t.process_instance_key = r.escalation_process_instance_key
               and t.element_id = 'handle' and t.state = 'CREATED' and t.variables->'level' = to_jsonb(e.level)))`);
        }
        // Periods are local (WIB) calendar days of the first breach.
        filter.period(q.from, q.to, 'e.breached_at');
        const csv = q.format === 'csv';
        const window = filter.window(q, csv);
        const { rows } = await pool.query<{
          id: string;
          element_instance_key: string;
          escalation_process_instance_key: string | null;
          policy: string;
          step: string;
          kelurahan_code: string | null;
          due_at: Date;
          breached_at: Date;
          level: number;
          candidate_group: string;
          status: z.infer<typeof status>;
          total: number;
        }>(
          // One escalation per late element instance; its root is the breach whose process carries
          // it (the first one when a process was never started), its state that of the top level.
          `with e as (
             select element_instance_key,
                    coalesce(min(id) filter (where escalation_process_instance_key is not null), min(id)) as root_id,
                    max(level) as level, min(breached_at) as breached_at
               from app.breaches group by element_instance_key)
           select r.id::text, r.element_instance_key::text, r.escalation_process_instance_key::text,
                  r.policy_code as policy, p.step_name as step, r.kelurahan_code, r.due_at, e.breached_at,
                  e.level, top.candidate_group, top.status, count(*) over ()::int as total
             from e
             join app.breaches r on r.id = e.root_id
             join app.breaches top on top.element_instance_key = e.element_instance_key and top.level = e.level
             join app.sla_policies p on p.code = r.policy_code
            ${filter.where()}
            order by e.breached_at desc, r.id desc
            ${window}`,
          filter.params,
        );

        const elements = rows.map((r) => r.element_instance_key);
        const { rows: levels } = await pool.query<{
          element_instance_key: string;
          id: string;
          level: number;
          candidate_group: string;
          breached_at: Date;
          status: z.infer<typeof status>;
        }>(
          `select element_instance_key::text, id::text, level, candidate_group, breached_at, status
             from app.breaches where element_instance_key = any($1::bigint[]) order by level`,
          [elements],
        );
        const { rows: actions } = await pool.query<{
          element_instance_key: string;
          action: z.infer<typeof actionKind>;
          level: number;
          candidate_group: string;
          actor: string | null;
          actor_name: string | null;
          note: string | null;
          at: Date;
        }>(
          `select b.element_instance_key::text, a.action, a.level, a.candidate_group, a.actor, s.name as actor_name,
                  a.note, a.at
             from app.escalation_actions a
             join app.breaches b on b.id = a.breach_id
             left join app.staff s on s.id = a.actor
            where b.element_instance_key = any($1::bigint[])
            order by a.at, a.id`,
          [elements],
        );
        const { rows: open } = await pool.query<{
          process_instance_key: string;
          id: string;
          level: number | null;
          candidate_groups: string[];
          assignee: string | null;
          due_at: Date | null;
        }>(
          `select process_instance_key::text, id::text, candidate_groups, assignee, due_at,
                  case when jsonb_typeof(variables->'level') = 'number' then (variables->>'level')::int end as level
             from app.tasks
            where process_instance_key = any($1::bigint[]) and element_id = 'handle' and state = 'CREATED'
            order by id desc`,
          [rows.map((r) => r.escalation_process_instance_key).filter((k) => k !== null)],
        );

        const items: Escalation[] = rows.map((r) => {
          const task =
            r.status === 'RESOLVED'
              ? undefined
              : open.find(
                  (t) =>
                    t.process_instance_key === r.escalation_process_instance_key &&
                    t.level === r.level,
                );
          return {
            breachId: r.id,
            policy: r.policy,
            step: r.step,
            kelurahanCode: r.kelurahan_code,
            dueAt: r.due_at.toISOString(),
            breachedAt: r.breached_at.toISOString(),
            level: r.level,
            candidateGroup: r.candidate_group,
            status: r.status,
            awaitingAction: task
              ? {
                  taskId: task.id,
                  level: task.level,
                  candidateGroups: task.candidate_groups,
                  assignee: task.assignee,
                  dueAt: task.due_at?.toISOString() ?? null,
                }
              : null,
            levels: levels
              .filter((l) => l.element_instance_key === r.element_instance_key)
              .map((l) => ({
                breachId: l.id,
                level: l.level,
                candidateGroup: l.candidate_group,
                breachedAt: l.breached_at.toISOString(),
                status: l.status,
              })),
            actions: actions
              .filter((a) => a.element_instance_key === r.element_instance_key)
              .map((a) => ({
                action: a.action,
                level: a.level,
                candidateGroup: a.candidate_group,
                actor: a.actor,
                actorName: a.actor_name,
                note: readableNote(a.note, a.actor),
                at: a.at.toISOString(),
              })),
          };
        });

        if (csv) {
          const lines = items.flatMap((item) => {
            const base = {
              breachId: item.breachId,
              policy: item.policy,
              step: item.step,
              kelurahanCode: item.kelurahanCode,
              dueAt: item.dueAt,
              breachedAt: item.breachedAt,
              level: item.level,
              status: item.status,
            };
            if (item.actions.length === 0) return [base];
            return item.actions.map((a) => ({
              ...base,
              action: a.action,
              actionLevel: a.level,
              candidateGroup: a.candidateGroup,
              actor: a.actor,
              note: a.note,
              at: a.at,
            }));
          });
          res
            .type('text/csv; charset=utf-8')
            .attachment('eskalasi-layanan.csv')
            .send(toCsv(csvColumns, lines));
          return undefined;
        }
        return { items, page: q.page, pageSize: q.pageSize, total: rows[0]?.total ?? 0 };
      },
    }),
  ];
}
