/**
 * Processes (/api/processes): designers deploy BPMN and forms — linted with Camunda's 8.5
 * compatibility rules first, an error blocks the whole deployment —; supervisors and auditors see
 * the deployed versions, their XML, per-element statistics for a diagram overlay and heat map, the
 * instances with their state and an instance's path, variables (every read audited: they hold
 * residents' personal data) and incidents; an incident is retried by giving its job retries again
 * and resolving it.
 *
 * Deployment and retry go through the Zeebe gateway (`zeebe`); reads go through the monitor
 * (process-monitor.ts), never to the engine's tables.
 */
import { status as grpcStatus } from '@grpc/grpc-js';
import type express from 'express';
import { z } from 'zod';

import type { ApiData } from '../../api-endpoints.js';
import { ApiError, type ErrorDetail, NotFoundError } from '../../errors/api-error.js';
import { dateTime, numericId, pageOf, pageQuery } from '../../http/common-schemas.js';
import { endpoint, type Endpoint } from '../../http/endpoint.js';
import type { Role } from '../auth/authorize.js';
import type { SessionUser } from '../auth/sessions.js';
import { lintBpmn } from './lint-bpmn.js';
import { type CheckedForm, checkForm, storeForms } from './process-forms.js';
import type {
  ElementInstanceSummary,
  ProcessDefinitionSummary,
  ProcessMonitor,
} from './process-monitor.js';

export const processDeployers: Role[] = ['perancang-proses', 'admin'];
export const processReaders: Role[] = [
  'perancang-proses',
  'admin',
  'kasi',
  'sekcam',
  'camat',
  'auditor',
];
export const incidentRetriers: Role[] = ['perancang-proses', 'admin', 'kasi'];

const tag = 'Processes';
const maxResources = 20;
// A generated process of this product is at most ~40 KB; the request body itself is capped at 1 MB.
const maxResourceChars = 500_000;

const key = (what: string) => numericId(what).meta({ example: '2251799813685249' });

const resource = z.strictObject({
  name: z
    .string()
    .regex(
      /^[A-Za-z0-9][\w.-]{0,99}\.(bpmn|form)$/,
      'must be a file name ending in .bpmn or .form (letters, digits, . _ -)',
    ),
  content: z
    .string()
    .min(1, 'is empty')
    .max(maxResourceChars, `must be at most ${maxResourceChars} characters`),
});

const deployBody = z
  .strictObject({
    resources: z.array(resource).min(1, 'give at least one resource').max(maxResources),
  })
  .superRefine((body, context) => {
    const names = body.resources.map((r) => r.name);
    names.forEach((name, index) => {
      if (names.indexOf(name) !== index)
        context.addIssue({
          code: 'custom',
          path: ['resources', index, 'name'],
          message: 'is given twice',
        });
    });
  });

const lintIssue = z.object({
  resource: z.string(),
  elementId: z.string().optional(),
  rule: z.string(),
  message: z.string(),
});

const deployedProcess = z.object({
  bpmnProcessId: z.string(),
  version: z.number().int(),
  processDefinitionKey: z.string(),
  resourceName: z.string(),
});

const deployment = z.object({
  processes: z.array(deployedProcess),
  forms: z.array(
    z.object({ formId: z.string(), version: z.number().int(), resourceName: z.string() }),
  ),
  warnings: z.array(lintIssue),
});

const definitionSummary = z.object({
  processDefinitionKey: z.string(),
  bpmnProcessId: z.string(),
  name: z.string(),
  version: z.number().int(),
  resourceName: z.string(),
  latest: z.boolean(),
});

const definitionsList = z.object({
  processes: z.array(
    z.object({
      bpmnProcessId: z.string(),
      name: z.string(),
      latestVersion: z.number().int(),
      latestProcessDefinitionKey: z.string(),
      versions: z.array(definitionSummary),
    }),
  ),
});

const instanceState = z.enum(['ACTIVE', 'COMPLETED', 'TERMINATED']);

