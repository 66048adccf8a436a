/**
 * The consumer's half of the deterministic-id contract: the ids (or dedup keys) of records a
 * partition has already applied, each with its event time, so a redelivery applies once. Kept
 * while the record could still matter and bounded in number (beyond it the oldest are
 * forgotten — a redelivery of one of those would apply again, so the bound is sized well above
 * a window's records and forgetting is counted). Pure.
 */
export class SeenKeys {
  private readonly keys = new Map<string, number>();
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
      this.keys.delete(this.keys.keys().next().value!);
      this.evicted++;
    }
  }

  /** Forgets keys of records at or before `cutoffMs` (they could only be late now). */
  expire(cutoffMs: number): void {
    for (const [key, ts] of this.keys) if (ts <= cutoffMs) this.keys.delete(key);
  }

  entries(): [string, number][] {
    return [...this.keys];
  }
}
