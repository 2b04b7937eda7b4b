/**
 * CreateProcessInstanceWithResult callers waiting for their instance to end. They are answered
 * after the commit that completed (or terminated) the instance, or when their timeout passes.
 */
import { DeadlineExceededError } from './errors.js';
import type { Variables } from './runtime/instance-state.js';

type InstanceWaiter = {
  resolve(variables: Variables): void;
  reject(error: Error): void;
};

export class InstanceWaiters {
  private readonly waiters = new Map<string, InstanceWaiter[]>();

  wait(key: string, timeoutMs: number): Promise<Variables> {
    return new Promise<Variables>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.settle(key, {
          error: new DeadlineExceededError(
            `Expected the process instance with key '${key}' to complete within ${timeoutMs} ms, but it did not`,
          ),
        });
      }, timeoutMs);
      const waiter: InstanceWaiter = {
        resolve: (variables) => {
          clearTimeout(timer);
          resolve(variables);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      this.waiters.set(key, [...(this.waiters.get(key) ?? []), waiter]);
    });
  }

  settle(key: string, outcome: { variables: Variables } | { error: Error }): void {
    const waiters = this.waiters.get(key);
    if (!waiters) return;
    this.waiters.delete(key);
    for (const waiter of waiters) {
      if ('error' in outcome) waiter.reject(outcome.error);
      else waiter.resolve(outcome.variables);
    }
  }

  /** Drops the waiters of an instance that was never created (its command was refused). */
  forget(key: string): void {
    this.waiters.delete(key);
  }

  rejectAll(error: Error): void {
    for (const [key] of this.waiters) this.settle(key, { error });
  }
}
