/**
 * The HTTP application: the API under /api, /health for operators and the web UI.
 * `createApp` does not listen, so tests drive it in-process (supertest) on a real database.
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';

import express from 'express';

import type { HealthRegistry } from '../../platform/src/health.js';
import type { Logger } from '../../platform/src/log/logger.js';
import { projectRoot } from '../../platform/src/project-root.js';
import { apiEndpoints, type ApiData } from './api-endpoints.js';
import { errorMiddleware, notFound } from './errors/error-middleware.js';
import { authenticate } from './features/auth/authenticate.js';
import { EngineCallMetrics } from './features/operations/engine-calls.js';
import { HttpMetrics, metricsRouter } from './features/operations/metrics.js';
import { requestLog } from './features/operations/request-log.js';
import { endpointsRouter } from './http/endpoint.js';
import { placeholderPage } from './placeholder-page.js';

export interface AppDependencies {
  health: HealthRegistry;
  log: Logger;
  /** The built web UI; defaults to ui/dist when it exists. */
  uiDirectory?: string;
  /**
   * False for a process that runs only workers: it answers /health for its orchestrator and
   * nothing else.
   */
  serveApi?: boolean;
  /** Extra routers mounted before the API, such as the engine's /v2/clock when enabled. */
  routers?: express.Router[];
  /**
   * The app schema's database and the product's clock, which the API's endpoints need, and the
   * engine's gateway for completing tasks and deploying.
   */
  data?: ApiData;
}

export function createApp(deps: AppDependencies): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');

  app.use((req, res, next) => {
    // A caller's id is kept (up to 64 safe characters) so a request can be traced across systems.
    const given = req.get('x-request-id');
    res.locals.requestId = given && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
    res.set('x-request-id', String(res.locals.requestId));
    next();
  });
  const httpMetrics = new HttpMetrics();
  app.use(httpMetrics.middleware());
  app.use(requestLog(deps.log));
  app.use(express.json({ limit: '1mb' }));

  // /health for people and dashboards; /ready for orchestrators: 200 only when every part is up.
  const health: express.RequestHandler = async (_req, res) => {
    const report = await deps.health.report();
    res.status(report.status === 'ok' ? 200 : 503).json(report);
  };
  app.get('/health', health);
  app.get('/ready', health);
  const engineCalls = new EngineCallMetrics();
  const data = deps.data?.zeebe
    ? { ...deps.data, zeebe: engineCalls.instrument(deps.data.zeebe) }
    : deps.data;
  if (data) app.use(metricsRouter({ pool: data.pool, http: httpMetrics, engine: engineCalls }));

  for (const router of deps.routers ?? []) app.use(router);
  if (deps.serveApi !== false) mountApiAndUi(app, { ...deps, ...(data ? { data } : {}) });

  app.use(notFound);
  app.use(errorMiddleware(deps.log));
  return app;
}

function mountApiAndUi(app: express.Express, deps: AppDependencies): void {
  if (deps.data) {
    app.use('/api', authenticate(deps.data));
    app.use('/api', endpointsRouter(apiEndpoints(deps.data)));
  }
  app.use('/api', notFound);

  const uiDirectory = deps.uiDirectory ?? path.join(projectRoot, 'ui', 'dist');
  if (existsSync(path.join(uiDirectory, 'index.html'))) {
    app.use(express.static(uiDirectory, { index: 'index.html' }));
    app.get(/^\/(?!api\/|health$).*/, (_req, res) =>
      res.sendFile(path.join(uiDirectory, 'index.html')),
    );
  } else {
    app.get('/', (_req, res) => res.type('html').send(placeholderPage));
  }
}
