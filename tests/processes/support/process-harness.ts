/**
 * The product's processes on the embedded engine for a test file: one database (engine and app
 * schemas, as in the product), a controlled clock shared by the engine, the workers and the
 * simulators, every job handler, and the BPMN of processes/ deployed.
 *
 * Time only moves when a test moves it (`advance`), and then every due timer fires before the
 * call returns. The workers run asynchronously, so a test waits for the state it expects with
 * `waitFor` (a short poll of the database), never for a timer by sleeping.
 */
import type { Zeebe } from '@camunda8/sdk';

import { startEmbeddedEngine } from '../../../engine/src/index.js';
import { ControlledClock } from '../../../platform/src/clock.js';
import { createPool, endPool } from '../../../platform/src/database/open-database.js';
import { createLogger } from '../../../platform/src/log/logger.js';
import { deployProcesses } from '../../../platform/src/product/deploy-processes.js';
import { createZeebeClient } from '../../../platform/src/zeebe-client.js';
import {
  readSimulatorConfig,
  type SimulatorConfig,
} from '../../../workers/src/adapters/simulator-config.js';
import type { WorkCalendar } from '../../../workers/src/domain/work-calendar.js';
import { createSimulatedAdapters } from '../../../workers/src/adapters/simulated-adapters.js';
import {
  forgetWorkCalendar,
  loadWorkCalendar,
} from '../../../workers/src/handlers/support/work-calendar-store.js';
import { startWorkers, type RunningWorkers } from '../../../workers/src/start-workers.js';
import { completeUserTask } from '../../../workers/src/user-tasks/complete-user-task.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';

/** Simulators that never fail and take fixed times: each test turns on what it is about. */
export const calmSimulators: Record<string, string> = {
  SIM_ALREADY_RECORDED_RATE: '0',
  SIM_SUBMIT_FAILURE_RATE: '0',
  SIM_SENT_TO_RECEIVED_DAYS: '1-1',
  SIM_RECEIVED_TO_PRR_DAYS: '2-2',
  SIM_SLOW_CLEARANCE_RATE: '0',
  SIM_ENROL_FAILURE_CENTRAL_RATE: '0',
  SIM_ENROL_FAILURE_REGIONAL_RATE: '0',
  SIM_ADJUDICATION_RATE: '0',
  SIM_DUPLICATE_RATE: '0',
  SIM_REQUEST_VALIDATION_RATE: '0',
  SIM_PRINT_DEFECT_RATE: '0',
  SIM_PRINTER_DOWN_RATE: '0',
  SIM_NOTIFY_FAILURE_RATE: '0',
};

export const hour = 60 * 60_000;
export const day = 24 * hour;

export interface OpenTask {
  id: string;
  elementId: string;
  processInstanceKey: string;
  bpmnProcessId: string;
  candidateGroups: string[];
  assignee: string | null;
  dueAt: Date | null;
  variables: Record<string, unknown>;
}

export interface ProcessHarness {
  db: TestDatabase;
  clock: ControlledClock;
  calendar: WorkCalendar;
  simulatorConfig: SimulatorConfig;
  client: Zeebe.ZeebeGrpcClient;
  /** `http://host:port` of the engine's monitoring REST API (what the API's process monitor reads). */
  restAddress: string;
  /** The workers read the work calendar again (after a test changed holidays or hours). */
  reloadCalendar(): void;
  /** Moves the clock forward and fires everything that became due. */
  advance(milliseconds: number): Promise<void>;
  /** Polls `probe` until it returns something other than undefined/false (default 15 s of real time). */
  waitFor<T>(
    what: string,
    probe: () => Promise<T | undefined | false>,
    timeoutMs?: number,
  ): Promise<T>;
  /** Waits for an open task of this element (optionally of one process instance or resident). */
  task(
    elementId: string,
    filter?: { nik?: string; processInstanceKey?: string },
  ): Promise<OpenTask>;
  /** Completes a task as a person would through the tasklist. */
  complete(task: OpenTask, variables: Record<string, unknown>, completedBy?: string): Promise<void>;
  /** Starts a resident's lifecycle (the message the invitation batch or the counter sends). */
  requestLifecycle(nik: string, variables?: Record<string, unknown>): Promise<void>;
  publish(name: string, correlationKey: string, variables?: Record<string, unknown>): Promise<void>;
  lifecycleState(nik: string): Promise<string | undefined>;
  /** Active incidents of the engine with their messages, to fail fast and say why. */
  incidents(): Promise<Array<{ elementId: string; message: string }>>;
  stop(): Promise<void>;
}