const instanceSummary = z.object({
  processInstanceKey: z.string(),
  processDefinitionKey: z.string(),
  bpmnProcessId: z.string(),
  processName: z.string(),
  version: z.number().int(),
  state: instanceState,
  startedAt: dateTime,
  endedAt: dateTime.nullable(),
  hasIncident: z.boolean(),
  parentProcessInstanceKey: z.string().nullable(),
});

const elementInstance = z.object({
  elementInstanceKey: z.string(),
  elementId: z.string(),
  elementName: z.string(),
  type: z.string(),
  state: instanceState,
  startedAt: dateTime.nullable(),
  endedAt: dateTime.nullable(),
  incidentKey: z.string().nullable(),
});

const elementCounts = z.object({
  elementId: z.string(),
  active: z.number().int(),
  incidents: z.number().int(),
  completed: z.number().int(),
  canceled: z.number().int(),
});

const incident = z.object({
  incidentKey: z.string(),
  processInstanceKey: z.string(),
  processDefinitionKey: z.string(),
  bpmnProcessId: z.string(),
  elementId: z.string(),
  elementInstanceKey: z.string(),
  jobKey: z.string().nullable(),
  errorType: z.string(),
  errorMessage: z.string(),
  state: z.string(),
  createdAt: dateTime,
});

const instanceDetail = z.object({
  instance: instanceSummary,
  /** Ids of the elements that hold a token now: what a diagram highlights. */
  activeElementIds: z.array(z.string()),
  elementCounts: z.array(elementCounts),
  path: z.array(elementInstance),
  variables: z.array(
    z.object({
      name: z.string(),
      scopeKey: z.string(),
      value: z.unknown(),
      truncated: z.boolean(),
    }),
  ),
  incidents: z.array(incident),
});

const statistics = z.object({
  definition: definitionSummary,
  elements: z.array(
    elementCounts.extend({
      totalDurationMs: z.number().nullable(),
      averageDurationMs: z.number().nullable(),
    }),
  ),
});

const definitionPath = z.strictObject({ key: key('process definition key') });
const instancePath = z.strictObject({ key: key('process instance key') });
const incidentPath = z.strictObject({ key: key('incident key') });

const instancesQuery = z.strictObject({
  processDefinitionKey: key('process definition key').optional(),
  bpmnProcessId: z
    .string()
    .regex(/^[A-Za-z_][\w.-]{0,255}$/, 'must be a BPMN process id')
    .optional(),
  state: instanceState.optional(),
  hasIncident: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  ...pageQuery(100, 25),
});

const retryBody = z
  .strictObject({
    retries: z.number().int().min(1).max(10).default(1),
  })
  .default({ retries: 1 });

