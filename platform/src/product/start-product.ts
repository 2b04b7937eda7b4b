/**
 * Starts the whole product in this process, part by part, and stops it in the reverse order:
 * database (with migrations) → embedded engine (unless ZEEBE_GRPC_ADDRESS names a Zeebe gateway)
 * → job workers → HTTP (API and UI; only /health in a workers-only process). Each part that started is stopped even when a
 * later one fails, so a failed start never leaves PostgreSQL running.
 */
import { createApp } from '../../../api/src/app.js';
import {
  createProcessMonitor,
  type ProcessMonitor,
} from '../../../api/src/features/processes/process-monitor.js';
import { startEmbeddedEngine } from '../../../engine/src/index.js';
import { startWorkers } from '../../../workers/src/start-workers.js';
import { createSimulatedAdapters } from '../../../workers/src/adapters/simulated-adapters.js';
import { readSimulatorConfig } from '../../../workers/src/adapters/simulator-config.js';
import { loadWorkCalendar } from '../../../workers/src/handlers/support/work-calendar-store.js';
import { seedDemoIfEmpty } from '../../../api/src/seed/seed-demo.js';
import { deployProcesses } from './deploy-processes.js';
import { ControlledClock, systemClock } from '../clock.js';
import { clockRouter } from '../../../engine/src/clock-api.js';
import type express from 'express';
import { createZeebeClient } from '../zeebe-client.js';
import type { Config } from '../config/config.js';
import { openDatabase } from '../database/open-database.js';
import { HealthRegistry } from '../health.js';
import type { Logger } from '../log/logger.js';
import { listen } from './http-server.js';

export interface RunningProduct {
  /** The address a person opens in the browser. */
  url: string;
  /** The Zeebe gateway the workers and the API use: the embedded engine's or the configured one. */
  engineAddress: string;
  health: HealthRegistry;
  stop(): Promise<void>;
}

