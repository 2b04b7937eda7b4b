import fs from 'node:fs/promises';

import {
  connectToProductDatabase,
  isAlive,
  killLeftoverProducts,
  postgresServing,
  postmasterPid,
  productSettings,
  type ProductSettings,
  startProductProcess,
  waitForHealthy,
} from '../helpers/product-process.js';

describe('npm start - start, stop and crash recovery', () => {
  let settings: ProductSettings;

  beforeEach(async () => {
    settings = await productSettings();
  });

  afterEach(async () => {
    killLeftoverProducts();
    await fs.rm(settings.dataDir, { recursive: true, force: true });
  });

  it('should answer /health for every part and leave no PostgreSQL behind after SIGTERM', async () => {
    // given
    const product = startProductProcess(settings.env);

    // when
    const health = await waitForHealthy(product, settings.httpPort);
    const serverPid = await postmasterPid(settings.dataDir);
    product.child.kill('SIGTERM');
    const exit = await product.exited;

    // then
    expect(health).toEqual({
      status: 'ok',
      parts: {
        database: { status: 'up', mode: 'embedded' },
        engine: {
          status: 'up',
          mode: 'embedded',
          address: `grpc://127.0.0.1:${settings.env.ZEEBE_GRPC_PORT}`,
          monitoringAddress: `http://127.0.0.1:${settings.env.ZEEBE_REST_PORT}`,
        },
        // The user-task worker and one worker per job type of processes/.
        workers: {
          status: 'up',
          jobTypes: expect.arrayContaining([
            'io.camunda.zeebe:userTask',
            'ektp.sla.deadline',
          ]) as string[],
        },
        api: { status: 'up', port: settings.httpPort },
      },
    });
    expect(product.output()).toContain(`open http://localhost:${settings.httpPort}/`);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(isAlive(serverPid)).toBe(false);
    expect(await postgresServing(settings.dataDir)).toEqual([]);
  }, 90_000);

  it('should recover the embedded database after the product was killed with SIGKILL', async () => {
    // given a running product holding a committed row
    const first = startProductProcess(settings.env);
    await waitForHealthy(first, settings.httpPort);
    const orphan = await postmasterPid(settings.dataDir);
    const client = await connectToProductDatabase(settings);
    await client.query(
      `insert into app.audit_log (occurred_at, actor, action, subject_type, subject_id)
       values (now(), 'test', 'create', 'crash-test', 'before-kill')`,
    );
    await client.end();

    // when the product dies without a chance to clean up, and is started again
    first.child.kill('SIGKILL');
    await first.exited;
    expect(isAlive(orphan)).toBe(true); // the server outlived its parent: the case to recover from
    const second = startProductProcess(settings.env);
    await waitForHealthy(second, settings.httpPort);

    // then the orphan is gone, a new server runs, and the committed row survived
    expect(isAlive(orphan)).toBe(false);
    const restarted = await postmasterPid(settings.dataDir);
    expect(restarted).not.toBe(orphan);
    expect(second.output()).toContain(
      'stopping a PostgreSQL server left running by an earlier crash',
    );
    const after = await connectToProductDatabase(settings);
    const { rows } = await after.query(`select subject_id from app.audit_log where actor = 'test'`);
    await after.end();
    expect(rows).toEqual([{ subject_id: 'before-kill' }]);

    second.child.kill('SIGINT');
    expect(await second.exited).toEqual({ code: 0, signal: null });
    expect(isAlive(restarted)).toBe(false);
  }, 120_000);

  it('should refuse a bad configuration value with one clear line and start nothing', async () => {
    // when
    const product = startProductProcess({ ...settings.env, PORT: 'tiga ribu' });
    const exit = await product.exited;

    // then
    expect(exit.code).toBe(78);
    expect(product.output().trim()).toBe(
      'Invalid configuration: PORT must be a whole number between 0 and 65535 (got "tiga ribu"). Fix the environment variable(s) and start again.',
    );
    expect(await fs.readdir(settings.dataDir)).toEqual([]);
  });

  it('should say which port is taken when the HTTP port is in use, and stop PostgreSQL again', async () => {
    // given
    const first = startProductProcess(settings.env);
    await waitForHealthy(first, settings.httpPort);
    const other = await productSettings();

    // when
    const second = startProductProcess({ ...other.env, PORT: settings.env.PORT ?? '' });
    const exit = await second.exited;

    // then
    expect(exit.code).toBe(1);
    expect(second.output()).toContain(
      `Port ${settings.httpPort} is already in use by another program: stop it, or set PORT to a free port.`,
    );
    expect(await postgresServing(other.dataDir)).toEqual([]);

    first.child.kill('SIGTERM');
    await first.exited;
    await fs.rm(other.dataDir, { recursive: true, force: true });
  }, 90_000);
});
