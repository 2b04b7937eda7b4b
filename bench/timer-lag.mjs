/**
 * bench/timer-lag: how late a timer fires — from its due time to the job after it being
 * activatable (in the database) and received by a worker — with no other pending timers and with
 * 100,000 of them (instances waiting on timers due in 10+ days), in the same run.
 *
 * The process (bench/fixtures/timer-then-task.bpmn) waits on a timeDate read from the variable
 * `due`, so each instance's due time is known to the millisecond. The embedded engine runs on the
 * real clock; its scheduler looks for due timers every 100 ms. A worker keeps one ActivateJobs
 * long poll open for the task after the timer and notes when each job arrives.
 *
 * Each level gets a spread run (timers falling due at 200/s) and a burst run (all due at the same
 * millisecond). Round 1 runs on a fresh database, then with the pending timers made; later rounds
 * move the pending timer rows out of engine.timers and back in, so the two levels alternate.
 *
 *   npm run bench:timers                     # the full run, about 3 minutes
 *   BENCH_PENDING=10000 npm run bench:timers # a shorter run while working on the bench
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

import {
  closedLoop,
  CpuMeter,
  deploy,
  describeErrors,
  percentiles,
  positiveInteger,
  printMachine,
  printProblems,
  printTable,
  sleep,
  startDatabase,
  startEngine,
  waitUntil,
} from './support.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const bpmnProcessId = 'bench-timer';
const jobType = 'bench-timer-due';

const settings = {
  /** Pending timers for the loaded runs (the issue asks for 100,000). */
  pending: positiveInteger('BENCH_PENDING', 100_000),
  /**
   * How the pending timers are made: `engine` (default) real waiting instances created through the
   * engine's own API in this process, `sdk` the same through the SDK over gRPC (3–4× slower), or
   * `sql` bare timer rows inserted directly (seconds; their owners do not exist).
   */
  pendingVia: ['sdk', 'sql'].includes(process.env.BENCH_PENDING_VIA)
    ? process.env.BENCH_PENDING_VIA
    : 'engine',
  /** Measured timers per spread run, and how many fall due per second. */
  timers: positiveInteger('BENCH_TIMERS', 2_000),
  ratePerSecond: positiveInteger('BENCH_TIMER_RATE', 200),
  /** Timers that all fall due at the same millisecond (the burst runs). */
  burst: positiveInteger('BENCH_BURST', 2_000),
  warmup: positiveInteger('BENCH_WARMUP', 300),
  /**
   * Rounds of (0 pending, N pending). Round 1 is a fresh database, then N pending timers made;
   * later rounds move the same pending timer rows out of engine.timers and back in.
   */
  rounds: positiveInteger('BENCH_ROUNDS', 2),
  /** Time between the start of a run and its first due time: the instances are created in it. */
  leadMs: positiveInteger('BENCH_LEAD_S', 6) * 1000,
  /** A timer that has not produced its job this long after the last due time counts as missing. */
  settleMs: positiveInteger('BENCH_SETTLE_S', 30) * 1000,
  pendingLimitMs: positiveInteger('BENCH_PENDING_LIMIT_S', 240) * 1000,
};

/** Lags are whole milliseconds (Date.now() on both sides). */
const lagMs = (value) => (Number.isFinite(value) ? value.toFixed(0) : '–');

const rows = [];
const problems = [];
const facts = [];

async function main() {
  const startedAt = performance.now();
  console.log(
    `timer-lag: ${settings.timers} timers due at ${settings.ratePerSecond}/s and a burst of ${settings.burst} due at once, ` +
      `with 0 and with ${settings.pending.toLocaleString('en')} pending timers (made via ${settings.pendingVia})\n`,
  );
  const db = await startDatabase();
  let engine;
  let client;
  try {
    ({ engine, client } = await startEngine(db.pool));
    const xml = await readFile(path.join(here, 'fixtures', 'timer-then-task.bpmn'), 'utf8');
    const definitionKey = await deploy(client, xml, 'timer-then-task.bpmn');
    const bench = { pool: db.pool, client, pgPid: db.pg.pid };

    await timerRun(bench, 'warm-up', 0, settings.warmup, 1000 / settings.ratePerSecond, false);
    await analyze(db.pool);
    await measuredRuns(bench, 0, 'fresh database, analyzed');
    facts.push(`due-timer query with 0 pending: ${await dueQueryPlan(db.pool)}`);

    await makePending(bench, { engine: engine.engine, definitionKey });
    // What autovacuum does within a minute or so of a mass insert.
    await analyze(db.pool);
    await measuredRuns(bench, settings.pending, 'pending timers made, analyzed');
    facts.push(
      `due-timer query with ${settings.pending.toLocaleString('en')} pending: ${await dueQueryPlan(db.pool)}`,
    );
    // Later rounds alternate, so that whatever drifts during the run (the database grows by the
    // measured instances; other load on the machine) falls on both sides alike.
    for (let round = 2; round <= settings.rounds; round++) {
      await movePending(db.pool, 'out');
      await analyze(db.pool);
      await measuredRuns(bench, 0, `round ${round}: pending moved out, analyzed`);
      await movePending(db.pool, 'in');
      await analyze(db.pool);
      await measuredRuns(bench, settings.pending, `round ${round}: moved back in, analyzed`);
    }
    await checkPendingUntouched(db.pool);
    facts.push(await tableSizes(db.pool));

    printResults();
    printRatio();
    await printMachine(db.pool, (performance.now() - startedAt) / 1000, facts);
  } finally {
    await client?.close().catch((error) => problems.push(`client.close: ${error.message}`));
    await engine?.stop().catch((error) => problems.push(`engine.stop: ${error.message}`));
    await db.stop();
  }
  printProblems(problems);
}

