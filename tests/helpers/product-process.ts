/**
 * Runs the product as `npm start` does (the compiled dist/ entry point) in a child process, on
 * free ports and a data directory of the test's own, for tests of start, stop and crash recovery.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import pg from 'pg';

import { projectRoot } from '../../platform/src/project-root.js';
import { freePort } from './test-postgres-server.js';

export interface ProductProcess {
  child: ChildProcess;
  output(): string;
  /** Resolves with the exit code (or signal) when the process ends. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export interface ProductSettings {
  dataDir: string;
  httpPort: number;
  env: Record<string, string>;
}

export async function productSettings(): Promise<ProductSettings> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'ektp-product-'));
  // As root the server runs as `postgres`, which must be able to enter the directory.
  await fs.chmod(dataDir, 0o755);
  const httpPort = await freePort();
  return {
    dataDir,
    httpPort,
    env: {
      PORT: String(httpPort),
      DATA_DIR: dataDir,
      EMBEDDED_PG_PORT: String(await freePort()),
      ZEEBE_GRPC_PORT: String(await freePort()),
      ZEEBE_REST_PORT: String(await freePort()),
      LOG_LEVEL: 'info',
    },
  };
}

const started = new Set<ChildProcess>();

/** Kills every product process a test started and did not stop (a failed test must not hang). */
export function killLeftoverProducts(): void {
  for (const child of started) if (child.exitCode === null) child.kill('SIGKILL');
  started.clear();
}

export function startProductProcess(env: Record<string, string>): ProductProcess {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !['DATABASE_URL', 'NODE_OPTIONS'].includes(key)),
  );
  const child = spawn(process.execPath, [path.join(projectRoot, 'dist/platform/src/main.js')], {
    env: { ...clean, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.add(child);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, output: () => output, exited };
}

/** Polls GET /health until it answers 200; fails with the product's output otherwise. */
export async function waitForHealthy(
  product: ProductProcess,
  port: number,
  timeoutMs = 60_000,
): Promise<unknown> {
  const deadline = Date.now() + timeoutMs;
  let exitedEarly = false;
  void product.exited.then(() => (exitedEarly = true));
  while (Date.now() < deadline && !exitedEarly) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/health`);
      if (response.status === 200) return await response.json();
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the product did not become healthy:\n${product.output()}`);
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function postmasterPid(dataDir: string): Promise<number> {
  const pidFile = await fs.readFile(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8');
  return Number(pidFile.split('\n')[0]);
}

/** PostgreSQL server processes serving `dataDir/pg`, found through /proc (the pid file is gone after a clean stop). */
export async function postgresServing(dataDir: string): Promise<number[]> {
  const target = path.join(dataDir, 'pg');
  const pids: number[] = [];
  for (const entry of await fs.readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const args = (await fs.readFile(`/proc/${entry}/cmdline`, 'utf8')).split('\0');
      if (args[0]?.endsWith('postgres') && args.includes(target)) pids.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return pids;
}

/** A connection to the product's embedded database (superuser), for checking what it stored. */
export async function connectToProductDatabase(settings: ProductSettings): Promise<pg.Client> {
  const password = (await fs.readFile(path.join(settings.dataDir, 'pg-password'), 'utf8')).trim();
  const client = new pg.Client({
    host: '127.0.0.1',
    port: Number(settings.env.EMBEDDED_PG_PORT),
    user: 'postgres',
    password,
    database: 'ektp',
  });
  await client.connect();
  return client;
}
