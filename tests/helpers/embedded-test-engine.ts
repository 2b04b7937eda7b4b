/** The embedded engine for a test file: a database of its own and a gRPC port chosen by the OS. */
import { ControlledClock } from '../../platform/src/clock.js';
import { createLogger } from '../../platform/src/log/logger.js';
import { startEmbeddedEngine } from '../../engine/src/index.js';
import { createClient, type TestEngine } from './engine-harness.js';
import { createTestDatabase } from './test-database.js';

export async function startEmbeddedTestEngine(): Promise<TestEngine> {
  const database = await createTestDatabase();
  const log = createLogger({ level: process.env.TEST_LOG_LEVEL === 'debug' ? 'debug' : 'error' });
  const clock = new ControlledClock();
  const running = await startEmbeddedEngine({
    pool: database.pool,
    clock,
    log,
    host: '127.0.0.1',
    port: 0,
  });
  const client = createClient(running.address);
  return {
    address: running.address,
    client,
    embedded: true,
    clock: {
      now: () => clock.now(),
      pin: async (timestamp) => {
        clock.pin(timestamp);
        await running.runDueWork();
      },
      add: async (milliseconds) => {
        clock.add(milliseconds);
        await running.runDueWork();
      },
      reset: async () => {
        clock.reset();
        await running.runDueWork();
      },
    },
    incidentKeys: async (processInstanceKey) => {
      const { rows } = await database.pool.query<{ key: string }>(
        `select key::text from engine.incidents where process_instance_key = $1 and state = 'ACTIVE' order by key`,
        [processInstanceKey],
      );
      return rows.map((row) => row.key);
    },
    stop: async () => {
      await client.close();
      await running.stop();
      await database.drop();
    },
  };
}