export function processEndpoints(deps: ApiData & { monitor?: ProcessMonitor }): Endpoint[] {
  const monitor = (): ProcessMonitor => {
    if (!deps.monitor)
      throw new ApiError(
        503,
        'monitoring_unavailable',
        'Deployed processes and instances cannot be read: the engine has no monitoring REST API ' +
          '(a Zeebe 8.5 gateway has none). Set ZEEBE_REST_ADDRESS to a Camunda 8.8+ REST address, ' +
          'or use the embedded engine.',
      );
    return deps.monitor;
  };
  const zeebe = () => {
    if (!deps.zeebe)
      throw new ApiError(503, 'engine_unavailable', 'The process engine is not connected.');
    return deps.zeebe;
  };

  const definitionOr404 = async (processDefinitionKey: string) => {
    const found = await monitor().definition(processDefinitionKey);
    if (!found) throw new NotFoundError(`No process version with key ${processDefinitionKey}.`);
    return found;
  };

  async function audit(
    res: express.Response,
    user: SessionUser,
    action: 'read' | 'deploy' | 'update',
    subjectType: string,
    subjectId: string,
    details: Record<string, unknown>,
  ) {
    await deps.pool.query(
      `insert into app.audit_log (occurred_at, actor, action, subject_type, subject_id, request_id, details)
       values ($1, $2, $3, $4, $5, $6, $7)`,
      [
        new Date(deps.clock.now()),
        user.id,
        action,
        subjectType,
        subjectId,
        String(res.locals.requestId),
        JSON.stringify(details),
      ],
    );
  }

  return [
    endpoint({
      operationId: 'deployProcesses',
      method: 'post',
      path: '/processes/deployments',
      tag,
      summary: 'Deploy BPMN processes and forms (linted first; any lint error blocks it all)',
      description:
        'Each .bpmn resource is linted with bpmnlint’s recommended rules and Camunda’s 8.5 ' +
        'compatibility rules; an error answers 400 `lint_failed` with one detail per problem ' +
        '(field = element id, message = rule: message) and nothing is deployed. Warnings are ' +
        'returned with the deployment. Processes go to the engine in one atomic deployment; ' +
        'forms (form-js JSON) are kept by the API for the tasklist. Unchanged content makes no ' +
        'new version. The engine’s own rejection answers 400 `deployment_rejected` with its message.',
      access: processDeployers,
      body: deployBody,
      response: deployment,
      successStatus: 201,
      errors: [503],
      handler: async ({ body, user, res }) => {
        const formProblems: ErrorDetail[] = [];
        const forms: CheckedForm[] = [];
        const bpmn = body.resources.flatMap((r, index) =>
          r.name.endsWith('.bpmn') ? [{ ...r, index }] : [],
        );
        body.resources.forEach((r, index) => {
          if (!r.name.endsWith('.form')) return;
          const checked = checkForm(r.name, r.content, `resources.${index}.content`);
          if (checked.ok) forms.push(checked.form);
          else formProblems.push(...checked.details);
        });
        const formIds = forms.map((f) => f.formId);
        forms.forEach((f, i) => {
          if (formIds.indexOf(f.formId) !== i)
            formProblems.push({
              message: `${f.resourceName}: the form id ${f.formId} is deployed twice`,
            });
        });
        if (formProblems.length > 0)
          throw new ApiError(
            400,
            'invalid_form',
            'A form is not a valid Camunda Form.',
            formProblems,
          );

        const lintErrors: ErrorDetail[] = [];
        const warnings: Array<z.infer<typeof lintIssue>> = [];
        for (const r of bpmn) {
          const { errors, warnings: found } = await lintBpmn(r.content);
          for (const issue of errors)
            lintErrors.push({
              field: issue.elementId ?? `resources.${r.index}.content`,
              message: `${issue.rule}: ${issue.message}`,
            });
          for (const issue of found)
            warnings.push({
              resource: r.name,
              ...(issue.elementId ? { elementId: issue.elementId } : {}),
              rule: issue.rule,
              message: issue.message,
            });
        }
        if (lintErrors.length > 0)
          throw new ApiError(
            400,
            'lint_failed',
            'The BPMN does not pass the Camunda 8.5 compatibility rules; nothing was deployed.',
            lintErrors,
          );

        const client = await deps.pool.connect();
        try {
          await client.query('begin');
          const now = new Date(deps.clock.now());
          const storedForms = await storeForms(client, forms, user.id, now);
          let deploymentKey: string | undefined;
          const processes: Array<z.infer<typeof deployedProcess>> = [];
          if (bpmn.length > 0) {
            const engine = zeebe();
            const response = await engine
              .deployResources(bpmn.map((r) => ({ name: r.name, process: Buffer.from(r.content) })))
              .catch((error: unknown) => {
                throw engineRefusal(error);
              });
            deploymentKey = String(response.key);
            for (const d of response.deployments) {
              const process = (d as { process?: z.infer<typeof deployedProcess> }).process;
              if (process)
                processes.push({
                  bpmnProcessId: process.bpmnProcessId,
                  version: Number(process.version),
                  processDefinitionKey: String(process.processDefinitionKey),
                  resourceName: process.resourceName,
                });
            }
          }
          await client.query(
            `insert into app.audit_log (occurred_at, actor, action, subject_type, subject_id, request_id, details)
             values ($1, $2, 'deploy', 'process_deployment', $3, $4, $5)`,
            [
              now,
              user.id,
              deploymentKey ?? `forms:${formIds.join(',')}`,
              String(res.locals.requestId),
              JSON.stringify({
                processes: processes.map((p) => `${p.bpmnProcessId}:${p.version}`),
                forms: storedForms.map((f) => `${f.formId}:${f.version}`),
              }),
            ],
          );
          await client.query('commit');
          return { processes, forms: storedForms, warnings };
        } catch (error) {
          await client.query('rollback');
          throw error;
        } finally {
          client.release();
        }
      },
    }),

    endpoint({
      operationId: 'listProcessDefinitions',
      method: 'get',
      path: '/processes/definitions',
      tag,
      summary: 'Deployed processes with all their versions, newest first',
      access: processReaders,
      response: definitionsList,
      errors: [503],
      handler: async () => {
        const byProcess = new Map<string, ProcessDefinitionSummary[]>();
        for (const d of await monitor().definitions())
          byProcess.set(d.bpmnProcessId, [...(byProcess.get(d.bpmnProcessId) ?? []), d]);
        return {
          processes: [...byProcess.entries()]
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([bpmnProcessId, versions]) => {
              versions.sort((a, b) => b.version - a.version);
              const latest = versions[0] as ProcessDefinitionSummary;
              return {
                bpmnProcessId,
                name: latest.name,
                latestVersion: latest.version,
                latestProcessDefinitionKey: latest.processDefinitionKey,
                versions,
              };
            }),
        };
      },
    }),

    endpoint({
      operationId: 'getProcessDefinitionXml',
      method: 'get',
      path: '/processes/definitions/:key/xml',
      tag,
      summary: "A process version's BPMN XML, as deployed",
      access: processReaders,
      params: definitionPath,
      response: z.object({ definition: definitionSummary, xml: z.string() }),
      errors: [404, 503],
      handler: async ({ params }) => {
        const definition = await definitionOr404(params.key);
        const xml = await monitor().definitionXml(params.key);
        if (xml === undefined)
          throw new NotFoundError(`No process version with key ${params.key}.`);
        return { definition, xml };
      },
    }),

    endpoint({
      operationId: 'getProcessStatistics',
      method: 'get',
      path: '/processes/definitions/:key/statistics',
      tag,
      summary:
        'Per element of a version: active, incident, completed and cancelled counts, and time spent',
      description:
        'For the diagram overlay and heat map. `active` excludes element instances with an open ' +
        'incident (counted in `incidents`); multi-instance bodies are left out. `totalDurationMs` ' +
        'is the time all instances of the element spent in it (active ones up to now), ' +
        '`averageDurationMs` that of the completed ones; both are null on an engine that does ' +
        'not report them (Camunda 8.8).',
      access: processReaders,
      params: definitionPath,
      response: statistics,
      errors: [404, 503],
      handler: async ({ params }) => {
        const definition = await definitionOr404(params.key);
        return { definition, elements: await monitor().elementStatistics(params.key) };
      },
    }),

    endpoint({
      operationId: 'listProcessInstances',
      method: 'get',
      path: '/processes/instances',
      tag,
      summary: 'Process instances with their state, newest first',
      access: processReaders,
      query: instancesQuery,
      response: pageOf(instanceSummary),
      errors: [503],
      handler: async ({ query }) => {
        const { items, total } = await monitor().instances({
          ...(query.processDefinitionKey
            ? { processDefinitionKey: query.processDefinitionKey }
            : {}),
          ...(query.bpmnProcessId ? { bpmnProcessId: query.bpmnProcessId } : {}),
          ...(query.state ? { state: query.state } : {}),
          ...(query.hasIncident !== undefined ? { hasIncident: query.hasIncident } : {}),
          from: (query.page - 1) * query.pageSize,
          limit: query.pageSize,
        });
        return { items, page: query.page, pageSize: query.pageSize, total };
      },
    }),

    endpoint({
      operationId: 'getProcessInstance',
      method: 'get',
      path: '/processes/instances/:key',
      tag,
      summary:
        'An instance: its path, active elements and counts per element, variables, incidents',
      description:
        'The variables hold residents’ personal data: every read is written to the audit log.',
      access: processReaders,
      params: instancePath,
      response: instanceDetail,
      errors: [404, 503],
      handler: async ({ params, user, res }) => {
        const m = monitor();
        const instance = await m.instance(params.key);
        if (!instance) throw new NotFoundError(`No process instance with key ${params.key}.`);
        const [path, variables, incidents] = await Promise.all([
          m.elementInstances(params.key),
          m.variables(params.key),
          m.incidents(params.key),
        ]);
        await audit(res, user, 'read', 'process_instance', params.key, {
          bpmnProcessId: instance.bpmnProcessId,
          variables: variables.length,
        });
        return {
          instance,
          activeElementIds: [
            ...new Set(path.filter((e) => e.state === 'ACTIVE').map((e) => e.elementId)),
          ],
          elementCounts: countPerElement(path),
          path,
          variables,
          incidents,
        };
      },
    }),

    endpoint({
      operationId: 'retryIncident',
      method: 'post',
      path: '/processes/incidents/:key/retry',
      tag,
      summary: 'Retry an incident: give its job retries again and resolve it',
      description:
        'For a job that ran out of retries, its retries are set (1 unless given) and the incident ' +
        'is resolved, so a worker takes the job again; other incidents are resolved so the engine ' +
        'tries the element again. A cause that is still there raises a new incident.',
      access: incidentRetriers,
      params: incidentPath,
      body: retryBody,
      response: z.object({
        incidentKey: z.string(),
        processInstanceKey: z.string(),
        jobKey: z.string().nullable(),
        retries: z.number().int().nullable(),
        resolved: z.literal(true),
      }),
      errors: [404, 409, 503],
      handler: async ({ params, body, user, res }) => {
        const found = await monitor().incident(params.key);
        if (!found) throw new NotFoundError(`No incident with key ${params.key}.`);
        if (found.state !== 'ACTIVE')
          throw new ApiError(409, 'incident_not_active', 'This incident is already resolved.');
        const engine = zeebe();
        try {
          if (found.jobKey)
            await engine.updateJobRetries({ jobKey: found.jobKey, retries: body.retries });
          await engine.resolveIncident({ incidentKey: params.key });
        } catch (error) {
          throw engineRefusal(error);
        }
        await audit(res, user, 'update', 'incident', params.key, {
          action: 'retry',
          processInstanceKey: found.processInstanceKey,
          jobKey: found.jobKey,
          retries: found.jobKey ? body.retries : null,
        });
        return {
          incidentKey: params.key,
          processInstanceKey: found.processInstanceKey,
          jobKey: found.jobKey,
          retries: found.jobKey ? body.retries : null,
          resolved: true as const,
        };
      },
    }),
  ];
}

