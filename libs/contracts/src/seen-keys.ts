/**
 * The consumer's half of the deterministic-id contract: the ids (or dedup keys) of records a
 * partition has already applied, each with its event time, so a redelivery applies once. Kept
 * while the record could still matter and bounded in number (beyond it the oldest are
 * forgotten — a redelivery of one of those would apply again, so the bound is sized well above
 * a window's records and forgetting is counted). Pure.
 */
import { FifoMap } from './fifo-map';

export class SeenKeys {
  private readonly keys = new FifoMap<string, number>();
  /** Keys forgotten because of the bound while still in the window. */
  evicted = 0;

  constructor(private readonly max: number) {}

  get size(): number {
    return this.keys.size;
  }

  has(key: string): boolean {
    return this.keys.has(key);
  }

  add(key: string, tsMs: number): void {
    this.keys.set(key, tsMs);
    if (this.keys.size > this.max) {
      this.keys.dropOldest();
      this.evicted++;
    }
  }

  /**
   * Forgets keys of records at or before `cutoffMs`, oldest applied first, stopping at the
   * first newer one: O(forgotten). A late record's key may outlive its cutoff until the keys
   * applied before it go — harmless, as such a record could only be late now.
   */
  expire(cutoffMs: number): void {
    for (let oldest = this.keys.oldest(); oldest && oldest[1] <= cutoffMs; oldest = this.keys.oldest())
      this.keys.dropOldest();
  }

  entries(): [string, number][] {
    return this.keys.entries();
  }
}
