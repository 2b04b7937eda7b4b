import type pg from 'pg';

/** Zeebe keys carry the partition in their top bits: partition 1 starts at 2^51. */
const partitionOne = 1n << 51n;
const blockSize = 10_000;

/**
 * Hands out int64 keys from blocks reserved in the `engine.keys` sequence (increment 10,000), so
 * a key costs no round trip. A block is reserved before any of its keys is used, and a sequence
 * never goes back, so keys are never reused — not even after a crash, which only skips the rest
 * of a block.
 */
export class KeyAllocator {
  private next = 0n;
  private end = 0n;

  constructor(private readonly pool: pg.Pool) {}

  /** Makes sure at least `count` keys can be handed out synchronously. */
  async reserve(count: number): Promise<void> {
    while (this.end - this.next < BigInt(count)) {
      const { rows } = await this.pool.query<{ start: string }>(
        `select nextval('engine.keys')::text as start`,
      );
      const start = BigInt(rows[0]?.start ?? '0');
      if (this.next === this.end) this.next = start;
      else if (start !== this.end) {
        // Not contiguous with what is left: drop the rest of the old block.
        this.next = start;
      }
      this.end = start + BigInt(blockSize);
    }
  }

  remaining(): number {
    return Number(this.end - this.next);
  }

  /** Synchronous: call reserve() before a command that needs keys. */
  nextKey(): string {
    if (this.next >= this.end)
      throw new Error('KeyAllocator: no reserved keys left; reserve() first');
    const key = partitionOne + this.next;
    this.next += 1n;
    return key.toString();
  }
}