/** The spread run and the burst run at one number of pending timers. */
async function measuredRuns(bench, pending, phase) {
  bench.phase = phase;
  await timerRun(bench, 'spread', pending, settings.timers, 1000 / settings.ratePerSecond, true);
  await timerRun(bench, 'burst', pending, settings.burst, 0, true);
}

// ---- one run: create instances whose timers fall due on a schedule, receive their jobs ---------

/**
 * Creates `count` instances whose timers fall due `spacingMs` apart (0: all at once), starting
 * `leadMs` from now, and measures each timer's lag: job created (the firing batch's clock reading,
 * in engine.jobs) and job received by the worker, both minus the due time. Then completes the jobs
 * and checks that every instance completed.
 */
async function timerRun(bench, shape, pending, count, spacingMs, measured) {
  const { pool, client } = bench;
  const runId = `${shape}-${pending}-${Date.now()}`;
  const label = `${pending.toLocaleString('en')} pending, ${shape === 'warm-up' ? 'warm-up' : describeShape(shape, count, spacingMs)}`;
  const received = new Map(); // job key → { due, at }
  let strays = 0;
  const receiver = startReceiver(client, (jobs, at) => {
    for (const job of jobs) {
      if (job.variables.run !== runId) strays++;
      else received.set(job.key, { due: Date.parse(job.variables.due), at });
    }
  });

  const anchor = Date.now() + settings.leadMs;
  const instanceKeys = [];
  const created = await closedLoop(count, 100, settings.leadMs, async (i) => {
    const instance = await client.createProcessInstance({
      bpmnProcessId,
      variables: { due: new Date(anchor + Math.floor(i * spacingMs)).toISOString(), run: runId },
    });
    instanceKeys.push(instance.processInstanceKey);
  });
  problems.push(...describeErrors(`${label}: create`, created.errors));
  if (created.cut || Date.now() > anchor)
    problems.push(
      `${label}: creating ${count} instances took ${(created.elapsedMs / 1000).toFixed(1)} s, longer than the lead of ` +
        `${settings.leadMs / 1000} s: some timers were due before all were created (raise BENCH_LEAD_S)`,
    );

  await sleep(Math.max(0, anchor - Date.now()));
  const cpu = new CpuMeter(bench.pgPid).start();
  const lastDue = anchor + Math.floor((count - 1) * spacingMs);
  const all = await waitUntil(
    () => received.size >= instanceKeys.length,
    lastDue - Date.now() + settings.settleMs,
  );
  const cpuText = cpu.stop();
  const finishedAt = Date.now();
  await receiver.stop();
  problems.push(...describeErrors(`${label}: activateJobs`, receiver.errors));
  if (!all)
    problems.push(
      `${label}: only ${received.size} of ${instanceKeys.length} jobs arrived within ${settings.settleMs / 1000} s of the last due time`,
    );
  if (strays > 0) problems.push(`${label}: the worker received ${strays} jobs of other runs`);

  // When the job row was written: the clock reading of the batch that fired the timer.
  const { rows: jobRows } = await pool.query(
    'select key::text, created_at from engine.jobs where type = $1 and key = any($2::bigint[])',
    [jobType, [...received.keys()]],
  );
  const firedLags = jobRows.map((r) => r.created_at.getTime() - received.get(r.key).due);
  const receivedLags = [...received.values()].map((r) => r.at - r.due);
  const early = firedLags.filter((lag) => lag < 0).length;
  if (early > 0) problems.push(`${label}: ${early} timers fired before their due time`);

  const jobKeys = [...received.keys()];
  const completed = await closedLoop(jobKeys.length, 100, 60_000, (i) =>
    client.completeJob({ jobKey: jobKeys[i], variables: {} }),
  );
  problems.push(...describeErrors(`${label}: completeJob`, completed.errors));
  const { rows: states } = await pool.query(
    `select state, count(*)::int as n from engine.process_instances where key = any($1::bigint[]) group by state`,
    [instanceKeys],
  );
  const byState = Object.fromEntries(states.map((r) => [r.state, r.n]));
  if ((byState.COMPLETED ?? 0) !== instanceKeys.length)
    problems.push(
      `${label}: ${byState.COMPLETED ?? 0} of ${instanceKeys.length} instances COMPLETED (${JSON.stringify(byState)})`,
    );

  const receivedStats = percentiles(receivedLags);
  const firedStats = percentiles(firedLags);
  console.log(
    `  ${label}: ${received.size}/${count} jobs, created in ${(created.elapsedMs / 1000).toFixed(1)} s; ` +
      `lag to received p50 ${lagMs(receivedStats.p50)} p99 ${lagMs(receivedStats.p99)} ms, ` +
      `last job ${finishedAt - lastDue} ms after the last due time`,
  );
  if (!measured) return;
  rows.push({
    pending,
    phase: bench.phase,
    shape: describeShape(shape, count, spacingMs),
    jobs: `${received.size}/${count}`,
    received: receivedStats,
    fired: firedStats,
    cpu: cpuText,
  });
}