export async function startProduct(config: Config, log: Logger): Promise<RunningProduct> {
  const stops: Array<{ part: string; stop: () => Promise<void> }> = [];
  const stopAll = async () => {
    for (const { part, stop } of stops.reverse()) {
      try {
        await stop();
        log.debug('stopped', { part });
      } catch (error) {
        log.error('could not stop cleanly', { part, error });
      }
    }
    stops.length = 0;
  };

  const health = new HealthRegistry();
  try {
    const database = await openDatabase(config.database, log.child({ component: 'database' }));
    stops.push({ part: 'database', stop: () => database.close() });
    health.register('database', async () => {
      await database.pool.query('select 1');
      return { status: 'up', mode: database.mode };
    });

    if (config.demoSeed && config.parts.has('api')) {
      const logins = await seedDemoIfEmpty(
        database.pool,
        systemClock,
        log.child({ component: 'seed' }),
      );
      if (logins.length > 0) printDemoLogins(logins);
    }

    let engineAddress: string;
    // Where the API reads instances from: the embedded engine's monitoring port, or a Camunda 8.8+
    // cluster's REST API when one is configured (Zeebe 8.5 has none).
    let monitorAddress: string | undefined;
    const routers: express.Router[] = [];
    // One clock for the engine, the workers and the API: a controlled one moves them together.
    const clock =
      config.engine.mode === 'embedded' && config.engine.clockControl
        ? new ControlledClock()
        : systemClock;
    if (config.engine.mode === 'embedded') {
      const engine = await startEmbeddedEngine({
        pool: database.pool,
        clock,
        log: log.child({ component: 'engine' }),
        host: '127.0.0.1',
        port: config.engine.grpcPort,
        restPort: config.engine.restPort,
      });
      stops.push({ part: 'engine', stop: () => engine.stop() });
      engineAddress = engine.address;
      monitorAddress = engine.restAddress;
      health.register('engine', () => ({
        status: 'up',
        mode: 'embedded',
        address: engine.address,
        monitoringAddress: engine.restAddress,
      }));
      log.info('embedded engine ready', {
        address: engine.address,
        monitoringAddress: engine.restAddress,
      });
      if (clock instanceof ControlledClock) {
        routers.push(clockRouter(clock, () => engine.runDueWork()));
        log.warn(
          'the engine clock can be moved over HTTP (/v2/clock): ENGINE_CLOCK_CONTROL=true is for tests and simulations only',
        );
      }
    } else {
      engineAddress = config.engine.address;
      monitorAddress = config.engine.restAddress;
      if (!monitorAddress && config.parts.has('api'))
        log.warn(
          'ZEEBE_REST_ADDRESS is not set: the API cannot show process versions and instances (Zeebe 8.5 has no REST API to read them from)',
        );
      const client = createZeebeClient(engineAddress);
      stops.push({ part: 'engine client', stop: () => client.close().then(() => undefined) });
      health.register('engine', async () => {
        const topology = await client.topology();
        return {
          status: 'up',
          mode: 'external',
          address: engineAddress,
          brokers: topology.brokers.length,
        };
      });
    }

    if (config.parts.has('workers')) {
      // The workers' part owns the processes it serves: it deploys them (a no-op when unchanged).
      const deployer = createZeebeClient(engineAddress);
      try {
        const deployed = await deployProcesses(deployer);
        log.info('processes deployed', {
          processes: deployed.map((p) => `${p.bpmnProcessId}:${p.version}`).join(' '),
        });
      } finally {
        await deployer.close();
      }
      // The external systems are simulators until real adapters are plugged in (docs/adapters.md).
      const calendar = await loadWorkCalendar(database.pool, clock);
      const adapters = createSimulatedAdapters(readSimulatorConfig(), clock, calendar);
      const workers = startWorkers({
        address: engineAddress,
        pool: database.pool,
        clock,
        log: log.child({ component: 'workers' }),
        adapters,
      });
      stops.push({ part: 'workers', stop: () => workers.stop() });
      health.register('workers', () => ({ status: 'up', jobTypes: workers.jobTypes }));
    }

    // The API's own connection to the engine: completing tasks, deploying processes.
    const apiClient = config.parts.has('api') ? createZeebeClient(engineAddress) : undefined;
    if (apiClient)
      stops.push({
        part: 'api engine client',
        stop: () => apiClient.close().then(() => undefined),
      });
    const monitor: ProcessMonitor | undefined =
      config.parts.has('api') && monitorAddress ? createProcessMonitor(monitorAddress) : undefined;
    const app = createApp({
      health,
      log: log.child({ component: 'api' }),
      serveApi: config.parts.has('api'),
      routers,
      data: {
        pool: database.pool,
        clock,
        ...(apiClient ? { zeebe: apiClient } : {}),
        ...(monitor ? { monitor } : {}),
      },
    });
    const server = await listen(app, config.http.port, config.http.host);
    stops.push({ part: 'http', stop: () => server.close() });
    if (config.parts.has('api'))
      health.register('api', () => ({ status: 'up', port: server.port }));

    const shownHost = ['0.0.0.0', '::', '127.0.0.1'].includes(config.http.host)
      ? 'localhost'
      : config.http.host;
    return { url: `http://${shownHost}:${server.port}/`, engineAddress, health, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** Shown once, on the terminal of the first start: the demo's passwords are stored only hashed. */
function printDemoLogins(
  logins: ReadonlyArray<{ login: string; role: string; password: string }>,
): void {
  const width = Math.max(...logins.map((l) => l.login.length));
  const lines = logins.map((l) => `  ${l.login.padEnd(width)}  ${l.password}  (${l.role})`);
  process.stdout.write(
    `\nData demo dibuat. Login demo per peran (catat sekarang, kata sandi tidak ditampilkan lagi):\n${lines.join('\n')}\n\n`,
  );
}
