/**
 * What the event benches share (timer-lag, message-correlation, timer-memory): an embedded
 * PostgreSQL in a fresh temporary directory with the migrations, the embedded engine on a free port
 * of 127.0.0.1, percentiles, CPU metering and the Markdown tables they print.
 * bench/engine-throughput.mjs predates this file and keeps its own copies.
 */
import { Buffer } from 'node:buffer';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

import { startEmbeddedPostgres } from '../dist/platform/src/database/embedded-postgres.js';
import { createPool } from '../dist/platform/src/database/open-database.js';
import { migrate } from '../dist/platform/src/database/migrate.js';
import { createLogger } from '../dist/platform/src/log/logger.js';
import { systemClock } from '../dist/platform/src/clock.js';
import { startEmbeddedEngine } from '../dist/engine/src/index.js';
import { createZeebeClient } from '../dist/platform/src/zeebe-client.js';

const here = path.dirname(fileURLToPath(import.meta.url));
export const projectRoot = path.dirname(here);

export { createZeebeClient, sleep, systemClock };

export const log = createLogger({ level: 'warn' });

/**
 * A durable embedded PostgreSQL (synchronous_commit=on, fsync=on, as the product runs it) in a
 * fresh temporary directory, migrated. `stop()` removes the directory.
 */
export async function startDatabase(poolSize = 10) {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ektp-bench-'));
  // As root the server runs as `postgres`, which must be able to enter the directory.
  await fs.chmod(dir, 0o755);
  const pg = await startEmbeddedPostgres({
    dataDir: path.join(dir, 'pg'),
    port: await freePort(),
    database: 'ektp',
    log,
  });
  const pool = createPool(pg.url, log, poolSize);
  try {
    await migrate(pool);
  } catch (error) {
    await pool.end();
    await pg.stop();
    await fs.rm(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    pg,
    pool,
    url: pg.url,
    async stop() {
      // pool.end() resolves before the server has seen every connection close; the fast
      // shutdown then cuts those, which the pool would report as lost idle connections.
      pool.removeAllListeners('error');
      pool.on('error', () => undefined);
      await pool.end();
      await pg.stop();
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}

/** The embedded engine on the real clock (the scheduler polls every 100 ms) and an SDK client. */
export async function startEngine(pool) {
  const engine = await startEmbeddedEngine({
    pool,
    clock: systemClock,
    log,
    host: '127.0.0.1',
    port: 0,
  });
  const client = createZeebeClient(engine.address);
  return { engine, client };
}

/** Deploys one BPMN document and returns its process definition key. */
export async function deploy(client, xml, name) {
  const deployment = await client.deployResource({ process: Buffer.from(xml), name });
  const key = deployment.deployments[0]?.process?.processDefinitionKey;
  if (!key) throw new Error(`deployment of ${name} answered ${JSON.stringify(deployment)}`);
  return String(key);
}

// ---- load shapes --------------------------------------------------------------------------------

/**
 * Calls `run(i)` for i = 0 … count-1 with `concurrency` calls in flight, until done or `limitMs`
 * has passed. Returns each call's latency (ms), the errors and the elapsed time.
 */
export async function closedLoop(count, concurrency, limitMs, run) {
  const latencies = [];
  const errors = [];
  let next = 0;
  const started = performance.now();
  const deadline = started + limitMs;
  const lane = async () => {
    while (next < count && performance.now() < deadline) {
      const i = next++;
      const t0 = performance.now();
      try {
        await run(i);
        latencies.push(performance.now() - t0);
      } catch (error) {
        errors.push(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
  return {
    launched: next,
    latencies,
    errors,
    elapsedMs: performance.now() - started,
    cut: next < count,
  };
}

/** Polls `probe` every `everyMs` until it returns true or `limitMs` passes; returns whether it did. */
export async function waitUntil(probe, limitMs, everyMs = 20) {
  const deadline = performance.now() + limitMs;
  for (;;) {
    if (await probe()) return true;
    if (performance.now() >= deadline) return false;
    await sleep(everyMs);
  }
}

/** Groups errors by message, for the PROBLEMS list. */
export function describeErrors(label, errors) {
  const kinds = new Map();
  for (const error of errors) {
    const key = String(error?.message ?? error).slice(0, 200);
    kinds.set(key, (kinds.get(key) ?? 0) + 1);
  }
  return [...kinds].map(([message, n]) => `${label}: ${n} × ${message}`);
}

// ---- statistics ---------------------------------------------------------------------------------

/** p50/p95/p99/max (nearest rank) of a list of numbers; NaN when it is empty. */
export function percentiles(values) {
  const sorted = Float64Array.from(values).sort();
  const pick = (q) =>
    sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] : NaN;
  return {
    n: sorted.length,
    min: sorted.length ? sorted[0] : NaN,
    p50: pick(0.5),
    p95: pick(0.95),
    p99: pick(0.99),
    max: sorted.length ? sorted[sorted.length - 1] : NaN,
  };
}

export const ms = (value) => (Number.isFinite(value) ? value.toFixed(1) : '–');
export const mib = (bytes) => (bytes / 2 ** 20).toFixed(1);

// ---- CPU use ------------------------------------------------------------------------------------

/**
 * CPU time of this Node process (engine, gRPC server, SDK client all live in it) and of the
 * PostgreSQL server with its backends, as a share of one core over the measured run, and the
 * longest the event loop was blocked.
 */
export class CpuMeter {
  constructor(postgresPid) {
    this.postgresPid = postgresPid;
  }

  start() {
    this.loop = monitorEventLoopDelay({ resolution: 10 });
    this.loop.enable();
    this.wall = performance.now();
    this.node = process.cpuUsage();
    this.pg = this.postgresPid ? postgresTicks(this.postgresPid) : 0;
    return this;
  }

  stop() {
    const wallMs = performance.now() - this.wall;
    const node = process.cpuUsage(this.node);
    this.loop.disable();
    const nodePct = ((node.user + node.system) / 1000 / wallMs) * 100;
    const loopMax = `loop max ${(this.loop.max / 1e6).toFixed(0)} ms`;
    if (!this.postgresPid) return `node ${nodePct.toFixed(0)}%, ${loopMax}`;
    const pgMs = ((postgresTicks(this.postgresPid) - this.pg) * 1000) / clockTicksPerSecond();
    return `node ${nodePct.toFixed(0)}%, pg ${((pgMs / wallMs) * 100).toFixed(0)}%, ${loopMax}`;
  }
}

/** CPU ticks of the postmaster and its children, from /proc (Linux only; 0 elsewhere). */
function postgresTicks(postmasterPid) {
  if (!existsSync('/proc')) return 0;
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue;
    }
    // "pid (comm) state ppid ... utime stime" — comm may contain spaces, so split after ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const pid = Number(entry);
    const ppid = Number(fields[1]);
    // The postmaster's cutime + cstime hold the CPU time of backends that have already exited
    // (the pool closes idle connections), so the sum does not drop when one goes.
    if (pid === postmasterPid)
      total += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
    else if (ppid === postmasterPid) total += Number(fields[11]) + Number(fields[12]);
  }
  return total;
}

let ticks;
function clockTicksPerSecond() {
  ticks ??= Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;
  return ticks;
}

// ---- output -------------------------------------------------------------------------------------

/**
 * Prints a Markdown table. `columns` is a list of [header, (row) => text, 'left' | 'right'];
 * numbers align right, text left.
 */
export function printTable(title, columns, rows) {
  const header = columns.map(([name]) => name);
  const body = rows.map((row) => columns.map(([, cell]) => String(cell(row))));
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((line) => line[i].length)));
  const isText = (i) => columns[i][2] === 'left';
  const format = (line) =>
    `| ${line.map((cell, i) => (isText(i) ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join(' | ')} |`;
  const rule = widths.map((w, i) => (isText(i) ? '-'.repeat(w + 2) : '-'.repeat(w + 1) + ':'));
  console.log(`\n${title}`);
  console.log(format(header));
  console.log(`|${rule.join('|')}|`);
  for (const line of body) console.log(format(line));
}

export async function printMachine(pool, totalSeconds, extra = []) {
  const cpus = os.cpus();
  const { rows } = await pool.query(
    `select current_setting('server_version') as version,
            current_setting('synchronous_commit') as sync, current_setting('fsync') as fsync`,
  );
  const s = rows[0];
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
  console.log(
    `  PostgreSQL ${s.version} (synchronous_commit=${s.sync}, fsync=${s.fsync}), @camunda8/sdk ${packageVersion('@camunda8/sdk')}`,
  );
  for (const line of extra) console.log(`  ${line}`);
  console.log(`  total run ${totalSeconds.toFixed(0)} s`);
}

export function printProblems(problems) {
  if (problems.length === 0) return;
  console.log('\nPROBLEMS');
  for (const problem of problems) console.log(`- ${problem}`);
  process.exitCode = 1;
}

// ---- small helpers ------------------------------------------------------------------------------

export function packageVersion(name) {
  const file = path.join(projectRoot, 'node_modules', ...name.split('/'), 'package.json');
  try {
    return JSON.parse(readFileSync(file, 'utf8')).version;
  } catch {
    return '?';
  }
}

export function positiveInteger(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) {
    console.error(`${name} must be a positive integer, got "${raw}"`);
    process.exit(2);
  }
  return value;
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}
