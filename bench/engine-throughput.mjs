/**
 * bench/engine-throughput: start → one service task → end (bench/fixtures/one-task.bpmn).
 *
 * The embedded engine (durable, state in PostgreSQL) is driven only through @camunda8/sdk over
 * gRPC on 127.0.0.1, with an SDK job worker in this process completing the task. The same diagram
 * then runs on bpmn-engine (in memory, no durability) as a peer, and the ratio is printed.
 *
 * Start-to-completion latency is measured from just before the create call to the moment the
 * instance has completed: for the embedded engine the answer of CreateProcessInstanceWithResult,
 * which the engine sends only after the commit that ended the instance; for bpmn-engine its `end`
 * event. Every loop is bounded in count and in time, so the run stops by itself.
 *
 *   npm run bench:engine                       # the full run, about 3–4 minutes
 *   BENCH_INSTANCES=2000 npm run bench:engine  # a shorter run while working on the bench
 */
import { Buffer } from 'node:buffer';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setImmediate } from 'node:timers';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

import { BpmnModdle } from 'bpmn-moddle';
import { Engine as BpmnEngine } from 'bpmn-engine';

import { startEmbeddedPostgres } from '../dist/platform/src/database/embedded-postgres.js';
import { createPool } from '../dist/platform/src/database/open-database.js';
import { migrate } from '../dist/platform/src/database/migrate.js';
import { createLogger } from '../dist/platform/src/log/logger.js';
import { systemClock } from '../dist/platform/src/clock.js';
import { startEmbeddedEngine } from '../dist/engine/src/index.js';
import { createZeebeClient } from '../dist/platform/src/zeebe-client.js';
import { CpuMeter, freePort, packageVersion, positiveInteger } from './support.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixture = path.join(here, 'fixtures', 'one-task.bpmn');
const bpmnProcessId = 'bench-one-task';

const settings = {
  /** Instances per full-load run (the issue asks for 10,000). */
  instances: positiveInteger('BENCH_INSTANCES', 10_000),
  warmup: positiveInteger('BENCH_WARMUP', 500),
  /** Instances in flight at full load: enough to keep both cores busy, few enough not to flood. */
  concurrency: positiveInteger('BENCH_CONCURRENCY', 200),
  fixedRate: positiveInteger('BENCH_RATE', 100),
  fixedRateSeconds: positiveInteger('BENCH_RATE_SECONDS', 20),
  /** No run may take longer than this; one that does stops launching and reports what it got. */
  phaseLimitMs: positiveInteger('BENCH_PHASE_LIMIT_S', 120) * 1000,
  /** bpmn-engine runs get less: the issue allows "as many as fit in about 60 s". */
  peerLimitMs: positiveInteger('BENCH_PEER_LIMIT_S', 45) * 1000,
  /** Worker capacity; it asks for more jobs when its active jobs fall to 30 % of this. */
  maxJobsToActivate: positiveInteger('BENCH_MAX_JOBS', 256),
  /** CreateProcessInstanceWithResult's own timeout: far above any latency we expect. */
  resultTimeoutMs: 60_000,
};

const rows = [];
const problems = [];

async function main() {
  const startedAt = performance.now();
  const xml = await fs.readFile(fixture, 'utf8');
  console.log(
    `engine-throughput: ${settings.instances} instances at full load (${settings.concurrency} in flight), ` +
      `${settings.fixedRate}/s for ${settings.fixedRateSeconds} s, warm-up ${settings.warmup}\n`,
  );

  const embedded = await benchEmbedded(xml);
  await benchBpmnEngine(xml);

  printTable();
  printRatios();
  printFacts(embedded.facts, (performance.now() - startedAt) / 1000);
  if (problems.length > 0) {
    console.log('\nPROBLEMS');
    for (const problem of problems) console.log(`- ${problem}`);
    process.exitCode = 1;
  }
}

// ---- the embedded engine ------------------------------------------------------------------------

