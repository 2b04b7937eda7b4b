/**
 * Incidents, after Camunda 8.8's v2 API:
 *   POST /v2/incidents/search
 *   GET  /v2/incidents/:key
 * Read-only: resolving an incident goes through the gateway (UpdateJobRetries + ResolveIncident).
 */
import express from 'express';

import {
  incidentColumns,
  type IncidentSearchRow,
  searchIncidents,
} from '../store/queries/search-incidents.js';
import { NotFoundProblem } from './problem.js';
import type { RestContext } from './rest-context.js';
import {
  defaultTenant,
  pageOf,
  parseSearch,
  pathKey,
  searchBody,
  toSearchQuery,
} from './search-request.js';

const searchSchema = searchBody(incidentColumns);

function toItem(row: IncidentSearchRow) {
  return {
    incidentKey: row.incidentKey,
    processInstanceKey: row.processInstanceKey,
    processDefinitionKey: row.processDefinitionKey,
    processDefinitionId: row.processDefinitionId,
    elementId: row.elementId,
    elementInstanceKey: row.elementInstanceKey,
    ...(row.jobKey ? { jobKey: row.jobKey } : {}),
    errorType: row.errorType,
    errorMessage: row.errorMessage,
    state: row.state,
    creationTime: row.creationTime.toISOString(),
    tenantId: defaultTenant,
  };
}

export function incidentsRouter(context: RestContext): express.Router {
  const router = express.Router();

  router.post('/v2/incidents/search', async (req, res) => {
    const query = toSearchQuery(parseSearch(searchSchema, req.body), incidentColumns, [
      { field: 'incidentKey', order: 'ASC' },
    ]);
    const { rows, total } = await searchIncidents(context.pool, query);
    res.json(pageOf(rows.map(toItem), total, query));
  });

  router.get('/v2/incidents/:key', async (req, res) => {
    const key = pathKey(req.params.key, 'incidentKey');
    const { rows } = await searchIncidents(context.pool, {
      filter: { incidentKey: { $eq: key } },
      sort: [],
      from: 0,
      limit: 1,
    });
    if (!rows[0]) throw new NotFoundProblem(`No incident with key '${key}' exists.`);
    res.json(toItem(rows[0]));
  });

  return router;
}