/** Monday 2 March 2026, 08:00 WIB: a working morning. */
export const mondayMorning = Date.parse('2026-03-02T01:00:00Z');

export async function startProcessHarness(
  options: {
    simulators?: Record<string, string>;
    at?: number;
    /** false: the simulators' own (realistic) defaults instead of calmSimulators. */
    calm?: boolean;
  } = {},
): Promise<ProcessHarness> {
  const db = await createTestDatabase();
  const clock = new ControlledClock();
  clock.pin(options.at ?? mondayMorning);
  const log = createLogger({ level: process.env.TEST_LOG_LEVEL === 'debug' ? 'debug' : 'error' });
  // As many connections as the product has: the engine, the workers and the harness share them.
  const pool = createPool(db.url, log, 10);
  const engine = await startEmbeddedEngine({
    pool: pool,
    clock,
    log,
    host: '127.0.0.1',
    port: 0,
    restPort: 0,
  });
  const client = createZeebeClient(engine.address);
  await deployProcesses(client);
  const calendar = await loadWorkCalendar(pool, clock);
  const simulatorConfig = readSimulatorConfig({
    ...(options.calm === false ? {} : calmSimulators),
    ...options.simulators,
  });
  const adapters = createSimulatedAdapters(simulatorConfig, clock, calendar);
  const workers: RunningWorkers = startWorkers({
    address: engine.address,
    pool: pool,
    clock,
    log,
    adapters,
  });

  const incidents = async () => {
    const { rows } = await pool.query<{ element_id: string; error_message: string }>(
      `select element_id, error_message from engine.incidents where state = 'ACTIVE' order by key`,
    );
    return rows.map((r) => ({ elementId: r.element_id, message: r.error_message }));
  };

  const waitFor: ProcessHarness['waitFor'] = async (what, probe, timeoutMs = 15_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
      const open = await incidents();
      if (open.length > 0) {
        throw new Error(`while waiting for ${what}: incident(s) ${JSON.stringify(open)}`);
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };

  return {
    db,
    clock,
    calendar,
    simulatorConfig,
    client,
    restAddress: engine.restAddress ?? '',
    reloadCalendar() {
      forgetWorkCalendar(pool);
    },
    async advance(milliseconds) {
      clock.add(milliseconds);
      await engine.runDueWork();
    },
    waitFor,
    async task(elementId, filter = {}) {
      return waitFor(`task '${elementId}'${filter.nik ? ` of ${filter.nik}` : ''}`, async () => {
        const { rows } = await pool.query<{
          id: string;
          element_id: string;
          process_instance_key: string;
          bpmn_process_id: string;
          candidate_groups: string[];
          assignee: string | null;
          due_at: Date | null;
          variables: Record<string, unknown>;
        }>(
          `select id::text, element_id, process_instance_key::text, bpmn_process_id, candidate_groups, assignee,
                  due_at, variables
             from app.tasks
            where state = 'CREATED' and element_id = $1
              and ($2::text is null or variables->>'nik' = $2)
              and ($3::bigint is null or process_instance_key = $3)
            order by id limit 1`,
          [elementId, filter.nik ?? null, filter.processInstanceKey ?? null],
        );
        const row = rows[0];
        return (
          row && {
            id: row.id,
            elementId: row.element_id,
            processInstanceKey: row.process_instance_key,
            bpmnProcessId: row.bpmn_process_id,
            candidateGroups: row.candidate_groups,
            assignee: row.assignee,
            dueAt: row.due_at,
            variables: row.variables,
          }
        );
      });
    },
    async complete(task, variables, completedBy = 'petugas-uji') {
      const outcome = await completeUserTask(
        { pool: pool, client, clock },
        { taskId: task.id, variables, completedBy },
      );
      if (outcome !== 'COMPLETED')
        throw new Error(`task ${task.elementId} could not be completed: ${outcome}`);
    },
    async requestLifecycle(nik, variables = {}) {
      await client.publishMessage({
        name: 'ektp-lifecycle-requested',
        correlationKey: nik,
        timeToLive: 0,
        variables: { nik, ...variables } as never,
      });
    },
    async publish(name, correlationKey, variables = {}) {
      await client.publishMessage({
        name,
        correlationKey,
        timeToLive: 0,
        variables: variables as never,
      });
    },
    async lifecycleState(nik) {
      const { rows } = await pool.query<{ state: string }>(
        'select state from app.lifecycles where nik = $1 order by id desc limit 1',
        [nik],
      );
      return rows[0]?.state;
    },
    incidents,
    async stop() {
      await workers.stop();
      await client.close();
      await engine.stop();
      await endPool(pool);
      await db.drop();
    },
  };
}
