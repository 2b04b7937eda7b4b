/**
 * Element instances of process instances: the ended ones from engine.element_instances and the
 * active ones from their instance's document, in one search. An active element instance's `type`
 * is null here unless it is a multi-instance body: its element's model names it.
 */
import type pg from 'pg';

import { type Column, runSearch, type SearchPage, type SearchQuery } from './search-sql.js';

export interface ElementInstanceRow {
  elementInstanceKey: string;
  processInstanceKey: string;
  processDefinitionKey: string;
  processDefinitionId: string;
  elementId: string;
  flowScopeKey: string;
  type: string | null;
  state: 'ACTIVE' | 'COMPLETED' | 'TERMINATED';
  startDate: Date | null;
  endDate: Date | null;
  incidentKey: string | null;
}

export const elementInstanceColumns: Readonly<Record<string, Column>> = {
  elementInstanceKey: { sql: '"elementInstanceKey"', type: 'key' },
  processInstanceKey: { sql: '"processInstanceKey"', type: 'key' },
  processDefinitionKey: { sql: '"processDefinitionKey"', type: 'key' },
  processDefinitionId: { sql: '"processDefinitionId"', type: 'text' },
  elementId: { sql: '"elementId"', type: 'text' },
  state: { sql: 'state', type: 'text' },
  startDate: { sql: '"startDate"', type: 'time' },
  endDate: { sql: '"endDate"', type: 'time' },
  incidentKey: { sql: '"incidentKey"', type: 'key' },
  hasIncident: { sql: '("incidentKey" is not null)', type: 'bool' },
};

const base = `
  select e.key as "elementInstanceKey", e.process_instance_key as "processInstanceKey",
         e.process_definition_key as "processDefinitionKey", e.bpmn_process_id as "processDefinitionId",
         e.element_id as "elementId", e.flow_scope_key as "flowScopeKey", e.type, e.state,
         e.started_at as "startDate", e.ended_at as "endDate", null::bigint as "incidentKey"
    from engine.element_instances e
  union all
  select el.key::bigint, p.key, p.process_definition_key, p.bpmn_process_id,
         el.value ->> 'elementId', (el.value ->> 'scopeKey')::bigint,
         case when el.value ? 'loop' then 'MULTI_INSTANCE_BODY' end, 'ACTIVE',
         to_timestamp((el.value ->> 'startedAt')::double precision / 1000), null::timestamptz,
         (select i.key from engine.incidents i
           where i.process_instance_key = p.key and i.element_instance_key = el.key::bigint
             and i.state = 'ACTIVE'
           order by i.key limit 1)
    from engine.process_instances p
   cross join lateral jsonb_each(p.document -> 'elements') as el
   where p.state = 'ACTIVE'`;

export function searchElementInstances(
  pool: pg.Pool,
  query: SearchQuery,
): Promise<SearchPage<ElementInstanceRow>> {
  return runSearch(pool, base, [], elementInstanceColumns, query, '"elementInstanceKey"');
}
