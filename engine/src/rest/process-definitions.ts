/**
 * Process definitions, after Camunda 8.8's v2 API:
 *   POST /v2/process-definitions/search                                  deployed versions
 *   GET  /v2/process-definitions/:key                                    one version
 *   GET  /v2/process-definitions/:key/xml                                its BPMN XML (text/xml)
 *   POST /v2/process-definitions/:key/statistics/element-instances       per element: active,
 *        incidents, completed, canceled — and, beyond Camunda's answer, totalDurationMs and
 *        averageDurationMs for a heat map of where time is spent.
 * Definitions are few (versions of a dozen processes), so their search runs in memory.
 */
import express from 'express';
import { z } from 'zod';

import type { FieldFilter } from '../store/queries/search-sql.js';
import { elementStatistics } from '../store/queries/element-statistics.js';
import {
  listProcessDefinitions,
  type ProcessDefinitionRow,
} from '../store/queries/list-process-definitions.js';
import { processDefinitionResource } from '../store/queries/process-definition-resource.js';
import { NotFoundProblem, ProblemError } from './problem.js';
import type { RestContext } from './rest-context.js';
import {
  defaultTenant,
  pageOf,
  parseSearch,
  pathKey,
  searchBody,
  toSearchQuery,
} from './search-request.js';

interface DefinitionItem {
  processDefinitionKey: string;
  processDefinitionId: string;
  name: string;
  resourceName: string;
  version: number;
  tenantId: string;
  hasStartForm: boolean;
  isLatestVersion: boolean;
}

const columns = {
  processDefinitionKey: { sql: '', type: 'key' },
  processDefinitionId: { sql: '', type: 'text' },
  name: { sql: '', type: 'text' },
  resourceName: { sql: '', type: 'text' },
  version: { sql: '', type: 'int' },
} as const;

const searchSchema = searchBody(columns, { isLatestVersion: z.boolean().optional() });

const statisticsBody = z
  .strictObject({
    filter: z
      .strictObject({}, { error: 'the embedded engine counts all instances: give no filter' })
      .optional(),
  })
  .default({});

export function processDefinitionsRouter(context: RestContext): express.Router {
  const router = express.Router();

  const items = async (): Promise<DefinitionItem[]> => {
    const rows = await listProcessDefinitions(context.pool);
    const latest = new Map<string, number>();
    for (const row of rows)
      latest.set(
        row.processDefinitionId,
        Math.max(row.version, latest.get(row.processDefinitionId) ?? 0),
      );
    return Promise.all(rows.map((row) => toItem(row, latest.get(row.processDefinitionId))));
  };

  const toItem = async (row: ProcessDefinitionRow, latest?: number): Promise<DefinitionItem> => {
    const model = await context.model(row.processDefinitionKey);
    return {
      processDefinitionKey: row.processDefinitionKey,
      processDefinitionId: row.processDefinitionId,
      name: model?.name ?? row.processDefinitionId,
      resourceName: row.resourceName,
      version: row.version,
      tenantId: defaultTenant,
      hasStartForm: false,
      isLatestVersion: row.version === latest,
    };
  };

  const byKey = async (key: string): Promise<DefinitionItem> => {
    const found = (await items()).find((d) => d.processDefinitionKey === key);
    if (!found) throw new NotFoundProblem(`No process definition with key '${key}' is deployed.`);
    return found;
  };

  router.post('/v2/process-definitions/search', async (req, res) => {
    const parsed = parseSearch(searchSchema, req.body);
    const query = toSearchQuery(parsed, columns, [{ field: 'processDefinitionKey', order: 'ASC' }]);
    const isLatest = parsed.filter.isLatestVersion as boolean | undefined;
    const found = (await items()).filter(
      (item) =>
        (isLatest === undefined || item.isLatestVersion === isLatest) &&
        Object.entries(query.filter).every(([field, filter]) =>
          matches(item[field as keyof typeof columns], filter),
        ),
    );
    found.sort((a, b) => {
      for (const { field, order } of query.sort) {
        const x = a[field as keyof typeof columns];
        const y = b[field as keyof typeof columns];
        const c = compare(x, y, columns[field as keyof typeof columns].type === 'key');
        if (c !== 0) return order === 'DESC' ? -c : c;
      }
      return 0;
    });
    res.json(pageOf(found.slice(query.from, query.from + query.limit), found.length, query));
  });

  router.get('/v2/process-definitions/:key', async (req, res) => {
    res.json(await byKey(pathKey(req.params.key, 'processDefinitionKey')));
  });

  router.get('/v2/process-definitions/:key/xml', async (req, res) => {
    const key = pathKey(req.params.key, 'processDefinitionKey');
    const xml = await processDefinitionResource(context.pool, key);
    if (xml === undefined)
      throw new NotFoundProblem(`No process definition with key '${key}' is deployed.`);
    res.type('text/xml').send(xml);
  });

  router.post('/v2/process-definitions/:key/statistics/element-instances', async (req, res) => {
    const key = pathKey(req.params.key, 'processDefinitionKey');
    const body = statisticsBody.safeParse(req.body ?? {});
    if (!body.success)
      throw new ProblemError(
        400,
        'INVALID_ARGUMENT',
        body.error.issues.map((i) => i.message).join('; '),
      );
    await byKey(key);
    res.json({ items: await elementStatistics(context.pool, key, context.clock.now()) });
  });

  return router;
}

function compare(x: unknown, y: unknown, numeric: boolean): number {
  if (numeric) {
    const a = BigInt(String(x));
    const b = BigInt(String(y));
    return a < b ? -1 : a > b ? 1 : 0;
  }
  if (typeof x === 'number' && typeof y === 'number') return x - y;
  return String(x).localeCompare(String(y));
}

function matches(value: unknown, filter: FieldFilter): boolean {
  const like = (pattern: string) =>
    new RegExp(
      `^${pattern
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '.*')
        .replace(/\?/g, '.')}$`,
      's',
    );
  return (
    (filter.$eq === undefined || value === filter.$eq) &&
    (filter.$neq === undefined || value !== filter.$neq) &&
    (filter.$in === undefined || filter.$in.includes(value)) &&
    (filter.$notIn === undefined || !filter.$notIn.includes(value)) &&
    (filter.$exists === undefined || filter.$exists === (value !== undefined && value !== null)) &&
    (filter.$like === undefined || like(filter.$like).test(String(value))) &&
    (filter.$gt === undefined || (value as number) > (filter.$gt as number)) &&
    (filter.$gte === undefined || (value as number) >= (filter.$gte as number)) &&
    (filter.$lt === undefined || (value as number) < (filter.$lt as number)) &&
    (filter.$lte === undefined || (value as number) <= (filter.$lte as number))
  );
}
