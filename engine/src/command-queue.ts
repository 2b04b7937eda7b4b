/**
 * Every command that changes engine state runs through this queue, one at a time, like the stream
 * processor of a single Zeebe partition. Commands that arrive while a batch is being committed are
 * gathered into the next batch: one transaction, one fsync, for up to `maxBatch` commands. That
 * is what lets durable commits keep up with many small commands (about 1,200 fsyncs/s on this
 * kind of disk, see docs/adr/0006-engine-state-and-batching.md).
 *
 * A command that is rejected (an EngineError) has written nothing into the batch, so the others in
 * the batch still commit; a command alone in its batch is rolled back when rejected. If the transaction itself fails, each command is retried alone so one
 * bad command cannot take the others down with it.
 */
import type pg from 'pg';

import type { Clock } from '../../platform/src/clock.js';
import type { Logger } from '../../platform/src/log/logger.js';
import { EngineError } from './errors.js';
import { Batch } from './store/batch.js';
import type { KeyAllocator } from './store/key-allocator.js';

export type Command<T> = (batch: Batch) => Promise<T>;

interface Queued {
  run: Command<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
  alone: boolean;
}

const maxBatch = 200;
// Enough keys for any single command of part 1 (each element instance, job and incident takes one).
const keysPerCommand = 5000;

export class CommandQueue {
  private readonly pending: Queued[] = [];
  private draining = false;
  private stopped = false;
  private idle: Promise<void> = Promise.resolve();
  private markIdle: () => void = () => undefined;

  constructor(
    private readonly pool: pg.Pool,
    private readonly keys: KeyAllocator,
    private readonly clock: Clock,
    private readonly log: Logger,
    /** Called after each commit, before the commands' callers hear back. */
    private readonly onCommitted: (batch: Batch) => void = () => undefined,
  ) {}

  /**
   * Runs `command` in the next batch; resolves after its batch has committed.
   * `alone` commands (deployments) get a batch of their own.
   */
  submit<T>(command: Command<T>, options: { alone?: boolean } = {}): Promise<T> {
    if (this.stopped) return Promise.reject(new Error('the engine is stopping'));
    return new Promise<T>((resolve, reject) => {
      this.pending.push({
        run: command,
        resolve: resolve,
        reject,
        alone: options.alone ?? false,
      });
      if (!this.draining) void this.drain();
    });
  }

  /** Refuses new commands and waits for the queued ones to finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.idle;
  }

  private async drain(): Promise<void> {
    this.draining = true;
    this.idle = new Promise((resolve) => (this.markIdle = resolve));
    try {
      while (this.pending.length > 0) {
        const batch = this.takeBatch();
        try {
          await this.runBatch(batch);
        } catch (error) {
          if (batch.length === 1) {
            (batch[0] as Queued).reject(error);
            continue;
          }
          this.log.warn('a batch failed; running its commands one by one', {
            commands: batch.length,
            error,
          });
          for (const command of batch) {
            await this.runBatch([command]).catch((e: unknown) => command.reject(e));
          }
        }
      }
    } finally {
      this.draining = false;
      this.markIdle();
    }
  }

  private takeBatch(): Queued[] {
    const first = this.pending[0] as Queued;
    if (first.alone) return this.pending.splice(0, 1);
    let count = 0;
    while (
      count < this.pending.length &&
      count < maxBatch &&
      !(this.pending[count] as Queued).alone
    )
      count++;
    return this.pending.splice(0, count);
  }

  private async runBatch(commands: Queued[]): Promise<void> {
    const client = await this.pool.connect();
    const outcomes: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = [];
    let batch: Batch;
    try {
      await client.query('begin');
      batch = new Batch(client, this.clock.now());
      for (const command of commands) {
        await this.keys.reserve(keysPerCommand);
        try {
          outcomes.push({ ok: true, value: await command.run(batch) });
        } catch (error) {
          if (!(error instanceof EngineError)) throw error;
          outcomes.push({ ok: false, error });
        }
      }
      if (commands.length === 1 && outcomes[0]?.ok === false) {
        // A command alone in its batch (a deployment) may have written before it was refused.
        await client.query('rollback');
      } else {
        await batch.flush();
        await client.query('commit');
      }
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
    batch.runAfterCommit();
    this.onCommitted(batch);
    for (const [index, command] of commands.entries()) {
      const outcome = outcomes[index];
      if (outcome?.ok) command.resolve(outcome.value);
      else command.reject(outcome?.error);
    }
  }
}