function describeShape(shape, count, spacingMs) {
  return shape === 'burst'
    ? `burst: ${count} due at once`
    : `spread: ${count} due at ${Math.round(1000 / spacingMs)}/s`;
}

/**
 * One ActivateJobs long poll open at all times (2 s each, so that stop() is quick); `onJobs` gets
 * each answer with the time it arrived.
 */
function startReceiver(client, onJobs) {
  let stopped = false;
  const errors = [];
  const loop = (async () => {
    while (!stopped) {
      try {
        const jobs = await client.activateJobs({
          type: jobType,
          worker: 'bench-timer-lag',
          maxJobsToActivate: 1000,
          timeout: 600_000,
          requestTimeout: 2_000,
        });
        onJobs(jobs, Date.now());
      } catch (error) {
        errors.push(error);
        await sleep(50);
      }
    }
  })();
  return {
    errors,
    stop: async () => {
      stopped = true;
      await loop;
    },
  };
}

// ---- the pending timers -------------------------------------------------------------------------

/**
 * `settings.pending` timers due 10–11 days from now, so none fires during the run. Via the
 * engine or the SDK: real instances waiting at the timer (instance document and timer row, as in
 * production). Via SQL: bare timer rows whose owner does not exist (for quicker runs).
 */
async function makePending(bench, { engine, definitionKey }) {
  const { pool, client } = bench;
  const base = Date.now() + 10 * 86_400_000;
  const spreadMs = 86_400_000 / settings.pending;
  const t0 = performance.now();
  if (settings.pendingVia === 'sql') {
    await pool.query(
      `insert into engine.timers (key, owner, element_id, process_instance_key, process_definition_key, due_at, cycle, remaining, created_at)
       select 9000000000000000 + i, 8000000000000000 + i, 'timer', 7000000000000000 + i, $1,
              to_timestamp(($2::float8 + i * $3::float8) / 1000), null, null, now()
         from generate_series(1, $4) as i`,
      [definitionKey, base, spreadMs, settings.pending],
    );
  } else {
    // Engine.createInstance is the command CreateProcessInstance runs, without gRPC and the SDK.
    const create =
      settings.pendingVia === 'engine'
        ? (variables) => engine.createInstance({ bpmnProcessId, variables })
        : (variables) => client.createProcessInstance({ bpmnProcessId, variables });
    const created = await closedLoop(settings.pending, 200, settings.pendingLimitMs, (i) =>
      create({ due: new Date(base + Math.floor(i * spreadMs)).toISOString(), run: 'pending' }),
    );
    problems.push(...describeErrors('pending instances: create', created.errors));
    if (created.cut)
      problems.push(
        `pending instances: stopped at the time limit after ${created.launched} (BENCH_PENDING_LIMIT_S)`,
      );
  }
  const seconds = (performance.now() - t0) / 1000;
  const { rows: count } = await pool.query('select count(*)::int as n from engine.timers');
  console.log(
    `  made ${count[0].n.toLocaleString('en')} pending timers via ${settings.pendingVia} in ${seconds.toFixed(1)} s ` +
      `(${(count[0].n / seconds).toFixed(0)}/s)`,
  );
  facts.push(
    `pending timers: ${count[0].n.toLocaleString('en')} made via ${settings.pendingVia} in ${seconds.toFixed(0)} s, due 10–11 days ahead`,
  );
  if (count[0].n !== settings.pending)
    problems.push(`engine.timers holds ${count[0].n} rows, expected ${settings.pending}`);
}

/**
 * Moves the pending timer rows out of engine.timers into a side table, or back. Only those rows
 * move (their instances stay as they are); the engine keeps nothing about timers in memory, and
 * none of these is due, so it does not notice.
 */
