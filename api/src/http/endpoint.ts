/**
 * Every API endpoint is declared once, as data: its method and path, who may call it, the zod
 * schemas of its path, query and body, and the schema of its answer. From that one declaration the
 * router checks the caller's role (anonymous → 401, wrong role → 403) and parses the input (400 with
 * one detail per field) before the handler runs, `openapi.ts` writes the contract, and the role
 * matrix test calls every endpoint as every role.
 */
import express from 'express';
import type { z } from 'zod';

import { parseOr400 } from '../validation/validate.js';
import { currentSession } from '../features/auth/authenticate.js';
import { ForbiddenError, UnauthenticatedError, type Role } from '../features/auth/authorize.js';
import type { SessionUser } from '../features/auth/sessions.js';

/** Who may call: the listed roles, or anyone including the anonymous public. */
export type Access = readonly Role[] | 'anyone';

export interface EndpointContext<P, Q, B> {
  req: express.Request;
  res: express.Response;
  params: P;
  query: Q;
  body: B;
  /** The signed-in caller; reading it on an endpoint open to `anyone` without a session is a 401. */
  readonly user: SessionUser;
}

export interface EndpointDefinition<P, Q, B> {
  /** Unique and stable: the OpenAPI operationId and the matrix test's key. */
  operationId: string;
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** Under /api, in express syntax: `/tasks/:id/claim`. */
  path: string;
  tag: string;
  summary: string;
  description?: string;
  access: Access;
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  /** The JSON answer of a success; absent for 204 or a non-JSON answer. */
  response?: z.ZodType;
  /** 200 unless said otherwise. */
  successStatus?: 200 | 201 | 202 | 204;
  /** Other media types a success may answer with, such as text/csv for `?format=csv`. */
  alsoProduces?: string[];
  /** Error statuses this endpoint answers beyond the ones every endpoint may (400/401/403/500). */
  errors?: number[];
  /**
   * Runs after the role check and before the input is parsed: a rate limit that must count
   * malformed requests too.
   */
  beforeParsing?(req: express.Request, res: express.Response): void;
  /**
   * What the handler answers: a value is sent as JSON with the success status; undefined means the
   * handler has answered itself (CSV, 204).
   */
  handler(context: EndpointContext<P, Q, B>): unknown;
}

export type Endpoint = EndpointDefinition<unknown, unknown, unknown>;

/** Declares an endpoint; the generic parameters come from its schemas. */
export function endpoint<P = Record<string, never>, Q = Record<string, never>, B = undefined>(
  definition: EndpointDefinition<P, Q, B>,
): Endpoint {
  return definition;
}

export function endpointsRouter(endpoints: readonly Endpoint[]): express.Router {
  const seen = new Set<string>();
  const router = express.Router();
  for (const e of endpoints) {
    if (seen.has(e.operationId)) throw new Error(`Two endpoints are named ${e.operationId}`);
    seen.add(e.operationId);
    router[e.method](e.path, async (req, res) => {
      const session = currentSession(res);
      if (e.access !== 'anyone') {
        if (!session) throw new UnauthenticatedError();
        const allowed: readonly string[] = e.access;
        if (!session.user.roles.some((role) => allowed.includes(role))) throw new ForbiddenError();
      }
      e.beforeParsing?.(req, res);
      const context = {
        req,
        res,
        params: e.params ? parseOr400(e.params, req.params, 'path') : {},
        query: e.query ? parseOr400(e.query, req.query, 'query') : {},
        body: e.body ? parseOr400(e.body, req.body ?? {}, 'body') : undefined,
        get user(): SessionUser {
          if (!session) throw new UnauthenticatedError();
          return session.user;
        },
      };
      const answer = await e.handler(context);
      if (answer !== undefined) res.status(e.successStatus ?? 200).json(answer);
      else if (!res.headersSent) res.status(e.successStatus ?? 204).end();
    });
  }
  return router;
}