async function benchEmbedded(xml) {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ektp-bench-'));
  // As root the server runs as `postgres`, which must be able to enter the directory.
  await fs.chmod(dir, 0o755);
  const log = createLogger({ level: 'warn' });
  const pg = await startEmbeddedPostgres({
    dataDir: path.join(dir, 'pg'),
    port: await freePort(),
    database: 'ektp',
    log,
  });
  const pool = createPool(pg.url, log, 10);
  let engine;
  let client;
  let worker;
  try {
    await migrate(pool);
    engine = await startEmbeddedEngine({
      pool,
      clock: systemClock,
      log,
      host: '127.0.0.1',
      port: 0,
    });
    client = createZeebeClient(engine.address);
    const deployment = await client.deployResource({
      process: Buffer.from(xml),
      name: 'one-task.bpmn',
    });
    const deployed = deployment.deployments[0]?.process?.bpmnProcessId;
    if (deployed !== bpmnProcessId)
      throw new Error(`deployment answered ${JSON.stringify(deployment)}`);

    let jobsCompleted = 0;
    worker = client.createWorker({
      taskType: 'bench-task',
      taskHandler: async (job) => {
        const ack = await job.complete({});
        jobsCompleted++;
        return ack;
      },
      maxJobsToActivate: settings.maxJobsToActivate,
      timeout: 30_000,
      pollInterval: 5,
      // Short on purpose: after worker.close() the SDK leaves its client-side timer for the open
      // long poll (longPoll + 1 s) running, which holds the process open that long at the end.
      longPoll: 3_000,
    });

    const startOne = () =>
      client.createProcessInstanceWithResult({
        bpmnProcessId,
        variables: {},
        requestTimeout: settings.resultTimeoutMs,
      });
    const cpu = new CpuMeter(pg.pid);

    const warmup = await closedLoop(
      'embedded warm-up',
      settings.warmup,
      100,
      settings.phaseLimitMs,
      startOne,
    );

    cpu.start();
    rows.push({
      engine: 'embedded (PostgreSQL, durable)',
      mode: `full load, ${settings.concurrency} in flight`,
      ...(await closedLoop(
        'embedded full load',
        settings.instances,
        settings.concurrency,
        settings.phaseLimitMs,
        startOne,
      )),
      cpu: cpu.stop(),
    });

    cpu.start();
    rows.push({
      engine: 'embedded (PostgreSQL, durable)',
      mode: `fixed ${settings.fixedRate}/s`,
      ...(await fixedRate(
        'embedded fixed rate',
        settings.fixedRate,
        settings.fixedRateSeconds,
        settings.phaseLimitMs,
        startOne,
      )),
      cpu: cpu.stop(),
    });

    const measured = rows.filter((r) => r.engine.startsWith('embedded'));
    const facts = await checkEmbeddedState(pool, [warmup, ...measured], () => jobsCompleted);
    return { facts };
  } finally {
    const closing = performance.now();
    await worker?.close().catch((error) => problems.push(`worker.close: ${error.message}`));
    await client?.close().catch((error) => problems.push(`client.close: ${error.message}`));
    await engine?.stop().catch((error) => problems.push(`engine.stop: ${error.message}`));
    await pool.end();
    await pg.stop();
    await fs.rm(dir, { recursive: true, force: true });
    console.log(
      `  embedded engine stopped in ${((performance.now() - closing) / 1000).toFixed(1)} s`,
    );
  }
}

/** Every instance the bench started must have completed, and nothing may be left behind. */
async function checkEmbeddedState(pool, runs, jobsCompleted) {
  const launched = runs.reduce((sum, r) => sum + r.launched, 0);
  const failed = runs.reduce((sum, r) => sum + r.failed, 0);
  // The worker's last completeJob answers may still be on their way when the last result arrives.
  for (let i = 0; i < 50 && jobsCompleted() < launched; i++) await sleep(20);
  const byState = await pool.query(
    `select state, count(*)::int as n from engine.process_instances
      where bpmn_process_id = $1 group by state order by state`,
    [bpmnProcessId],
  );
  const jobs = await pool.query('select count(*)::int as n from engine.jobs');
  const incidents = await pool.query('select count(*)::int as n from engine.incidents');
  const counts = Object.fromEntries(byState.rows.map((r) => [r.state, r.n]));
  const expectedCompleted = launched - failed;
  if ((counts.COMPLETED ?? 0) !== expectedCompleted)
    problems.push(
      `embedded: ${counts.COMPLETED ?? 0} instances COMPLETED in the database, expected ${expectedCompleted} (${JSON.stringify(counts)})`,
    );
  if (jobs.rows[0].n !== 0) problems.push(`embedded: ${jobs.rows[0].n} jobs left in engine.jobs`);
  if (incidents.rows[0].n !== 0) problems.push(`embedded: ${incidents.rows[0].n} incidents`);
  if (jobsCompleted() !== launched - failed)
    problems.push(
      `embedded: the worker completed ${jobsCompleted()} jobs, expected ${launched - failed}`,
    );
  const pgSettings = await pool.query(
    `select current_setting('server_version') as version,
            current_setting('synchronous_commit') as sync, current_setting('fsync') as fsync`,
  );
  const s = pgSettings.rows[0];
  return {
    postgres: `${s.version} (synchronous_commit=${s.sync}, fsync=${s.fsync})`,
    instancesInDb: JSON.stringify(counts),
    jobsCompleted: jobsCompleted(),
  };
}

