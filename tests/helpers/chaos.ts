/**
 * The product under a killer, for crash-safety tests: it can be killed with SIGKILL at any moment
 * and is started again on the same data while the test keeps calling it. Calls wait while the
 * product is down and are sent again when a crash may have cut them off; the engine clock, which
 * the product keeps in memory, is pinned again at the test's time after every restart.
 */
import type { Zeebe } from '@camunda8/sdk';
import { status } from '@grpc/grpc-js';

import { createZeebeClient } from '../../platform/src/zeebe-client.js';
import {
  type ProductProcess,
  type ProductSettings,
  startProductProcess,
  waitForHealthy,
} from './product-process.js';

type Client = Zeebe.ZeebeGrpcClient;

/** mulberry32: a small seeded generator, so a failing run can be repeated with its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The numeric gRPC status of an SDK rejection, if it has one. */
export function grpcCode(error: unknown): number | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const { code } = error;
    if (typeof code === 'number') return code;
  }
  return undefined;
}

/** Runs `work` on every item, at most `limit` at a time. */
export async function forEachLimited<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

class CallTimeout extends Error {}

async function withTimeout<T>(call: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      call,
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new CallTimeout(`${what} did not answer within ${ms} ms`)),
          ms,
        );
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

// A kill closes the sockets, so a cut-off call fails with one of these; anything else is an answer.
const transientCodes = new Set<number>([status.UNAVAILABLE, status.CANCELLED]);

export interface CrashRecord {
  /** What the test was doing when the kill came. */
  during: string;
  /** From SIGKILL to healthy and clock pinned again. */
  downMs: number;
  /** What the test's `inspect` found in the database right after the restart, before the re-pin. */
  found?: unknown;
}

export class CrashingProduct {
  /** The test's time: the engine clock is pinned here, and again here after each restart. */
  clockAt: number;
  readonly crashes: CrashRecord[] = [];
  /** Calls sent again because a crash (or a dropped connection) may have cut them off. */
  resent = 0;
  private generation = 0;
  private up: Promise<void> = Promise.resolve();
  private readonly runs: ProductProcess[] = [];

  private constructor(
    private readonly settings: ProductSettings,
    private product: ProductProcess,
    private client: Client,
    clockAt: number,
    /** Calls are not sent again after this moment (epoch ms of the test machine). */
    private readonly giveUpAt: number,
  ) {
    this.clockAt = clockAt;
    this.runs.push(product);
  }

  static async start(
    settings: ProductSettings,
    clockAt: number,
    giveUpAt: number,
  ): Promise<CrashingProduct> {
    const product = startProductProcess(settings.env);
    await waitForHealthy(product, settings.httpPort);
    const running = new CrashingProduct(
      settings,
      product,
      createZeebeClient(`grpc://127.0.0.1:${settings.env.ZEEBE_GRPC_PORT}`),
      clockAt,
      giveUpAt,
    );
    await running.pinClock();
    return running;
  }

  /** Output of every run of the product, oldest first. */
  output(): string {
    return this.runs.map((run, i) => `----- run ${i + 1} -----\n${run.output()}`).join('\n');
  }

  /**
   * SIGKILL, then start again on the same data and pin the clock. Calls made meanwhile wait; a
   * restart that fails makes every waiting and later call fail with the product's output.
   */
  async crashAndRestart(during: string, inspect?: () => Promise<unknown>): Promise<void> {
    const killedAt = Date.now();
    this.generation++;
    let markUp: () => void = () => undefined;
    let markFailed: (error: unknown) => void = () => undefined;
    this.up = new Promise<void>((resolve, reject) => {
      markUp = resolve;
      markFailed = reject;
    });
    // Nobody may be waiting when the restart fails; the rejection is seen by the next call.
    this.up.catch(() => undefined);
    this.product.child.kill('SIGKILL');
    await this.product.exited;
    const old = this.client;
    void old.close().catch(() => undefined);
    try {
      this.product = startProductProcess(this.settings.env);
      this.runs.push(this.product);
      await waitForHealthy(this.product, this.settings.httpPort);
      this.client = createZeebeClient(`grpc://127.0.0.1:${this.settings.env.ZEEBE_GRPC_PORT}`);
      const found = await inspect?.();
      await this.pinClock();
      this.crashes.push({ during, downMs: Date.now() - killedAt, found });
      markUp();
    } catch (error) {
      markFailed(error);
      throw error;
    }
  }

  /**
   * Runs `call` against the current product until it answers. It is sent again, after the
   * restart, when a crash may have cut it off; `resent` tells it that an earlier attempt may
   * have taken effect unseen (so "already done" answers can be told from real rejections).
   */
  async call<T>(
    what: string,
    call: (client: Client, resent: boolean) => Promise<T>,
    timeoutMs = 30_000,
  ): Promise<T> {
    for (let resent = false; ; resent = true) {
      await this.up;
      const generation = this.generation;
      try {
        return await withTimeout(call(this.client, resent), timeoutMs, what);
      } catch (error) {
        // A call that outlived its timeout on a product that was not killed is a hang: report it.
        const cutOff = this.generation !== generation || transientCodes.has(grpcCode(error) ?? -1);
        if (!cutOff) throw error;
        if (Date.now() > this.giveUpAt)
          throw new Error(`${what}: still failing at the test's time limit`, { cause: error });
        this.resent++;
        // The killer has not noticed yet, or the new process is still binding its ports.
        if (this.generation === generation) await sleep(100);
      }
    }
  }

  /** Moves the test's time (and the engine clock) forward; resolves after the due timers fired. */
  async advanceClock(milliseconds: number): Promise<void> {
    this.clockAt += milliseconds;
    // A PUT of the absolute time, not a relative add: sent twice, it moves the clock once.
    for (;;) {
      await this.up;
      const generation = this.generation;
      try {
        await this.pinClock();
        return;
      } catch (error) {
        if (this.generation === generation) throw error;
        if (Date.now() > this.giveUpAt)
          throw new Error('the clock: still failing at the test time limit', { cause: error });
        this.resent++;
      }
    }
  }

  async stop(): Promise<void> {
    await this.up.catch(() => undefined);
    await this.client.close().catch(() => undefined);
    this.product.child.kill('SIGTERM');
    await this.product.exited;
  }

  private async pinClock(): Promise<void> {
    const response = await fetch(`http://127.0.0.1:${this.settings.httpPort}/v2/clock`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ timestamp: this.clockAt }),
      signal: AbortSignal.timeout(60_000),
    });
    if (response.status !== 200)
      throw new Error(`PUT /v2/clock answered ${response.status}: ${await response.text()}`);
  }
}