async function movePending(pool, direction) {
  const [from, to] =
    direction === 'out'
      ? ['engine.timers', 'public.bench_moved_timers']
      : ['public.bench_moved_timers', 'engine.timers'];
  await pool.query('create table if not exists public.bench_moved_timers (like engine.timers)');
  const { rowCount } = await pool.query(
    `with moved as (delete from ${from} where due_at > now() + interval '9 days' returning *)
     insert into ${to} select * from moved`,
  );
  if (rowCount !== settings.pending)
    problems.push(
      `moving the pending timers ${direction} moved ${rowCount}, expected ${settings.pending}`,
    );
}

/** The pending timers must still all be there: none fired early, none was lost. */
async function checkPendingUntouched(pool) {
  const { rows } = await pool.query('select count(*)::int as n from engine.timers');
  if (rows[0].n !== settings.pending)
    problems.push(
      `after the runs engine.timers holds ${rows[0].n} rows, expected the ${settings.pending} pending`,
    );
}

async function analyze(pool) {
  await pool.query('analyze');
}

/** How PostgreSQL runs the scheduler's query (engine.fireDueTimers) and how long it takes. */
async function dueQueryPlan(pool) {
  const { rows } = await pool.query(
    `explain (analyze, costs off, timing on)
     select key::text, owner::text, element_id, process_instance_key::text, process_definition_key::text, due_at, cycle, remaining
       from engine.timers where due_at <= $1 order by due_at, key limit 100`,
    [new Date().toISOString()],
  );
  return describePlan(rows.map((r) => r['QUERY PLAN']));
}

/** A plan's nodes (the first line and each "->" line) and its execution time, on one line. */
function describePlan(lines) {
  const parts = [];
  for (const [i, line] of lines.entries()) {
    const text = line.trim();
    if (i === 0 || text.startsWith('->'))
      parts.push(text.replace(/^->\s*/, '').replace(/\s*\(actual.*$/, ''));
    else if (text.startsWith('Sort Key:')) parts[parts.length - 1] += ` (${text.toLowerCase()})`;
  }
  const execution = lines.find((l) => l.startsWith('Execution Time')) ?? '';
  return `${parts.join(' → ')}; ${execution.toLowerCase()}`;
}

async function tableSizes(pool) {
  const { rows } = await pool.query(
    `select pg_size_pretty(pg_total_relation_size('engine.timers')) as timers,
            pg_size_pretty(pg_total_relation_size('engine.process_instances')) as instances`,
  );
  return `size on disk: engine.timers ${rows[0].timers}, engine.process_instances ${rows[0].instances}`;
}

// ---- output -------------------------------------------------------------------------------------

function printResults() {
  printTable(
    'RESULTS (lag in ms after the due time)',
    [
      ['pending timers', (r) => r.pending.toLocaleString('en'), 'right'],
      ['when', (r) => r.phase, 'left'],
      ['run', (r) => r.shape, 'left'],
      ['jobs', (r) => r.jobs, 'right'],
      ['received p50', (r) => lagMs(r.received.p50), 'right'],
      ['p95', (r) => lagMs(r.received.p95), 'right'],
      ['p99', (r) => lagMs(r.received.p99), 'right'],
      ['max', (r) => lagMs(r.received.max), 'right'],
      ['fired p50', (r) => lagMs(r.fired.p50), 'right'],
      ['p99', (r) => lagMs(r.fired.p99), 'right'],
      ['max', (r) => lagMs(r.fired.max), 'right'],
      ['cpu', (r) => r.cpu, 'left'],
    ],
    rows,
  );
  console.log(
    '  received: the worker got the job (ActivateJobs answer); fired: the job row was written (the firing batch’s clock reading)',
  );
}

/** Each round's loaded run against the idle run just before it. */
function printRatio() {
  console.log(
    `\nRATIO ${settings.pending.toLocaleString('en')} pending / 0 pending, round by round`,
  );
  for (const shape of ['spread', 'burst']) {
    const idle = rows.filter((r) => r.pending === 0 && r.shape.startsWith(shape));
    const loaded = rows.filter((r) => r.pending !== 0 && r.shape.startsWith(shape));
    for (const [i, row] of loaded.entries()) {
      const peer = idle[i];
      if (!peer) continue;
      console.log(
        `  round ${i + 1}, ${shape}: received p50 ${(row.received.p50 / peer.received.p50).toFixed(2)}× ` +
          `(${lagMs(row.received.p50)} / ${lagMs(peer.received.p50)} ms), p99 ${(row.received.p99 / peer.received.p99).toFixed(2)}× ` +
          `(${lagMs(row.received.p99)} / ${lagMs(peer.received.p99)} ms)`,
      );
    }
  }
}

// Last, so that every constant above is initialised before the run begins.
await main();
