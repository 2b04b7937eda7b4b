/**
 * Long-polling requests and job streams wait here for jobs of their type. The engine reports the
 * types that got activatable jobs after each commit; each waiter for such a type is woken once.
 */
import type { Engine } from '../engine.js';

type Waiter = () => void;

export class JobAvailability {
  private readonly waiters = new Map<string, Set<Waiter>>();
  private readonly unsubscribe: () => void;

  constructor(engine: Engine) {
    this.unsubscribe = engine.onJobsActivatable((types) => {
      for (const type of types) {
        for (const waiter of this.waiters.get(type) ?? []) waiter();
      }
    });
  }

  /** Calls `waiter` every time jobs of `type` may have become activatable; returns a remover. */
  watch(type: string, waiter: Waiter): () => void {
    let set = this.waiters.get(type);
    if (!set) {
      set = new Set();
      this.waiters.set(type, set);
    }
    set.add(waiter);
    return () => {
      set.delete(waiter);
      if (set.size === 0) this.waiters.delete(type);
    };
  }

  close(): void {
    this.unsubscribe();
    this.waiters.clear();
  }
}
