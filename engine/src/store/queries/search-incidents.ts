/** Incidents, open and resolved. */
import type pg from 'pg';

import type { IncidentType } from '../../runtime/effects.js';
import { type Column, runSearch, type SearchPage, type SearchQuery } from './search-sql.js';

export interface IncidentSearchRow {
  incidentKey: string;
  processInstanceKey: string;
  processDefinitionKey: string;
  processDefinitionId: string;
  elementId: string;
  elementInstanceKey: string;
  jobKey: string | null;
  errorType: IncidentType;
  errorMessage: string;
  state: 'ACTIVE' | 'RESOLVED';
  creationTime: Date;
}

export const incidentColumns: Readonly<Record<string, Column>> = {
  incidentKey: { sql: '"incidentKey"', type: 'key' },
  processInstanceKey: { sql: '"processInstanceKey"', type: 'key' },
  processDefinitionKey: { sql: '"processDefinitionKey"', type: 'key' },
  processDefinitionId: { sql: '"processDefinitionId"', type: 'text' },
  elementId: { sql: '"elementId"', type: 'text' },
  elementInstanceKey: { sql: '"elementInstanceKey"', type: 'key' },
  jobKey: { sql: '"jobKey"', type: 'key' },
  errorType: { sql: '"errorType"', type: 'text' },
  errorMessage: { sql: '"errorMessage"', type: 'text' },
  state: { sql: 'state', type: 'text' },
  creationTime: { sql: '"creationTime"', type: 'time' },
};

const base = `
  select key as "incidentKey", process_instance_key as "processInstanceKey",
         process_definition_key as "processDefinitionKey", bpmn_process_id as "processDefinitionId",
         element_id as "elementId", element_instance_key as "elementInstanceKey", job_key as "jobKey",
         error_type as "errorType", error_message as "errorMessage", state, created_at as "creationTime"
    from engine.incidents`;

export function searchIncidents(
  pool: pg.Pool,
  query: SearchQuery,
): Promise<SearchPage<IncidentSearchRow>> {
  return runSearch(pool, base, [], incidentColumns, query, '"incidentKey"');
}
