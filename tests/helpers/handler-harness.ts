/**
 * Runs one job handler the way the worker runner does — variables and headers checked by its zod
 * schemas, output checked — against a real test database, the simulators and, when a handler calls
 * the gateway, the real embedded engine. For handler tests; the processes are tested end to end in
 * tests/processes.
 */
import { ControlledClock } from '../../platform/src/clock.js';
import { createLogger } from '../../platform/src/log/logger.js';
import { readSimulatorConfig } from '../../workers/src/adapters/simulator-config.js';
import { createSimulatedAdapters } from '../../workers/src/adapters/simulated-adapters.js';
import type {
  HandlerContext,
  HandlerOutcome,
  JobHandler,
} from '../../workers/src/handlers/job-handler.js';
import { startTestEngine, type TestEngine } from './engine-harness.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

export interface HandlerHarness {
  db: TestDatabase;
  clock: ControlledClock;
  engine: TestEngine;
  context: HandlerContext;
  /** Runs the handler once on a job with these variables and headers. */
  invoke<V, H, O>(
    handler: JobHandler<V, H, O>,
    job: {
      variables?: Record<string, unknown>;
      headers?: Record<string, string>;
      key?: string;
      processInstanceKey?: string;
      elementInstanceKey?: string;
      elementId?: string;
    },
  ): Promise<HandlerOutcome<O>>;
  stop(): Promise<void>;
}

let jobCounter = 1;

/** `env` sets simulator variables (SIM_*) for this harness, e.g. a failure rate of 1. */
export async function startHandlerHarness(
  options: { env?: Record<string, string>; at?: string } = {},
): Promise<HandlerHarness> {
  const db = await createTestDatabase();
  const clock = new ControlledClock();
  clock.pin(Date.parse(options.at ?? '2026-03-02T02:00:00Z'));
  const engine = await startTestEngine();
  const adapters = createSimulatedAdapters(readSimulatorConfig({ ...options.env }), clock);
  const context: HandlerContext = {
    pool: db.pool,
    clock,
    log: createLogger({ level: 'error' }),
    adapters,
    zeebe: engine.client,
  };
  return {
    db,
    clock,
    engine,
    context,
    async invoke(handler, job) {
      const n = jobCounter++;
      const variables = handler.variables.parse(job.variables ?? {});
      const headers = handler.headers.parse(job.headers ?? {});
      const outcome = await handler.handle(
        {
          key: job.key ?? String(2 ** 52 + n),
          type: handler.type,
          processInstanceKey: job.processInstanceKey ?? String(2 ** 52 + 100_000 + n),
          bpmnProcessId: 'test',
          elementId: job.elementId ?? 'test-element',
          elementInstanceKey: job.elementInstanceKey ?? String(2 ** 52 + 200_000 + n),
          retries: 3,
          variables,
          headers,
        },
        context,
      );
      if (outcome.kind === 'complete') handler.output.parse(outcome.variables);
      return outcome;
    },
    async stop() {
      await engine.stop();
      await db.drop();
    },
  };
}
