/**
 * The embedded engine: a Zeebe-gateway-compatible BPMN engine whose state lives in PostgreSQL.
 *
 *   const engine = await startEmbeddedEngine({ pool, clock, log, host: '127.0.0.1', port: 26500 });
 *   // workers and the API connect with @camunda8/sdk to grpc://127.0.0.1:26500
 *   await engine.stop();
 */
import type pg from 'pg';

import type { Clock } from '../../platform/src/clock.js';
import type { Logger } from '../../platform/src/log/logger.js';
import { Engine } from './engine.js';
import { startGrpcGateway } from './gateway/grpc-server.js';

export interface EmbeddedEngineOptions {
  pool: pg.Pool;
  clock: Clock;
  log: Logger;
  host: string;
  port: number;
  /** How often job timeouts and retry back-offs are checked; 100 ms by default. */
  jobCheckIntervalMs?: number;
}

export interface RunningEngine {
  engine: Engine;
  port: number;
  address: string;
  stop(): Promise<void>;
}

export async function startEmbeddedEngine(options: EmbeddedEngineOptions): Promise<RunningEngine> {
  const engine = await Engine.start({ pool: options.pool, clock: options.clock, log: options.log });
  const gateway = await startGrpcGateway(engine, {
    host: options.host,
    port: options.port,
    log: options.log,
  });

  let stopped = false;
  let checking: Promise<unknown> = Promise.resolve();
  const interval = setInterval(() => {
    checking = engine.expireJobs().catch((error: unknown) => {
      if (!stopped) options.log.error('checking job timeouts failed', { error });
    });
  }, options.jobCheckIntervalMs ?? 100);

  return {
    engine,
    port: gateway.port,
    address: `grpc://${options.host === '0.0.0.0' ? '127.0.0.1' : options.host}:${gateway.port}`,
    stop: async () => {
      stopped = true;
      clearInterval(interval);
      await gateway.stop();
      await checking;
      await engine.stop();
    },
  };
}