function countPerElement(path: readonly ElementInstanceSummary[]) {
  const counts = new Map<string, z.infer<typeof elementCounts>>();
  for (const e of path) {
    // A multi-instance body and its inner instances share the element id: count the inner ones.
    if (e.type === 'MULTI_INSTANCE_BODY') continue;
    const c = counts.get(e.elementId) ?? {
      elementId: e.elementId,
      active: 0,
      incidents: 0,
      completed: 0,
      canceled: 0,
    };
    if (e.state === 'ACTIVE') {
      if (e.incidentKey) c.incidents += 1;
      else c.active += 1;
    } else if (e.state === 'COMPLETED') c.completed += 1;
    else c.canceled += 1;
    counts.set(e.elementId, c);
  }
  return [...counts.values()];
}

/** A gateway rejection as the API answers it: the engine's own words on a 400 or 404. */
function engineRefusal(error: unknown): unknown {
  const e = error as { code?: unknown; details?: unknown; message?: unknown } | null;
  const message =
    typeof e?.details === 'string' && e.details
      ? e.details
      : typeof e?.message === 'string'
        ? e.message
        : 'The engine refused the request.';
  if (e?.code === grpcStatus.INVALID_ARGUMENT)
    return new ApiError(400, 'deployment_rejected', message);
  if (e?.code === grpcStatus.NOT_FOUND) return new NotFoundError(message);
  if (e?.code === grpcStatus.FAILED_PRECONDITION)
    return new ApiError(409, 'engine_refused', message);
  if (e?.code === grpcStatus.UNAVAILABLE || e?.code === grpcStatus.DEADLINE_EXCEEDED)
    return new ApiError(503, 'engine_unavailable', 'The process engine did not answer; try again.');
  return error;
}
