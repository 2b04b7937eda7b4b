/**
 * Variables of process instances, per scope, as their instance's document holds them: every
 * scope of an active instance, the root scope of an ended one.
 */
import type pg from 'pg';

import { type Column, runSearch, type SearchPage, type SearchQuery } from './search-sql.js';

export interface VariableRow {
  processInstanceKey: string;
  scopeKey: string;
  name: string;
  value: unknown;
}

export const variableColumns: Readonly<Record<string, Column>> = {
  processInstanceKey: { sql: '"processInstanceKey"', type: 'key' },
  scopeKey: { sql: '"scopeKey"', type: 'key' },
  name: { sql: 'name', type: 'text' },
};

const base = `
  select p.key as "processInstanceKey", s.key::bigint as "scopeKey", v.key as name, v.value
    from engine.process_instances p
   cross join lateral jsonb_each(p.document -> 'variables') as s
   cross join lateral jsonb_each(s.value) as v`;

export function searchVariables(
  pool: pg.Pool,
  query: SearchQuery,
): Promise<SearchPage<VariableRow>> {
  return runSearch(pool, base, [], variableColumns, query, '"scopeKey", name');
}
