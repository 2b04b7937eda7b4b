/**
 * The one source of time for the product. Code never calls `Date.now()` directly, so tests and the
 * engine's controlled clock can move time without sleeping.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
