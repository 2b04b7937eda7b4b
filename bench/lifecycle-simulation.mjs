/**
 * bench/lifecycle-simulation: the whole e-KTP lifecycle of N residents (default 1,000) in virtual
 * time — the thirteen processes of processes/, every job handler, the simulators of SIAK/ABIS, the
 * printing line and the messages, and the people simulator doing the staff's and residents' part —
 * on the embedded engine with a durable PostgreSQL (fsync on), as `npm start` runs them.
 *
 * It prints how long the run takes in wall time, how many process instances, user tasks and
 * virtual days it covered, and the rate of process instances per second the lifecycle sustained.
 * The peer, in the same run and engine, is the simplest process (start → one service task → end)
 * driven flat out: the ratio says how much of the engine's raw throughput the lifecycle gets.
 *
 *   npm run bench:lifecycle                          # 1,000 residents, about 15–25 minutes
 *   BENCH_RESIDENTS=200 npm run bench:lifecycle      # a shorter run
 */
import { performance } from 'node:perf_hooks';

import { ControlledClock } from '../dist/platform/src/clock.js';
import { deployProcesses } from '../dist/platform/src/product/deploy-processes.js';
import { startEmbeddedEngine } from '../dist/engine/src/index.js';
import { createZeebeClient } from '../dist/platform/src/zeebe-client.js';
import { readSimulatorConfig } from '../dist/workers/src/adapters/simulator-config.js';
import { createSimulatedAdapters } from '../dist/workers/src/adapters/simulated-adapters.js';
import { loadWorkCalendar } from '../dist/workers/src/handlers/support/work-calendar-store.js';
import { PeopleSimulator } from '../dist/workers/src/simulation/people-simulator.js';
import { startWorkers } from '../dist/workers/src/start-workers.js';
import { insertOffice, insertResident } from '../dist/tests/helpers/domain-fixtures.js';
import { runInVirtualTime } from '../dist/tests/helpers/virtual-time.js';
import {
  CpuMeter,
  closedLoop,
  deploy,
  describeErrors,
  log,
  positiveInteger,
  printMachine,
  printProblems,
  printTable,
  startDatabase,
} from './support.mjs';

const residents = positiveInteger('BENCH_RESIDENTS', 1000);
const day = 24 * 60 * 60_000;
const kelurahan = ['1001', '1002', '1003', '1004', '1005', '1006', '1007'].map(
  (k) => `15.71.08.${k}`,
);
const problems = [];
const runStarted = performance.now();

