/**
 * bench/timer-memory: memory of the process that runs the embedded engine with 0, 100,000 and
 * 1,000,000 pending timers. Pending timers are rows in engine.timers, not objects in the engine's
 * heap, so the figures should not grow with their number.
 *
 * For each level the pending timers (due 10–40 days ahead) are inserted with SQL, then a fresh Node
 * process (`node --expose-gc`, forked from this one) starts the engine on that database and runs it
 * for 20 s with the scheduler polling every 100 ms, while a trickle of real timers (20/s, due 1 s
 * after their instance is created) fires and a worker completes the jobs after them. The child
 * samples its memory all along and measures it once more after a full GC at the end.
 *
 * The reference row is what the same rows cost when held in a JavaScript Map — what an engine that
 * kept its pending timers in memory would need at the least.
 *
 *   npm run bench:timer-memory                    # the full run, about 1½ minutes
 *   BENCH_LEVELS=0,10000 npm run bench:timer-memory
 */
import { fork } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { clearInterval, clearTimeout, setInterval, setTimeout } from 'node:timers';
import { fileURLToPath } from 'node:url';

import pg from 'pg';

import {
  closedLoop,
  CpuMeter,
  createZeebeClient,
  deploy,
  describeErrors,
  log,
  mib,
  percentiles,
  positiveInteger,
  printMachine,
  printProblems,
  printTable,
  sleep,
  startDatabase,
  startEngine,
  systemClock,
} from './support.mjs';
import { startEmbeddedEngine } from '../dist/engine/src/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const thisFile = fileURLToPath(import.meta.url);
const bpmnProcessId = 'bench-timer';
const jobType = 'bench-timer-due';

const settings = {
  levels: (process.env.BENCH_LEVELS ?? '0,100000,1000000').split(',').map((level) => {
    const value = Number(level);
    if (!Number.isInteger(value) || value < 0) {
      console.error(`BENCH_LEVELS must be a list of whole numbers, got "${level}"`);
      process.exit(2);
    }
    return value;
  }),
  /** How long each child runs the engine. */
  runMs: positiveInteger('BENCH_RUN_S', 20) * 1000,
  /** Real timers created per second during the run; each is due 1 s after its creation. */
  tricklePerSecond: positiveInteger('BENCH_TRICKLE', 20),
  analyze: process.env.BENCH_ANALYZE !== '0',
  /** The most a child may take, start to result, before it counts as stuck. */
  childLimitMs: positiveInteger('BENCH_CHILD_LIMIT_S', 90) * 1000,
};

// ---- the parent: pending timers, one child per level, the table ---------------------------------

async function main() {
  const startedAt = performance.now();
  const rows = [];
  const problems = [];
  const facts = [];
  console.log(
    `timer-memory: pending timers ${settings.levels.map((l) => l.toLocaleString('en')).join(' / ')}, ` +
      `each ${settings.runMs / 1000} s with ${settings.tricklePerSecond} timers/s firing\n`,
  );
  const db = await startDatabase();
  try {
    const definitionKey = await deployFixture(db.pool);
    let inserted = 0;
    for (const level of settings.levels) {
      const t0 = performance.now();
      inserted = await topUp(db.pool, definitionKey, inserted, level);
      // What autovacuum does within a minute of a mass insert (BENCH_ANALYZE=0: leave it to it).
      if (settings.analyze) await db.pool.query('analyze engine.timers');
      const insertSeconds = (performance.now() - t0) / 1000;
      const { rows: size } = await db.pool.query(
        `select count(*)::int as n, pg_total_relation_size('engine.timers') as bytes from engine.timers`,
      );
      console.log(
        `  ${size[0].n.toLocaleString('en')} pending timers (${insertSeconds.toFixed(1)} s to insert), ` +
          `engine.timers ${mib(Number(size[0].bytes))} MiB on disk; running the engine…`,
      );
      const result = await runChild(['--child'], {
        BENCH_DATABASE_URL: db.url,
        BENCH_PG_PID: String(db.pg.pid),
        BENCH_PENDING_NOW: String(level),
      });
      if (result.error) {
        problems.push(`${level.toLocaleString('en')} pending: ${result.error}`);
        continue;
      }
      problems.push(...result.problems.map((p) => `${level.toLocaleString('en')} pending: ${p}`));
      rows.push({ level, diskBytes: Number(size[0].bytes), ...result });
      console.log(
        `    rss after GC ${mib(result.after.rss)} MiB, heap used ${mib(result.after.heapUsed)} MiB; ` +
          `${result.fired}/${result.created} trickle timers fired, lag p50 ${result.lag.p50} ms`,
      );
    }
    const largest = Math.max(...settings.levels);
    if (largest > 0) {
      const reference = await runChild(['--reference', String(largest)], {});
      if (reference.error) problems.push(`reference: ${reference.error}`);
      else rows.push({ level: largest, reference: true, ...reference });
    }

    printResults(rows);
    printGrowth(rows, problems);
    facts.push(
      `pending timers: bare rows inserted with SQL (owner and instance do not exist), due 10–40 days ahead, ` +
        (settings.analyze
          ? 'analyzed after each insert'
          : 'NOT analyzed by the bench (BENCH_ANALYZE=0)'),
    );
    await printMachine(db.pool, (performance.now() - startedAt) / 1000, facts);
  } finally {
    await db.stop();
  }
  printProblems(problems);
}

