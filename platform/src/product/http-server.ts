import http from 'node:http';
import type { AddressInfo } from 'node:net';

import type express from 'express';

import { StartupError } from '../errors.js';

export interface RunningHttpServer {
  port: number;
  close(): Promise<void>;
}

export function listen(
  app: express.Express,
  port: number,
  host: string,
): Promise<RunningHttpServer> {
  const server = http.createServer(app);
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        new StartupError(
          error.code === 'EADDRINUSE'
            ? `Port ${port} is already in use by another program: stop it, or set PORT to a free port.`
            : `The web server cannot listen on ${host}:${port} (${error.code ?? error.message}): set HOST or PORT.`,
          { cause: error },
        ),
      );
    });
    server.listen(port, host, () => {
      resolve({
        port: (server.address() as AddressInfo).port,
        close: () =>
          new Promise<void>((done) => {
            // Idle keep-alive connections would hold close() open for minutes; busy ones get a
            // moment to finish their response first.
            server.close(() => done());
            server.closeIdleConnections();
            setTimeout(() => server.closeAllConnections(), 2000).unref();
          }),
      });
    });
  });
}
