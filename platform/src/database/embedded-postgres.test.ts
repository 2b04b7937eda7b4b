import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

import pg from 'pg';

import { freePort } from '../../../tests/helpers/test-postgres-server.js';
import { StartupError } from '../errors.js';
import { createLogger } from '../log/logger.js';
import { explainEarlyExit, startEmbeddedPostgres } from './embedded-postgres.js';

const log = createLogger({ level: 'silent' });

describe('database - startEmbeddedPostgres', () => {
  let parent: string;

  beforeEach(async () => {
    parent = await fs.mkdtemp(path.join(os.tmpdir(), 'ektp-pg-'));
    await fs.chmod(parent, 0o755);
  });

  afterEach(async () => {
    await fs.rm(parent, { recursive: true, force: true });
  });

  it('should say what to do when the port is taken', async () => {
    // given
    const port = await freePort();
    const squatter = net.createServer();
    await new Promise<void>((resolve) => squatter.listen(port, '127.0.0.1', resolve));

    // when
    const attempt = startEmbeddedPostgres({
      dataDir: path.join(parent, 'pg'),
      port,
      database: 'ektp',
      log,
    });

    // then
    await expect(attempt).rejects.toThrow(
      new StartupError(
        `Port ${port} for the embedded PostgreSQL is already in use by another program: stop that program, or set EMBEDDED_PG_PORT to a free port.`,
      ),
    );
    await new Promise((resolve) => squatter.close(resolve));
  });

  it('should refuse a data directory that holds something else, and leave it untouched', async () => {
    // given
    const dataDir = path.join(parent, 'pg');
    await fs.mkdir(dataDir);
    await fs.writeFile(path.join(dataDir, 'laporan.xlsx'), 'not a database');
    await fs.writeFile(path.join(parent, 'pg-password'), 'secret\n');

    // when
    const attempt = startEmbeddedPostgres({
      dataDir,
      port: await freePort(),
      database: 'ektp',
      log,
    });

    // then
    await expect(attempt).rejects.toThrow(
      new StartupError(
        `${dataDir} is not a PostgreSQL data directory (it has no PG_VERSION): move it away, or set DATA_DIR to another directory.`,
      ),
    );
    expect(await fs.readdir(dataDir)).toEqual(['laporan.xlsx']);
  });

  it('should refuse a data directory made by another PostgreSQL version', async () => {
    // given
    const dataDir = path.join(parent, 'pg');
    await fs.mkdir(dataDir);
    await fs.writeFile(path.join(dataDir, 'PG_VERSION'), '9\n');
    await fs.writeFile(path.join(parent, 'pg-password'), 'secret\n');

    // then
    await expect(
      startEmbeddedPostgres({ dataDir, port: await freePort(), database: 'ektp', log }),
    ).rejects.toThrow(
      /was created by PostgreSQL 9 but the bundled server is \d+: dump it with that version/,
    );
  });

  it('should refuse to start on a database whose password file was lost', async () => {
    // given
    const dataDir = path.join(parent, 'pg');
    await fs.mkdir(dataDir);
    await fs.writeFile(path.join(dataDir, 'PG_VERSION'), '18\n');

    // then
    await expect(
      startEmbeddedPostgres({ dataDir, port: await freePort(), database: 'ektp', log }),
    ).rejects.toThrow(
      /pg-password \(the embedded database's password\) is missing but .* holds a database/,
    );
  });

  it('should create, stop and start again a cluster that keeps its data', async () => {
    // given
    const dataDir = path.join(parent, 'pg');
    const port = await freePort();
    const first = await startEmbeddedPostgres({ dataDir, port, database: 'ektp', log });
    try {
      await withClient(first.url, async (client) => {
        await client.query('create table kept (v text)');
        await client.query('insert into kept values ($1)', ['ada']);
      });
    } finally {
      // when
      await first.stop();
      await first.stop(); // a second stop is harmless
    }
    const second = await startEmbeddedPostgres({ dataDir, port, database: 'ektp', log });

    // then
    try {
      const rows = await withClient(
        second.url,
        async (client) => (await client.query<{ v: string }>('select v from kept')).rows,
      );
      expect(rows).toEqual([{ v: 'ada' }]);
    } finally {
      await second.stop();
    }
  });
});

async function withClient<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

describe('database - explainEarlyExit', () => {
  it.each([
    [
      ['LOG:  could not bind IPv4 address "127.0.0.1": Address already in use'],
      'Port 5 for the embedded PostgreSQL is already in use by another program: stop that program, or set EMBEDDED_PG_PORT to a free port.',
    ],
    [
      [
        'FATAL:  lock file "postmaster.pid" already exists',
        'HINT:  Is another postmaster (PID 4242) running in data directory "/d"?',
      ],
      'Another PostgreSQL server (pid 4242) is using /d: stop it (kill -INT 4242), or set DATA_DIR to another directory.',
    ],
    [
      ['FATAL:  data directory "/d" has invalid permissions'],
      'PostgreSQL cannot use /d (FATAL:  data directory "/d" has invalid permissions): make it owned by the server\'s user with mode 700, or move it away to start empty.',
    ],
    [
      ['LOG:  starting', 'PANIC:  could not locate a valid checkpoint record'],
      'PostgreSQL stopped while starting: PANIC:  could not locate a valid checkpoint record. Check /d, or move it away to start empty.',
    ],
  ])('should explain %j in one line', (lines, expected) => {
    expect(explainEarlyExit(lines, '/d', 5).message).toBe(expected);
  });
});
