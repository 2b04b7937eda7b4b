/**
 * Variables, after Camunda 8.8's v2 API:
 *   POST /v2/variables/search?truncateValues=false
 * Values are JSON text, cut at 8,191 characters (`isTruncated`) unless truncateValues=false.
 * The engine keeps no variable keys: `variableKey` is `<scopeKey>:<name>`, unique but not an int64.
 */
import express from 'express';

import { searchVariables, variableColumns } from '../store/queries/search-variables.js';
import { ProblemError } from './problem.js';
import type { RestContext } from './rest-context.js';
import { defaultTenant, pageOf, parseSearch, searchBody, toSearchQuery } from './search-request.js';

// Camunda's default variable size threshold for search results.
const truncateAt = 8191;

const searchSchema = searchBody(variableColumns);

export function variablesRouter(context: RestContext): express.Router {
  const router = express.Router();

  router.post('/v2/variables/search', async (req, res) => {
    const truncate = req.query.truncateValues;
    if (truncate !== undefined && truncate !== 'true' && truncate !== 'false')
      throw new ProblemError(400, 'INVALID_ARGUMENT', 'truncateValues must be true or false');
    const query = toSearchQuery(parseSearch(searchSchema, req.body), variableColumns, [
      { field: 'processInstanceKey', order: 'ASC' },
      { field: 'scopeKey', order: 'ASC' },
      { field: 'name', order: 'ASC' },
    ]);
    const { rows, total } = await searchVariables(context.pool, query);
    const items = rows.map((row) => {
      const json = JSON.stringify(row.value) ?? 'null';
      const cut = truncate !== 'false' && json.length > truncateAt;
      return {
        variableKey: `${row.scopeKey}:${row.name}`,
        name: row.name,
        value: cut ? json.slice(0, truncateAt) : json,
        isTruncated: cut,
        scopeKey: row.scopeKey,
        processInstanceKey: row.processInstanceKey,
        tenantId: defaultTenant,
      };
    });
    res.json(pageOf(items, total, query));
  });

  return router;
}
