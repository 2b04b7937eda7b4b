/**
 * The embedded engine's monitoring REST API: read-only searches shaped after the Camunda 8.8 v2
 * REST API subset that @camunda8/sdk's CamundaRestClient calls, so the API reads an instance's
 * state the same way from this engine and from a Camunda 8.8+ cluster (ZEEBE_REST_ADDRESS), and
 * nothing outside engine/ reads the engine's tables. Unauthenticated like the gRPC port: it listens
 * on its own port, on loopback by default, never on the public API port.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import express from 'express';

import { StartupError } from '../../../platform/src/errors.js';
import type { Logger } from '../../../platform/src/log/logger.js';
import { elementInstancesRouter } from './element-instances.js';
import { incidentsRouter } from './incidents.js';
import { NotFoundProblem, problemMiddleware } from './problem.js';
import { processDefinitionsRouter } from './process-definitions.js';
import { processInstancesRouter } from './process-instances.js';
import type { RestContext } from './rest-context.js';
import { variablesRouter } from './variables.js';

export interface RunningRestApi {
  port: number;
  /** `http://host:port`, the SDK's ZEEBE_REST_ADDRESS (it appends /v2). */
  address: string;
  stop(): Promise<void>;
}

export function monitoringApp(context: RestContext, log: Logger): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '100kb' }));
  app.use(processDefinitionsRouter(context));
  app.use(processInstancesRouter(context));
  app.use(elementInstancesRouter(context));
  app.use(variablesRouter(context));
  app.use(incidentsRouter(context));
  app.use((req, _res, next) => {
    next(new NotFoundProblem(`The embedded engine does not serve ${req.method} ${req.path}.`));
  });
  app.use(problemMiddleware(log));
  return app;
}

export function startRestApi(
  context: RestContext,
  options: { host: string; port: number; log: Logger },
): Promise<RunningRestApi> {
  const server = http.createServer(monitoringApp(context, options.log));
  return new Promise((resolve, reject) => {
    const refuse = (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new StartupError(
              `Port ${options.port} for the engine's monitoring REST API is already in use by another program: stop it, or set ZEEBE_REST_PORT to a free port.`,
              { cause: error },
            )
          : new StartupError(
              `The engine's monitoring REST API cannot listen on ${options.host}:${options.port} (${error.code ?? error.message}): set ZEEBE_REST_PORT.`,
              { cause: error },
            ),
      );
    server.once('error', refuse);
    server.listen(options.port, options.host, () => {
      server.off('error', refuse);
      const port = (server.address() as AddressInfo).port;
      const host = options.host === '0.0.0.0' ? '127.0.0.1' : options.host;
      resolve({
        port,
        address: `http://${host}:${port}`,
        stop: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