const database = await startDatabase(10);
const { pool } = database;
const clock = new ControlledClock();
clock.pin(Date.parse('2026-03-02T01:00:00Z'));
const engine = await startEmbeddedEngine({ pool, clock, log, host: '127.0.0.1', port: 0 });
const client = createZeebeClient(engine.address);
try {
  await deployProcesses(client);
  const calendar = await loadWorkCalendar(pool, clock);
  const adapters = createSimulatedAdapters(
    readSimulatorConfig({ SIM_SEED: 'jelutung-simulation' }),
    clock,
    calendar,
  );
  const workers = startWorkers({ address: engine.address, pool, clock, log, adapters });
  await insertOffice(pool);
  await pool.query(
    `update app.stock set on_hand = $1 where location_code = '15.71' and item = 'BLANKO'`,
    [Math.round(residents * 0.3)],
  );
  for (let i = 0; i < residents; i++) {
    await insertResident(pool, {
      birthDate: `${1970 + (i % 38)}-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 27) + 1).padStart(2, '0')}`,
      sex: i % 2 === 0 ? 'L' : 'P',
      kelurahanCode: kelurahan[i % kelurahan.length],
      rw: (i % 5) + 1,
      rt: (i % 4) + 1,
      phone: i % 10 === 0 ? null : '081234567890',
    });
  }
  const people = new PeopleSimulator({ pool, client, clock, calendar, seed: 'jelutung-people' });

  // The lifecycle run.
  const cpu = new CpuMeter(database.pg.pid).start();
  await client.createProcessInstance({ bpmnProcessId: 'ektp-eligibility-scan', variables: {} });
  const virtualStart = clock.now();
  const run = await runInVirtualTime({
    pool,
    clock,
    advance: async (milliseconds) => {
      clock.add(milliseconds);
      await engine.runDueWork();
    },
    people,
    done: async () => {
      const { rows } = await pool.query(
        `select count(distinct nik)::int as residents, count(*) filter (where state = 'RUNNING')::int as running
           from app.lifecycles`,
      );
      return rows[0].residents === residents && rows[0].running === 0;
    },
    limit: virtualStart + 240 * day,
    onStep: ({ steps, virtualDays, wallSeconds }) => {
      if (steps % 100 === 0)
        console.error(
          `  … virtual day ${virtualDays.toFixed(0)} after ${wallSeconds.toFixed(0)} s`,
        );
    },
  });
  const usage = cpu.stop();
  const { rows: states } = await pool.query(
    `select state, count(*)::int as n
       from (select distinct on (nik) state from app.lifecycles order by nik, id desc) latest
      group by state order by n desc`,
  );
  const { rows: counts } = await pool.query(
    `select (select count(*)::int from engine.process_instances) as instances,
            (select count(*)::int from app.tasks where state = 'COMPLETED') as tasks,
            (select count(*)::int from app.breaches) as breaches`,
  );
  const { instances, tasks, breaches } = counts[0];
  const ended = states.reduce((sum, s) => sum + s.n, 0);
  if (ended !== residents) problems.push(`${residents - ended} residents never got a lifecycle`);
  if (run.virtualDays >= 240)
    problems.push('the run reached its 240-day limit with lifecycles still running');

  // The peer: the simplest process, flat out, on the same engine.
  await workers.stop();
  await deploy(
    client,
    `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="peer" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="bench-one-task" isExecutable="true">
    <bpmn:startEvent id="s"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:serviceTask id="t"><bpmn:extensionElements><zeebe:taskDefinition type="bench-one-task" /></bpmn:extensionElements><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:serviceTask>
    <bpmn:endEvent id="e"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="t" /><bpmn:sequenceFlow id="f2" sourceRef="t" targetRef="e" />
  </bpmn:process>
</bpmn:definitions>`,
    'bench-one-task.bpmn',
  );
  const peerWorker = client.createWorker({
    taskType: 'bench-one-task',
    maxJobsToActivate: 64,
    longPoll: 5_000,
    pollInterval: 10,
    taskHandler: (job) => job.complete(),
  });
  const peer = await closedLoop(5_000, 100, 120_000, () =>
    client.createProcessInstanceWithResult({
      bpmnProcessId: 'bench-one-task',
      variables: {},
      requestTimeout: 30_000,
    }),
  );
  await peerWorker.close();
  problems.push(...describeErrors('peer', peer.errors));
  const peerRate = peer.latencies.length / (peer.elapsedMs / 1000);
  const lifecycleRate = instances / run.wallSeconds;

  printTable(
    `LIFECYCLE — ${residents} residents in virtual time`,
    [
      ['figure', (r) => r[0], 'left'],
      ['value', (r) => r[1]],
    ],
    [
      ['wall time (s)', run.wallSeconds.toFixed(1)],
      ['virtual days', run.virtualDays.toFixed(0)],
      ['clock steps', run.steps],
      ['process instances', instances],
      ['process instances / s (wall)', lifecycleRate.toFixed(1)],
      ['user tasks completed', tasks],
      ['breaches recorded', breaches],
      ['CPU (share of one core)', usage],
    ],
  );
  printTable(
    'END STATES (latest lifecycle per resident)',
    [
      ['state', (r) => r.state, 'left'],
      ['residents', (r) => r.n],
    ],
    states,
  );
  printTable(
    'PEER — start → one service task → end, 100 in flight, same engine',
    [
      ['figure', (r) => r[0], 'left'],
      ['value', (r) => r[1]],
    ],
    [
      ['instances', peer.latencies.length],
      ['instances / s', peerRate.toFixed(1)],
      ['lifecycle instances/s ÷ peer instances/s', (lifecycleRate / peerRate).toFixed(3)],
    ],
  );
  await printMachine(pool, (performance.now() - runStarted) / 1000, [
    `people injected: ${[...people.injected].map(([k, v]) => `${k} ${v}`).join(', ')}`,
  ]);
} finally {
  await client.close();
  await engine.stop();
  await database.stop();
}
printProblems(problems);
process.exit();
