/**
 * The one source of time for the product. Code never calls `Date.now()` directly, so tests and the
 * engine's controlled clock can move time without sleeping.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/**
 * A clock that can be pinned to an instant and moved forward, for tests and simulation (the
 * engine's /v2/clock endpoint). Unpinned, it reads the system clock. Listeners hear every change,
 * so the scheduler can fire what became due at once.
 */
export class ControlledClock implements Clock {
  private pinnedAt: number | undefined;
  private readonly listeners = new Set<(now: number) => void>();

  constructor(private readonly source: Clock = systemClock) {}

  now(): number {
    return this.pinnedAt ?? this.source.now();
  }

  isPinned(): boolean {
    return this.pinnedAt !== undefined;
  }

  pin(timestamp: number): void {
    this.pinnedAt = timestamp;
    this.changed();
  }

  /** Moves the clock forward (pinning it at the new instant); time never goes back this way. */
  add(milliseconds: number): void {
    if (milliseconds < 0)
      throw new RangeError('the clock only moves forward: give a positive duration');
    this.pinnedAt = this.now() + milliseconds;
    this.changed();
  }

  reset(): void {
    this.pinnedAt = undefined;
    this.changed();
  }

  onChange(listener: (now: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    const now = this.now();
    for (const listener of this.listeners) listener(now);
  }
}
