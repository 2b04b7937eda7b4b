/**
 * Element instances, after Camunda 8.8's v2 API — an instance's path, active and ended:
 *   POST /v2/element-instances/search     (default order: as they were entered)
 *   GET  /v2/element-instances/:key
 * Filtering on `type` or `elementName` is not offered: active elements take them from the model.
 */
import express from 'express';

import {
  elementInstanceColumns,
  type ElementInstanceRow,
  searchElementInstances,
} from '../store/queries/search-element-instances.js';
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

const searchSchema = searchBody(elementInstanceColumns);

export function elementInstancesRouter(context: RestContext): express.Router {
  const router = express.Router();

  const toItems = async (rows: ElementInstanceRow[]) => {
    const models = modelCache(context);
    return Promise.all(
      rows.map(async (row) => {
        const element = await models.element(row.processDefinitionKey, row.elementId);
        return {
          elementInstanceKey: row.elementInstanceKey,
          processInstanceKey: row.processInstanceKey,
          processDefinitionKey: row.processDefinitionKey,
          processDefinitionId: row.processDefinitionId,
          elementId: row.elementId,
          elementName: element?.name ?? row.elementId,
          type: row.type ?? element?.bpmnType ?? 'UNKNOWN',
          state: row.state,
          startDate: isoOrNull(row.startDate),
          endDate: isoOrNull(row.endDate),
          hasIncident: row.incidentKey !== null,
          ...(row.incidentKey ? { incidentKey: row.incidentKey } : {}),
          tenantId: defaultTenant,
        };
      }),
    );
  };

  router.post('/v2/element-instances/search', async (req, res) => {
    const query = toSearchQuery(parseSearch(searchSchema, req.body), elementInstanceColumns, [
      { field: 'elementInstanceKey', order: 'ASC' },
    ]);
    const { rows, total } = await searchElementInstances(context.pool, query);
    res.json(pageOf(await toItems(rows), total, query));
  });

  router.get('/v2/element-instances/:key', async (req, res) => {
    const key = pathKey(req.params.key, 'elementInstanceKey');
    const { rows } = await searchElementInstances(context.pool, {
      filter: { elementInstanceKey: { $eq: key } },
      sort: [],
      from: 0,
      limit: 1,
    });
    const [item] = await toItems(rows);
    if (!item) throw new NotFoundProblem(`No element instance with key '${key}' exists.`);
    res.json(item);
  });

  return router;
}
