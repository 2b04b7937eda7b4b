/**
 * `npm start`: the whole product in one process tree on a single machine.
 * Ctrl-C or SIGTERM stops every part, PostgreSQL last; a second Ctrl-C exits at once (PostgreSQL
 * is still asked to shut down by the embedded server's exit hook).
 */
import { loadConfigOrReport } from './config/config.js';
import { StartupError } from './errors.js';
import { createLogger } from './log/logger.js';
import { startProduct } from './product/start-product.js';

async function main(): Promise<void> {
  const config = loadConfigOrReport();
  if (!config) return;
  const log = createLogger({ level: config.logLevel });

  let product;
  try {
    product = await startProduct(config, log);
  } catch (error) {
    if (!(error instanceof StartupError)) throw error;
    log.error(error.message);
    process.exitCode = 1;
    return;
  }
  log.info(`e-KTP is running: open ${product.url}`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      log.warn('stopping now without waiting', { signal });
      process.exit(130);
    }
    stopping = true;
    log.info('stopping', { signal });
    void product.stop().then(() => {
      log.info('stopped');
      process.exit(0);
    });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `Unexpected failure while starting: ${String((error as Error)?.stack ?? error)}\n`,
  );
  process.exit(1);
});