/** Deploys the timer process with an engine that lives only for that (the children run theirs). */
async function deployFixture(pool) {
  const engine = await startEmbeddedEngine({
    pool,
    clock: systemClock,
    log,
    host: '127.0.0.1',
    port: 0,
  });
  const client = createZeebeClient(engine.address);
  try {
    const xml = await readFile(path.join(here, 'fixtures', 'timer-then-task.bpmn'), 'utf8');
    return await deploy(client, xml, 'timer-then-task.bpmn');
  } finally {
    await client.close();
    await engine.stop();
  }
}

/** Inserts timer rows `from`+1 … `to`, 100,000 per statement; returns `to`. */
async function topUp(pool, definitionKey, from, to) {
  const base = Date.now() + 10 * 86_400_000;
  // Spread over 30 days from the base, a millisecond or more apart.
  const spreadMs = Math.max(1, Math.floor((30 * 86_400_000) / Math.max(1, to)));
  for (let start = from + 1; start <= to; start += 100_000) {
    await pool.query(
      `insert into engine.timers (key, owner, element_id, process_instance_key, process_definition_key, due_at, cycle, remaining, created_at)
       select 9000000000000000 + i, 8000000000000000 + i, 'timer', 7000000000000000 + i, $1,
              to_timestamp(($2::float8 + i * $3::float8) / 1000), null, null, now()
         from generate_series($4::int, $5::int) as i`,
      [definitionKey, base, spreadMs, start, Math.min(to, start + 99_999)],
    );
  }
  return Math.max(from, to);
}

/** Forks this file with --expose-gc and waits for the one result it sends. */
function runChild(args, env) {
  return new Promise((resolve) => {
    const child = fork(thisFile, args, {
      execArgv: ['--expose-gc'],
      env: { ...process.env, ...env },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let result;
    const timer = setTimeout(() => {
      result ??= { error: `the child sent nothing within ${settings.childLimitMs / 1000} s` };
      child.kill('SIGKILL');
    }, settings.childLimitMs);
    child.on('message', (message) => (result ??= message));
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve(result ?? { error: `the child exited with code ${code} and sent nothing` });
    });
  });
}

function printResults(rows) {
  printTable(
    'RESULTS (memory of the Node process running the engine; MiB)',
    [
      [
        'pending timers',
        (r) => `${r.level.toLocaleString('en')}${r.reference ? ' (reference)' : ''}`,
        'right',
      ],
      [
        'held where',
        (r) => (r.reference ? 'JS Map in the heap' : `engine.timers, ${mib(r.diskBytes)} MiB`),
        'left',
      ],
      ['rss after GC', (r) => mib(r.after.rss), 'right'],
      ['heap used after GC', (r) => mib(r.after.heapUsed), 'right'],
      ['external', (r) => mib(r.after.external + r.after.arrayBuffers), 'right'],
      ['rss max', (r) => (r.reference ? '–' : mib(r.max.rss)), 'right'],
      ['heap used max', (r) => (r.reference ? '–' : mib(r.max.heapUsed)), 'right'],
      ['heap at start', (r) => mib(r.start.heapUsed), 'right'],
      ['timers fired', (r) => (r.reference ? '–' : `${r.fired}/${r.created}`), 'right'],
      ['lag p50/p99 ms', (r) => (r.reference ? '–' : `${r.lag.p50}/${r.lag.p99}`), 'right'],
      ['cpu', (r) => r.cpu ?? '–', 'left'],
    ],
    rows,
  );
  console.log(
    '  after GC: process.memoryUsage() after two full collections at the end of the run; max: the highest of the ' +
      'samples taken every 250 ms; heap at start: after GC, right after the engine started',
  );
  console.log(
    '  external: memory of Buffers and other C++ objects bound to JS (external + arrayBuffers); ' +
      'timers fired: trickle timers whose job the worker received, lag from due time to received',
  );
}

/** Heap after GC may not grow by more than 10 MiB from the smallest level to the largest. */
function printGrowth(rows, problems) {
  const engineRows = rows.filter((r) => !r.reference);
  if (engineRows.length < 2) return;
  const first = engineRows[0];
  const last = engineRows[engineRows.length - 1];
  const heap = last.after.heapUsed - first.after.heapUsed;
  const rss = last.after.rss - first.after.rss;
  console.log(
    `\nGROWTH from ${first.level.toLocaleString('en')} to ${last.level.toLocaleString('en')} pending timers: ` +
      `heap used after GC ${signed(heap)} MiB, rss after GC ${signed(rss)} MiB`,
  );
  const reference = rows.find((r) => r.reference);
  if (reference)
    console.log(
      `  the reference holds the same ${reference.level.toLocaleString('en')} rows in ${mib(reference.after.heapUsed - reference.start.heapUsed)} MiB of heap`,
    );
  if (heap > 10 * 2 ** 20)
    problems.push(
      `heap used after GC grew by ${mib(heap)} MiB from ${first.level} to ${last.level} pending timers`,
    );
}

