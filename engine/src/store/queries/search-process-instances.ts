/** Process instances with their state and whether an incident is open in them. */
import type pg from 'pg';

import { type Column, runSearch, type SearchPage, type SearchQuery } from './search-sql.js';

export interface ProcessInstanceRow {
  processInstanceKey: string;
  processDefinitionKey: string;
  processDefinitionId: string;
  processDefinitionVersion: number;
  parentProcessInstanceKey: string | null;
  parentElementInstanceKey: string | null;
  state: 'ACTIVE' | 'COMPLETED' | 'TERMINATED';
  startDate: Date;
  endDate: Date | null;
  hasIncident: boolean;
}

export const processInstanceColumns: Readonly<Record<string, Column>> = {
  processInstanceKey: { sql: '"processInstanceKey"', type: 'key' },
  processDefinitionKey: { sql: '"processDefinitionKey"', type: 'key' },
  processDefinitionId: { sql: '"processDefinitionId"', type: 'text' },
  processDefinitionVersion: { sql: '"processDefinitionVersion"', type: 'int' },
  parentProcessInstanceKey: { sql: '"parentProcessInstanceKey"', type: 'key' },
  parentElementInstanceKey: { sql: '"parentElementInstanceKey"', type: 'key' },
  state: { sql: 'state', type: 'text' },
  startDate: { sql: '"startDate"', type: 'time' },
  endDate: { sql: '"endDate"', type: 'time' },
  hasIncident: { sql: '"hasIncident"', type: 'bool' },
};

const base = `
  select p.key as "processInstanceKey", p.process_definition_key as "processDefinitionKey",
         p.bpmn_process_id as "processDefinitionId", p.version as "processDefinitionVersion",
         p.parent_instance_key as "parentProcessInstanceKey",
         (p.document #>> '{parent,elementInstanceKey}')::bigint as "parentElementInstanceKey",
         p.state, p.created_at as "startDate", p.ended_at as "endDate",
         exists (select 1 from engine.incidents i
                  where i.process_instance_key = p.key and i.state = 'ACTIVE') as "hasIncident"
    from engine.process_instances p`;

export function searchProcessInstances(
  pool: pg.Pool,
  query: SearchQuery,
): Promise<SearchPage<ProcessInstanceRow>> {
  return runSearch(pool, base, [], processInstanceColumns, query, '"processInstanceKey"');
}
