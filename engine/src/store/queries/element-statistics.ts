/**
 * Per element of one process definition: how many of its element instances are active (with and
 * without an incident), completed and terminated, and the time they took. Multi-instance bodies
 * are left out so that the inner instances, which do the work, are not counted twice.
 */
import type pg from 'pg';

export interface ElementStatisticsRow {
  elementId: string;
  active: number;
  incidents: number;
  completed: number;
  canceled: number;
  /** Milliseconds spent in the element: ended instances in full, active ones up to `now`. */
  totalDurationMs: number;
  /** Mean duration of the completed instances with a known start; null when there are none. */
  averageDurationMs: number | null;
}

export async function elementStatistics(
  pool: pg.Pool,
  processDefinitionKey: string,
  now: number,
): Promise<ElementStatisticsRow[]> {
  const { rows } = await pool.query<{
    element_id: string;
    active: number;
    incidents: number;
    completed: number;
    canceled: number;
    total_ms: string | null;
    completed_ms: string | null;
    completed_timed: number;
  }>(
    `with active as (
       select el.value ->> 'elementId' as element_id,
              (el.value ->> 'startedAt')::bigint as started_ms,
              exists (select 1 from engine.incidents i
                       where i.process_instance_key = p.key and i.element_instance_key = el.key::bigint
                         and i.state = 'ACTIVE') as has_incident
         from engine.process_instances p
        cross join lateral jsonb_each(p.document -> 'elements') as el
        where p.process_definition_key = $1::bigint and p.state = 'ACTIVE' and not (el.value ? 'loop')
     ), ended as (
       select element_id, state,
              (extract(epoch from ended_at - started_at) * 1000)::bigint as duration_ms
         from engine.element_instances
        where process_definition_key = $1::bigint and type <> 'MULTI_INSTANCE_BODY'
     ), counted as (
       select element_id, count(*) filter (where not has_incident) as active,
              count(*) filter (where has_incident) as incidents, 0 as completed, 0 as canceled,
              sum($2::bigint - started_ms) as total_ms, null::numeric as completed_ms, 0 as completed_timed
         from active group by element_id
       union all
       select element_id, 0, 0, count(*) filter (where state = 'COMPLETED'),
              count(*) filter (where state = 'TERMINATED'), sum(duration_ms),
              sum(duration_ms) filter (where state = 'COMPLETED'),
              count(duration_ms) filter (where state = 'COMPLETED')
         from ended group by element_id
     )
     select element_id, sum(active)::int as active, sum(incidents)::int as incidents,
            sum(completed)::int as completed, sum(canceled)::int as canceled,
            sum(total_ms)::text as total_ms, sum(completed_ms)::text as completed_ms,
            sum(completed_timed)::int as completed_timed
       from counted group by element_id order by element_id`,
    [processDefinitionKey, now],
  );
  return rows.map((row) => ({
    elementId: row.element_id,
    active: row.active,
    incidents: row.incidents,
    completed: row.completed,
    canceled: row.canceled,
    totalDurationMs: Number(row.total_ms ?? 0),
    averageDurationMs:
      row.completed_timed > 0 ? Math.round(Number(row.completed_ms) / row.completed_timed) : null,
  }));
}