function signed(bytes) {
  const text = mib(bytes);
  return text.startsWith('-') && Number(text) !== 0 ? text : `+${text.replace('-', '')}`;
}

// ---- the child: the engine for one level --------------------------------------------------------

async function child() {
  const problems = [];
  const pool = new pg.Pool({
    connectionString: process.env.BENCH_DATABASE_URL,
    max: 10,
    application_name: 'ektp-bench',
  });
  pool.on('error', () => undefined);
  const pending = Number(process.env.BENCH_PENDING_NOW);
  const { engine, client } = await startEngine(pool);
  try {
    fullGc();
    const start = process.memoryUsage();
    const max = { rss: start.rss, heapUsed: start.heapUsed };
    const sampler = setInterval(() => {
      const now = process.memoryUsage();
      max.rss = Math.max(max.rss, now.rss);
      max.heapUsed = Math.max(max.heapUsed, now.heapUsed);
    }, 250);

    // A worker that completes the trickle's jobs and notes when each arrived.
    const lags = [];
    let stopping = false;
    const worker = (async () => {
      while (!stopping) {
        try {
          const jobs = await client.activateJobs({
            type: jobType,
            worker: 'bench-timer-memory',
            maxJobsToActivate: 100,
            timeout: 60_000,
            requestTimeout: 1_000,
          });
          const at = Date.now();
          for (const job of jobs) lags.push(at - Date.parse(job.variables.due));
          await Promise.all(
            jobs.map((job) => client.completeJob({ jobKey: job.key, variables: {} })),
          );
        } catch (error) {
          problems.push(`worker: ${error.message}`);
          await sleep(100);
        }
      }
    })();

    const cpu = new CpuMeter(Number(process.env.BENCH_PG_PID)).start();
    const count = Math.floor((settings.runMs / 1000) * settings.tricklePerSecond);
    const intervalMs = 1000 / settings.tricklePerSecond;
    const t0 = performance.now();
    const created = await closedLoop(count, 1, settings.runMs * 2, async (i) => {
      const wait = t0 + i * intervalMs - performance.now();
      if (wait > 0) await sleep(wait);
      await client.createProcessInstance({
        bpmnProcessId,
        variables: { due: new Date(Date.now() + 1000).toISOString() },
      });
    });
    problems.push(...describeErrors('create', created.errors));
    // The last timers are due 1 s after the last creation.
    const deadline = performance.now() + 5_000;
    while (lags.length < created.latencies.length && performance.now() < deadline) await sleep(50);
    const cpuText = cpu.stop();
    stopping = true;
    await worker;
    clearInterval(sampler);
    if (lags.length !== created.latencies.length)
      problems.push(`${lags.length} of ${created.latencies.length} trickle timers fired`);

    const { rows } = await pool.query(
      `select count(*)::int as n from engine.timers where due_at > now() + interval '9 days'`,
    );
    if (rows[0].n !== pending)
      problems.push(`${rows[0].n} pending timers after the run, expected ${pending}`);

    fullGc();
    const after = process.memoryUsage();
    const lag = percentiles(lags);
    process.send({
      start,
      after,
      max,
      created: created.latencies.length,
      fired: lags.length,
      lag: { p50: lag.p50, p99: lag.p99 },
      cpu: cpuText,
      problems,
    });
  } finally {
    await client.close().catch(() => undefined);
    await engine.stop();
    await pool.end();
  }
}

/** The reference: `count` timer rows, as the engine would load them, held in a Map. */
function reference(count) {
  fullGc();
  const start = process.memoryUsage();
  const timers = new Map();
  const base = Date.now() + 10 * 86_400_000;
  for (let i = 1; i <= count; i++) {
    const key = String(9000000000000000 + i);
    timers.set(key, {
      key,
      owner: String(8000000000000000 + i),
      elementId: 'timer',
      processInstanceKey: String(7000000000000000 + i),
      processDefinitionKey: '2251799813685250',
      dueAt: base + i * 2592,
      cycle: null,
      remaining: null,
      createdAt: Date.now(),
    });
  }
  fullGc();
  const after = process.memoryUsage();
  process.send({ start, after, held: timers.size });
}

function fullGc() {
  globalThis.gc();
  globalThis.gc();
}

// Last, so that every constant above is initialised before the run begins.
const mode = process.argv[2];
if (mode === '--child') await child();
else if (mode === '--reference') reference(Number(process.argv[3]));
else await main();
