/** SLA policies from app.sla_policies and app.sla_escalation_levels, and deadlines computed from them. */
import type pg from 'pg';

import type { Clock } from '../../../../platform/src/clock.js';
import {
  computeSlaDeadline,
  type SlaDeadline,
  type SlaPolicy,
  type SlaUnit,
} from '../../domain/sla-deadline.js';
import { loadWorkCalendar } from './work-calendar-store.js';

export async function loadSlaPolicy(pool: pg.Pool, code: string): Promise<SlaPolicy | undefined> {
  const { rows } = await pool.query<{
    step_name: string;
    due_amount: number;
    due_unit: SlaUnit;
    levels: Array<{
      level: number;
      after_amount: number;
      after_unit: SlaUnit;
      candidate_group: string;
    }> | null;
  }>(
    `select p.step_name, p.due_amount, p.due_unit,
            (select json_agg(json_build_object('level', l.level, 'after_amount', l.after_amount,
                                               'after_unit', l.after_unit, 'candidate_group', l.candidate_group)
                             order by l.level)
               from app.sla_escalation_levels l where l.policy_code = p.code) as levels
       from app.sla_policies p where p.code = $1`,
    [code],
  );
  const row = rows[0];
  if (!row) return undefined;
  return {
    code,
    stepName: row.step_name,
    dueAmount: row.due_amount,
    dueUnit: row.due_unit,
    levels: (row.levels ?? []).map((l) => ({
      level: l.level,
      afterAmount: l.after_amount,
      afterUnit: l.after_unit,
      group: l.candidate_group,
    })),
  };
}

/** The deadline of `policyCode` counted from `from` (default: now), or undefined for an unknown policy. */
export async function deadlineFor(
  deps: { pool: pg.Pool; clock: Clock },
  policyCode: string,
  from?: number,
): Promise<SlaDeadline | undefined> {
  const policy = await loadSlaPolicy(deps.pool, policyCode);
  if (!policy) return undefined;
  const calendar = await loadWorkCalendar(deps.pool, deps.clock);
  return computeSlaDeadline(calendar, policy, from ?? deps.clock.now());
}
