/**
 * The embedded engine: a Zeebe-gateway-compatible BPMN engine whose state lives in PostgreSQL.
 *
 *   const engine = await startEmbeddedEngine({ pool, clock, log, host: '127.0.0.1', port: 26500 });
 *   // workers and the API connect with @camunda8/sdk to grpc://127.0.0.1:26500
 *   await engine.stop();
 */
import type pg from 'pg';

import { type Clock, ControlledClock } from '../../platform/src/clock.js';
import type { Logger } from '../../platform/src/log/logger.js';
import { Engine } from './engine.js';
import { startGrpcGateway } from './gateway/grpc-server.js';
import { startRestApi } from './rest/rest-server.js';
import { Scheduler } from './scheduler.js';

export interface EmbeddedEngineOptions {
  pool: pg.Pool;
  /** A ControlledClock lets tests and simulations move the engine's time (see clock-api.ts). */
  clock: Clock;
  log: Logger;
  host: string;
  port: number;
  /**
   * The monitoring REST API's port (Camunda 8.8 v2 searches, read-only) on `host`; 0 picks a free
   * one, undefined starts none.
   */
  restPort?: number;
  /** How often timers, job timeouts and retry back-offs are checked; 100 ms by default. */
  schedulerIntervalMs?: number;
}

export interface RunningEngine {
  engine: Engine;
  port: number;
  address: string;
  /** `http://host:port` of the monitoring REST API, when one was started. */
  restAddress?: string;
  /** Fires what is due now and resolves when done (after the clock was moved, for example). */
  runDueWork(): Promise<void>;
  stop(): Promise<void>;
}

export async function startEmbeddedEngine(options: EmbeddedEngineOptions): Promise<RunningEngine> {
  const engine = await Engine.start({ pool: options.pool, clock: options.clock, log: options.log });
  const gateway = await startGrpcGateway(engine, {
    host: options.host,
    port: options.port,
    log: options.log,
  });
  let rest: Awaited<ReturnType<typeof startRestApi>> | undefined;
  if (options.restPort !== undefined) {
    try {
      rest = await startRestApi(
        { pool: options.pool, clock: options.clock, model: (key) => engine.processModel(key) },
        { host: options.host, port: options.restPort, log: options.log },
      );
    } catch (error) {
      await gateway.stop();
      await engine.stop();
      throw error;
    }
  }
  const scheduler = new Scheduler(engine, options.log, options.schedulerIntervalMs ?? 100);
  scheduler.start();
  const unsubscribe =
    options.clock instanceof ControlledClock
      ? options.clock.onChange(() => void scheduler.runNow())
      : () => undefined;

  return {
    engine,
    port: gateway.port,
    address: `grpc://${options.host === '0.0.0.0' ? '127.0.0.1' : options.host}:${gateway.port}`,
    ...(rest ? { restAddress: rest.address } : {}),
    runDueWork: () => scheduler.runNow(),
    stop: async () => {
      unsubscribe();
      await scheduler.stop();
      await rest?.stop();
      await gateway.stop();
      await engine.stop();
    },
  };
}

export { Engine } from './engine.js';