// ---- bpmn-engine --------------------------------------------------------------------------------

async function benchBpmnEngine(xml) {
  // Parsed once, as the embedded engine keeps its parsed model; each instance still gets its own
  // Engine, which is how bpmn-engine runs one instance.
  const moddleContext = await new BpmnModdle().fromXML(xml);
  let serviceCalls = 0;
  const services = {
    // Answers on the next turn of the event loop, like an async handler, so that instances in
    // flight interleave instead of each running to its end inside execute().
    task(_scope, callback) {
      serviceCalls++;
      setImmediate(() => callback(null, {}));
    },
  };
  const startOne = async () => {
    const engine = new BpmnEngine({ name: bpmnProcessId, moddleContext });
    const ended = engine.waitFor('end');
    await engine.execute({ services });
    await ended;
  };

  await closedLoop('bpmn-engine warm-up', settings.warmup, 1, settings.peerLimitMs, startOne);
  const engineName = 'bpmn-engine (in memory)';
  for (const [mode, concurrency] of [
    ['full load, sequential', 1],
    [`full load, ${settings.concurrency} in flight`, settings.concurrency],
  ]) {
    const cpu = new CpuMeter();
    cpu.start();
    rows.push({
      engine: engineName,
      mode,
      ...(await closedLoop(
        `bpmn-engine ${mode}`,
        settings.instances,
        concurrency,
        settings.peerLimitMs,
        startOne,
      )),
      cpu: cpu.stop(),
    });
  }
  const cpu = new CpuMeter();
  cpu.start();
  rows.push({
    engine: engineName,
    mode: `fixed ${settings.fixedRate}/s`,
    ...(await fixedRate(
      'bpmn-engine fixed rate',
      settings.fixedRate,
      settings.fixedRateSeconds,
      settings.peerLimitMs,
      startOne,
    )),
    cpu: cpu.stop(),
  });
  const launched = rows
    .filter((r) => r.engine === engineName)
    .reduce((sum, r) => sum + r.launched, settings.warmup);
  if (serviceCalls !== launched)
    problems.push(`bpmn-engine: the service ran ${serviceCalls} times for ${launched} instances`);
}

// ---- load shapes --------------------------------------------------------------------------------

