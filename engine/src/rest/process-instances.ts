/**
 * Process instances, after Camunda 8.8's v2 API:
 *   POST /v2/process-instances/search     with their state (ACTIVE, COMPLETED, TERMINATED)
 *   GET  /v2/process-instances/:key
 */
import express from 'express';

import {
  processInstanceColumns,
  type ProcessInstanceRow,
  searchProcessInstances,
} from '../store/queries/search-process-instances.js';
import { NotFoundProblem } from './problem.js';
import { modelCache, type RestContext } from './rest-context.js';
import {
  defaultTenant,
  isoOrNull,
  pageOf,
  parseSearch,
  pathKey,
  searchBody,
  toSearchQuery,
} from './search-request.js';

const searchSchema = searchBody(processInstanceColumns);

export function processInstancesRouter(context: RestContext): express.Router {
  const router = express.Router();

  const toItems = async (rows: ProcessInstanceRow[]) => {
    const models = modelCache(context);
    return Promise.all(
      rows.map(async (row) => ({
        processInstanceKey: row.processInstanceKey,
        processDefinitionKey: row.processDefinitionKey,
        processDefinitionId: row.processDefinitionId,
        processDefinitionName:
          (await models.model(row.processDefinitionKey))?.name ?? row.processDefinitionId,
        processDefinitionVersion: row.processDefinitionVersion,
        ...(row.parentProcessInstanceKey
          ? { parentProcessInstanceKey: row.parentProcessInstanceKey }
          : {}),
        ...(row.parentElementInstanceKey
          ? { parentElementInstanceKey: row.parentElementInstanceKey }
          : {}),
        state: row.state,
        startDate: row.startDate.toISOString(),
        endDate: isoOrNull(row.endDate),
        hasIncident: row.hasIncident,
        tenantId: defaultTenant,
      })),
    );
  };

  router.post('/v2/process-instances/search', async (req, res) => {
    const query = toSearchQuery(parseSearch(searchSchema, req.body), processInstanceColumns, [
      { field: 'processInstanceKey', order: 'ASC' },
    ]);
    const { rows, total } = await searchProcessInstances(context.pool, query);
    res.json(pageOf(await toItems(rows), total, query));
  });

  router.get('/v2/process-instances/:key', async (req, res) => {
    const key = pathKey(req.params.key, 'processInstanceKey');
    const { rows } = await searchProcessInstances(context.pool, {
      filter: { processInstanceKey: { $eq: key } },
      sort: [],
      from: 0,
      limit: 1,
    });
    const [item] = await toItems(rows);
    if (!item) throw new NotFoundProblem(`No process instance with key '${key}' exists.`);
    res.json(item);
  });

  return router;
}
