/**
 * The engine's sense of time: it fires due timers (earliest first), returns jobs whose activation
 * timed out, wakes workers when a retry back-off has passed and drops expired buffered messages.
 * It looks every `intervalMs` and at once when the controlled clock is moved.
 */
import type { Logger } from '../../platform/src/log/logger.js';
import type { Engine } from './engine.js';

const timerBatch = 100;

export class Scheduler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  private ticks = 0;

  constructor(
    private readonly engine: Engine,
    private readonly log: Logger,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.runNow(), this.intervalMs);
  }

  /** Runs one round now (or right after the current one); resolves when due work is done. */
  runNow(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.round().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
  }

  private async round(): Promise<void> {
    do {
      this.again = false;
      try {
        await this.engine.expireJobs();
        // A clock moved by 72 hours makes many timers due at once: fire them all, in due order.
        while ((await this.engine.fireDueTimers(timerBatch)) === timerBatch && !this.stopped) {
          // next batch
        }
        if (++this.ticks % 50 === 0) await this.engine.dropExpiredMessages();
      } catch (error) {
        if (!this.stopped) this.log.error('scheduler round failed', { error });
      }
    } while (this.again && !this.stopped);
  }
}
