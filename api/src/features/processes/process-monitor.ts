/**
 * What the API reads about deployed processes and running instances. The engine's tables are its
 * own (DESIGN §3), and the Zeebe gateway protocol has no queries, so the reads go to a Camunda 8.8
 * "v2" REST API: the embedded engine's monitoring port (engine/src/rest) or a Camunda 8.8+
 * cluster's ZEEBE_REST_ADDRESS. Zeebe 8.5 has no such API; without one the monitor is absent and
 * the instance endpoints answer 503 `monitoring_unavailable`.
 *
 * The searches go through @camunda8/sdk's CamundaRestClient; the per-element statistics, which the
 * SDK has no method for, through fetch with the same client's auth headers.
 */
import { CamundaRestClient } from '@camunda8/sdk';

import { ApiError } from '../../errors/api-error.js';

export type InstanceState = 'ACTIVE' | 'COMPLETED' | 'TERMINATED';

export interface ProcessDefinitionSummary {
  processDefinitionKey: string;
  bpmnProcessId: string;
  name: string;
  version: number;
  resourceName: string;
  /** Whether this is the process's newest version (new instances start on it). */
  latest: boolean;
}

export interface ProcessInstanceSummary {
  processInstanceKey: string;
  processDefinitionKey: string;
  bpmnProcessId: string;
  processName: string;
  version: number;
  state: InstanceState;
  startedAt: string;
  endedAt: string | null;
  hasIncident: boolean;
  parentProcessInstanceKey: string | null;
}

export interface ElementInstanceSummary {
  elementInstanceKey: string;
  elementId: string;
  elementName: string;
  type: string;
  state: InstanceState;
  startedAt: string | null;
  endedAt: string | null;
  incidentKey: string | null;
}

export interface VariableSummary {
  name: string;
  /** The process instance key for the instance's own variables, else an element instance key. */
  scopeKey: string;
  /** The value, or its first characters as text when `truncated`. */
  value: unknown;
  truncated: boolean;
}

export interface IncidentSummary {
  incidentKey: string;
  processInstanceKey: string;
  processDefinitionKey: string;
  bpmnProcessId: string;
  elementId: string;
  elementInstanceKey: string;
  jobKey: string | null;
  errorType: string;
  errorMessage: string;
  state: string;
  createdAt: string;
}

export interface ElementStatistics {
  elementId: string;
  active: number;
  incidents: number;
  completed: number;
  canceled: number;
  /** Time spent in the element by all its instances; null where the engine does not report it. */
  totalDurationMs: number | null;
  averageDurationMs: number | null;
}

export interface InstanceQuery {
  processDefinitionKey?: string;
  bpmnProcessId?: string;
  state?: InstanceState;
  hasIncident?: boolean;
  from: number;
  limit: number;
}

export interface ProcessMonitor {
  definitions(): Promise<ProcessDefinitionSummary[]>;
  definition(processDefinitionKey: string): Promise<ProcessDefinitionSummary | undefined>;
  definitionXml(processDefinitionKey: string): Promise<string | undefined>;
  elementStatistics(processDefinitionKey: string): Promise<ElementStatistics[]>;
  instances(query: InstanceQuery): Promise<{ items: ProcessInstanceSummary[]; total: number }>;
  instance(processInstanceKey: string): Promise<ProcessInstanceSummary | undefined>;
  /** The instance's path: every element instance, active and ended, in the order entered. */
  elementInstances(processInstanceKey: string): Promise<ElementInstanceSummary[]>;
  variables(processInstanceKey: string): Promise<VariableSummary[]>;
  incidents(processInstanceKey: string): Promise<IncidentSummary[]>;
  incident(incidentKey: string): Promise<IncidentSummary | undefined>;
}

/** The monitor is configured but its API failed to answer: a 503 for the caller, not a 500. */
export class MonitoringFailedError extends ApiError {
  constructor(cause: unknown) {
    super(
      503,
      'monitoring_unavailable',
      "The engine's monitoring API did not answer; try again shortly or ask the administrator to check the engine.",
    );
    this.cause = cause;
  }
}

