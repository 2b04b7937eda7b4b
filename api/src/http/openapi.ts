/**
 * The OpenAPI 3.1 document of the API, written from the endpoint declarations: the same zod
 * schemas that check every request describe it here, so the contract cannot drift from the code.
 */
import { z } from 'zod';

import { sessionCookie } from '../features/auth/cookies.js';
import type { Endpoint } from './endpoint.js';

type JsonSchema = Record<string, unknown> & {
  properties?: Record<string, JsonSchema>;
  required?: string[];
};

const errorStatuses: Record<number, string> = {
  400: 'The input is not valid: one detail per field',
  401: 'Not signed in',
  403: 'Your role may not do this (or the CSRF token is missing)',
  404: 'Not found, or not in your area',
  409: 'The state does not allow it now',
  423: 'The account is locked',
  429: 'Too many requests: see Retry-After',
  500: 'Something went wrong on our side',
  503: 'A part the request needs is not available',
};

const errorSchema = {
  type: 'object',
  required: ['error', 'message', 'details', 'requestId'],
  properties: {
    error: { type: 'string', description: 'A stable, machine-readable name: validation_failed' },
    message: { type: 'string' },
    details: {
      type: 'array',
      items: {
        type: 'object',
        required: ['message'],
        properties: { field: { type: 'string' }, message: { type: 'string' } },
      },
    },
    requestId: { type: 'string' },
  },
};

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const converted = z.toJSONSchema(schema, {
    io,
    target: 'draft-2020-12',
    unrepresentable: 'any',
  }) as JsonSchema;
  // The document declares its dialect once; the schemas inside it do not repeat it.
  delete converted.$schema;
  return converted;
}

/** `/tasks/:id/claim` → `/tasks/{id}/claim` */
export function openApiPath(path: string): string {
  return path.replace(/:(\w+)/g, '{$1}');
}

function parameters(schema: z.ZodType | undefined, where: 'path' | 'query') {
  if (!schema) return [];
  const object = jsonSchema(schema, 'input');
  return Object.entries(object.properties ?? {}).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || (object.required ?? []).includes(name),
    schema: property,
  }));
}

function rolesText(e: Endpoint): string {
  return e.access === 'anyone' ? 'Terbuka untuk siapa saja.' : `Peran: ${e.access.join(', ')}.`;
}

function operation(e: Endpoint) {
  const status = String(e.successStatus ?? (e.response ? 200 : 204));
  const content: Record<string, unknown> = {};
  if (e.response) content['application/json'] = { schema: jsonSchema(e.response, 'output') };
  for (const type of e.alsoProduces ?? []) content[type] = { schema: { type: 'string' } };
  const statuses = new Set([
    400,
    ...(e.access === 'anyone' ? [] : [401, 403]),
    ...(e.errors ?? []),
  ]);
  const responses: Record<string, unknown> = {
    [status]: {
      description: 'Success',
      ...(Object.keys(content).length > 0 ? { content } : {}),
    },
  };
  for (const code of [...statuses].sort()) {
    responses[String(code)] = {
      description: errorStatuses[code] ?? 'Error',
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    };
  }
  const changesState = e.method !== 'get';
  return {
    operationId: e.operationId,
    tags: [e.tag],
    summary: e.summary,
    description: [e.description, rolesText(e)].filter(Boolean).join('\n\n'),
    'x-roles': e.access === 'anyone' ? ['anyone'] : [...e.access],
    parameters: [...parameters(e.params, 'path'), ...parameters(e.query, 'query')],
    ...(e.body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: jsonSchema(e.body, 'input') } },
          },
        }
      : {}),
    responses,
    security:
      e.access === 'anyone' ? [] : [changesState ? { session: [], csrf: [] } : { session: [] }],
  };
}

export function openApiDocument(endpoints: readonly Endpoint[], version: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const e of endpoints) {
    const path = openApiPath(e.path);
    paths[path] = { ...paths[path], [e.method]: operation(e) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Layanan KTP-el Kecamatan — API',
      version,
      description:
        'The HTTP API of the e-KTP service. Sign in with POST /api/auth/login: the session is an ' +
        'httpOnly cookie, and every request that changes something carries the CSRF token of the ' +
        'session in the x-csrf-token header. Errors are { error, message, details[], requestId }. ' +
        'Zeebe keys and database ids are decimal strings.',
    },
    servers: [{ url: '/api' }],
    tags: [...new Set(endpoints.map((e) => e.tag))].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: sessionCookie },
        csrf: { type: 'apiKey', in: 'header', name: 'x-csrf-token' },
      },
      schemas: { Error: errorSchema },
    },
  };
}

export type OpenApiDocument = ReturnType<typeof openApiDocument>;
