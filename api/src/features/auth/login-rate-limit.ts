/**
 * Sign-in attempts per client address: at most `limit` in any `windowMs` (default 10 a minute),
 * against password guessing across many logins. Kept in memory: one office runs one API process;
 * behind several API processes each counts its own share, which still bounds the rate.
 */
import type { Clock } from '../../../../platform/src/clock.js';

export class LoginRateLimit {
  private readonly attempts = new Map<string, number[]>();

  constructor(
    private readonly clock: Clock,
    private readonly limit = 10,
    private readonly windowMs = 60_000,
  ) {}

  /** Counts an attempt; false when the address has used up its attempts for now. */
  allow(address: string): boolean {
    const now = this.clock.now();
    const recent = (this.attempts.get(address) ?? []).filter((at) => now - at < this.windowMs);
    if (recent.length >= this.limit) {
      this.attempts.set(address, recent);
      return false;
    }
    recent.push(now);
    this.attempts.set(address, recent);
    if (this.attempts.size > 10_000) this.forgetIdle(now);
    return true;
  }

  /** Seconds until the oldest counted attempt leaves the window. */
  retryAfterSeconds(address: string): number {
    const oldest = this.attempts.get(address)?.[0];
    if (oldest === undefined) return 0;
    return Math.max(1, Math.ceil((oldest + this.windowMs - this.clock.now()) / 1000));
  }

  private forgetIdle(now: number): void {
    for (const [address, times] of this.attempts) {
      if (times.every((at) => now - at >= this.windowMs)) this.attempts.delete(address);
    }
  }
}
