/**
 * The API's contract (/api/openapi.json) and its reference page (/api/docs), open to anyone: they
 * describe the endpoints, not data. Written once, from the declarations of every endpoint.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { z } from 'zod';

import { projectRoot } from '../../../../platform/src/project-root.js';
import { endpoint, type Endpoint } from '../../http/endpoint.js';
import { openApiDocument } from '../../http/openapi.js';
import { referencePage } from './reference-page.js';

function productVersion(): string {
  const manifest = JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as {
    version: string;
  };
  return manifest.version;
}

export function contractEndpoints(all: () => readonly Endpoint[]): Endpoint[] {
  let cached: { json: ReturnType<typeof openApiDocument>; html: string } | undefined;
  const contract = () => {
    if (!cached) {
      const json = openApiDocument(all(), productVersion());
      cached = { json, html: referencePage(json) };
    }
    return cached;
  };
  return [
    endpoint({
      operationId: 'openApiDocument',
      method: 'get',
      path: '/openapi.json',
      tag: 'Contract',
      summary: 'This API as an OpenAPI 3.1 document',
      access: 'anyone',
      response: z.object({ openapi: z.literal('3.1.0') }).loose(),
      handler: () => contract().json,
    }),
    endpoint({
      operationId: 'apiReference',
      method: 'get',
      path: '/docs',
      tag: 'Contract',
      summary: 'The reference page of this API, for people',
      access: 'anyone',
      alsoProduces: ['text/html'],
      successStatus: 200,
      handler: ({ res }) => {
        res.type('html').send(contract().html);
        return undefined;
      },
    }),
  ];
}