/** `count` instances, `concurrency` of them in flight, each started as soon as one completes. */
async function closedLoop(label, count, concurrency, limitMs, startOne) {
  const latencies = [];
  const errors = [];
  let next = 0;
  const started = performance.now();
  const deadline = started + limitMs;
  let last = started;
  const lane = async () => {
    while (next < count && performance.now() < deadline) {
      next++;
      const t0 = performance.now();
      try {
        await startOne();
        last = performance.now();
        latencies.push(last - t0);
      } catch (error) {
        errors.push(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
  return summarise(label, next, latencies, errors, last - started, next < count);
}

/**
 * Starts one instance every 1/rate s for `seconds` s, whether earlier ones have completed or not
 * (an open loop: a slow engine shows as latency, not as a lower rate). Latency still counts from
 * the moment the create call was made; `lag` says how late the launcher itself got.
 */
async function fixedRate(label, rate, seconds, limitMs, startOne) {
  const count = rate * seconds;
  const intervalMs = 1000 / rate;
  const latencies = [];
  const errors = [];
  const pending = [];
  let maxLagMs = 0;
  let launched = 0;
  const started = performance.now();
  const deadline = started + limitMs;
  let last = started;
  for (let i = 0; i < count && performance.now() < deadline; i++) {
    const due = started + i * intervalMs;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    const t0 = performance.now();
    maxLagMs = Math.max(maxLagMs, t0 - due);
    launched++;
    pending.push(
      startOne().then(
        () => {
          last = performance.now();
          latencies.push(last - t0);
        },
        (error) => errors.push(error),
      ),
    );
  }
  const launchSeconds = (performance.now() - started) / 1000;
  await Promise.all(pending);
  const result = summarise(label, launched, latencies, errors, last - started, launched < count);
  return {
    ...result,
    note: `sent ${(launched / launchSeconds).toFixed(1)}/s, max launch lag ${maxLagMs.toFixed(1)} ms`,
  };
}

function summarise(label, launched, latencies, errors, elapsedMs, cut) {
  const sorted = Float64Array.from(latencies).sort();
  const pick = (q) =>
    sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] : NaN;
  const result = {
    launched,
    completed: latencies.length,
    failed: errors.length,
    seconds: elapsedMs / 1000,
    perSecond: latencies.length / (elapsedMs / 1000),
    p50: pick(0.5),
    p95: pick(0.95),
    p99: pick(0.99),
    max: sorted.length ? sorted[sorted.length - 1] : NaN,
  };
  if (errors.length > 0) {
    const kinds = new Map();
    for (const error of errors) {
      const key = String(error?.message ?? error).slice(0, 200);
      kinds.set(key, (kinds.get(key) ?? 0) + 1);
    }
    for (const [message, n] of kinds) problems.push(`${label}: ${n} × ${message}`);
  }
  if (cut) problems.push(`${label}: stopped at its time limit after ${launched} instances`);
  console.log(
    `  ${label}: ${result.completed}/${launched} completed in ${result.seconds.toFixed(1)} s ` +
      `(${result.perSecond.toFixed(0)}/s, p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms)`,
  );
  return result;
}

// ---- output -------------------------------------------------------------------------------------

function printTable() {
  const header = [
    'engine',
    'mode',
    'done',
    'failed',
    'seconds',
    'inst/s',
    'p50 ms',
    'p95 ms',
    'p99 ms',
    'max ms',
    'cpu',
  ];
  const body = rows.map((r) => [
    r.engine,
    r.mode,
    `${r.completed}/${r.launched}`,
    String(r.failed),
    r.seconds.toFixed(1),
    r.perSecond.toFixed(0),
    r.p50.toFixed(1),
    r.p95.toFixed(1),
    r.p99.toFixed(1),
    r.max.toFixed(1),
    r.cpu,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((line) => line[i].length)));
  // Text columns (engine, mode, cpu) align left, numbers right, as in a Markdown table.
  const isText = (i) => i < 2 || i === header.length - 1;
  const format = (line) =>
    `| ${line.map((cell, i) => (isText(i) ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join(' | ')} |`;
  const rule = widths.map((w, i) => (isText(i) ? '-'.repeat(w + 2) : '-'.repeat(w + 1) + ':'));
  console.log('\nRESULTS');
  console.log(format(header));
  console.log(`|${rule.join('|')}|`);
  for (const line of body) console.log(format(line));
  for (const r of rows) if (r.note) console.log(`  ${r.engine}, ${r.mode}: ${r.note}`);
}

function printRatios() {
  const find = (engine, mode) =>
    rows.find((r) => r.engine.startsWith(engine) && r.mode.startsWith(mode));
  const embeddedFull = find('embedded', 'full load');
  const embeddedFixed = find('embedded', 'fixed');
  const peerFixed = find('bpmn-engine', 'fixed');
  const peers = rows.filter(
    (r) => r.engine.startsWith('bpmn-engine') && r.mode.startsWith('full load'),
  );
  if (!embeddedFull || peers.length === 0) return;
  console.log('\nRATIO embedded / bpmn-engine');
  for (const peer of peers) {
    console.log(
      `  throughput vs bpmn-engine ${peer.mode}: ${(embeddedFull.perSecond / peer.perSecond).toFixed(2)}× ` +
        `(${embeddedFull.perSecond.toFixed(0)} / ${peer.perSecond.toFixed(0)} instances/s)`,
    );
  }
  if (embeddedFixed && peerFixed) {
    console.log(
      `  latency at ${settings.fixedRate}/s: p50 ${(embeddedFixed.p50 / peerFixed.p50).toFixed(1)}×, ` +
        `p99 ${(embeddedFixed.p99 / peerFixed.p99).toFixed(1)}× (embedded ${embeddedFixed.p50.toFixed(1)} / ${embeddedFixed.p99.toFixed(1)} ms, ` +
        `bpmn-engine ${peerFixed.p50.toFixed(1)} / ${peerFixed.p99.toFixed(1)} ms)`,
    );
  }
}

function printFacts(embeddedFacts, totalSeconds) {
  const cpus = os.cpus();
  console.log('\nMACHINE');
  console.log(
    `  node ${process.version}, ${os.platform()} ${os.release()}, ${cpus.length} CPUs (${cpus[0]?.model.trim() ?? '?'})`,
  );
  console.log(
    `  memory ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  console.log(`  PostgreSQL ${embeddedFacts.postgres}`);
  console.log(
    `  @camunda8/sdk ${packageVersion('@camunda8/sdk')}, bpmn-engine ${packageVersion('bpmn-engine')}, ` +
      `worker maxJobsToActivate ${settings.maxJobsToActivate}, pool 10`,
  );
  console.log(
    `  embedded instances in the database by state: ${embeddedFacts.instancesInDb}; jobs completed by the worker: ${embeddedFacts.jobsCompleted}`,
  );
  console.log(
    `  heap used at the end ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MiB; total run ${totalSeconds.toFixed(0)} s`,
  );
}

// ---- small helpers ------------------------------------------------------------------------------

// Last, so that every class and constant above is initialised before the run begins.
await main();