// The largest page Camunda's v2 search answers.
const maxPage = 10000;

/** Exposes the client's auth headers (its `oAuthProvider` is protected) for the fetch calls. */
class MonitorRestClient extends CamundaRestClient {
  authHeaders(): Promise<Record<string, string>> {
    return this.oAuthProvider.getHeaders('ZEEBE');
  }
}

/** A monitor reading the v2 REST API at `address` (`http://host:port`, without /v2). */
export function createProcessMonitor(address: string): ProcessMonitor {
  const client = new MonitorRestClient({
    config: {
      ZEEBE_REST_ADDRESS: address,
      CAMUNDA_AUTH_STRATEGY:
        (process.env.CAMUNDA_AUTH_STRATEGY as 'NONE' | 'OAUTH' | 'BASIC' | undefined) ?? 'NONE',
      CAMUNDA_LOG_LEVEL: 'none',
    },
    // A monitoring read that fails is answered 503 at once; the user can reload.
    retry: { limit: 0 },
  });

  // Not found → undefined; anything else that fails → 503.
  const orNotFound = async <T>(call: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await call();
    } catch (error) {
      if (status(error) === 404) return undefined;
      throw new MonitoringFailedError(error);
    }
  };
  const read = async <T>(call: () => Promise<T>): Promise<T> => {
    try {
      return await call();
    } catch (error) {
      throw new MonitoringFailedError(error);
    }
  };

  const definitions = async (): Promise<ProcessDefinitionSummary[]> => {
    const found = await read(() =>
      client.searchProcessDefinitions({
        filter: {},
        sort: [{ field: 'processDefinitionKey', order: 'ASC' }],
        page: { from: 0, limit: maxPage },
      }),
    );
    const latest = new Map<string, number>();
    for (const d of found.items)
      latest.set(
        d.processDefinitionId,
        Math.max(d.version, latest.get(d.processDefinitionId) ?? 0),
      );
    return found.items.map((d) => ({
      processDefinitionKey: String(d.processDefinitionKey),
      bpmnProcessId: d.processDefinitionId,
      name: d.name || d.processDefinitionId,
      version: Number(d.version),
      resourceName: d.resourceName,
      latest: latest.get(d.processDefinitionId) === d.version,
    }));
  };

  const toInstance = (i: Record<string, unknown>): ProcessInstanceSummary => ({
    processInstanceKey: text(i.processInstanceKey),
    processDefinitionKey: text(i.processDefinitionKey),
    bpmnProcessId: text(i.processDefinitionId),
    processName: text(i.processDefinitionName) || text(i.processDefinitionId),
    version: Number(i.processDefinitionVersion),
    state: text(i.state) as InstanceState,
    startedAt: text(i.startDate),
    endedAt: typeof i.endDate === 'string' ? i.endDate : null,
    hasIncident: i.hasIncident === true,
    parentProcessInstanceKey: text(i.parentProcessInstanceKey) || null,
  });

  const toIncident = (i: Record<string, unknown>): IncidentSummary => ({
    incidentKey: text(i.incidentKey),
    processInstanceKey: text(i.processInstanceKey),
    processDefinitionKey: text(i.processDefinitionKey),
    bpmnProcessId: text(i.processDefinitionId),
    elementId: text(i.elementId),
    elementInstanceKey: text(i.elementInstanceKey),
    jobKey: text(i.jobKey) || null,
    errorType: text(i.errorType),
    errorMessage: text(i.errorMessage),
    state: text(i.state),
    createdAt: text(i.creationTime),
  });

  return {
    definitions,

    async definition(processDefinitionKey) {
      return (await definitions()).find((d) => d.processDefinitionKey === processDefinitionKey);
    },

    definitionXml(processDefinitionKey) {
      return orNotFound(() => client.getProcessDefinitionXML(processDefinitionKey));
    },

    async elementStatistics(processDefinitionKey) {
      const answer = await read(async () => {
        const response = await fetch(
          `${address}/v2/process-definitions/${processDefinitionKey}/statistics/element-instances`,
          {
            method: 'POST',
            headers: { ...(await client.authHeaders()), 'content-type': 'application/json' },
            body: '{}',
          },
        );
        if (!response.ok) throw new Error(`statistics answered ${response.status}`);
        return (await response.json()) as { items: Array<Record<string, unknown>> };
      });
      const count = (value: unknown) => (typeof value === 'number' ? value : Number(value ?? 0));
      const duration = (value: unknown) => (typeof value === 'number' ? value : null);
      return answer.items.map((s) => ({
        elementId: String(s.elementId),
        active: count(s.active),
        incidents: count(s.incidents),
        completed: count(s.completed),
        canceled: count(s.canceled),
        totalDurationMs: duration(s.totalDurationMs),
        averageDurationMs: duration(s.averageDurationMs),
      }));
    },

    async instances(query) {
      const filter: Record<string, unknown> = {};
      if (query.processDefinitionKey) filter.processDefinitionKey = query.processDefinitionKey;
      if (query.bpmnProcessId) filter.processDefinitionId = query.bpmnProcessId;
      if (query.state) filter.state = query.state;
      if (query.hasIncident !== undefined) filter.hasIncident = query.hasIncident;
      const found = await read(() =>
        client.searchProcessInstances({
          filter,
          sort: [{ field: 'startDate', order: 'DESC' }],
          page: { from: query.from, limit: query.limit },
        }),
      );
      return {
        items: found.items.map((i) => toInstance(i as unknown as Record<string, unknown>)),
        total: found.page.totalItems,
      };
    },

    async instance(processInstanceKey) {
      const found = await read(() =>
        client.searchProcessInstances({
          filter: { processInstanceKey },
          page: { from: 0, limit: 1 },
        }),
      );
      const [item] = found.items;
      return item ? toInstance(item as unknown as Record<string, unknown>) : undefined;
    },

    async elementInstances(processInstanceKey) {
      const found = await read(() =>
        client.searchElementInstances({
          filter: { processInstanceKey },
          sort: [{ field: 'elementInstanceKey', order: 'ASC' }],
          page: { from: 0, limit: maxPage },
        }),
      );
      return found.items.map((e) => ({
        elementInstanceKey: String(e.elementInstanceKey),
        elementId: e.elementId,
        elementName: e.elementName || e.elementId,
        type: e.type,
        state: e.state,
        startedAt: e.startDate ?? null,
        endedAt: e.endDate ?? null,
        incidentKey: e.incidentKey ? String(e.incidentKey) : null,
      }));
    },

    async variables(processInstanceKey) {
      const found = await read(() =>
        client.searchVariables({
          filter: { processInstanceKey },
          sort: [
            { field: 'scopeKey', order: 'ASC' },
            { field: 'name', order: 'ASC' },
          ],
          page: { from: 0, limit: maxPage },
        }),
      );
      return found.items.map((v) => ({
        name: v.name,
        scopeKey: String(v.scopeKey),
        value: v.isTruncated ? v.value : parseJson(v.value),
        truncated: v.isTruncated,
      }));
    },

    async incidents(processInstanceKey) {
      const found = await read(() =>
        client.searchIncidents({
          filter: { processInstanceKey },
          sort: [{ field: 'creationTime', order: 'ASC' }],
          page: { from: 0, limit: maxPage },
        }),
      );
      return found.items.map((i) => toIncident(i as unknown as Record<string, unknown>));
    },

    async incident(incidentKey) {
      const found = await read(() =>
        client.searchIncidents({ filter: { incidentKey }, page: { from: 0, limit: 1 } }),
      );
      const [item] = found.items;
      return item ? toIncident(item as unknown as Record<string, unknown>) : undefined;
    },
  };
}

/** A JSON scalar of the REST answer as text ('' for absent); keys arrive as strings or numbers. */
function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean')
    return String(value);
  return '';
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function status(error: unknown): number | undefined {
  const e = error as { response?: { statusCode?: number }; statusCode?: number } | null;
  return e?.response?.statusCode ?? e?.statusCode;
}
