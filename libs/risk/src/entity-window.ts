/**
 * One entity's contributions inside one policy's window, ordered by event time, with the
 * aggregates kept as they change — a running score sum and multiset counts of tactics and
 * sources — so adding, expiring or capping a contribution costs O(1) amortised and nothing ever
 * rescans the window. Contribution ids are remembered while in the window: a duplicate (a
 * re-produced output after an upstream crash) counts once.
 */
export interface WindowEntry {
  readonly id: string;
  readonly ts: number;
  readonly score: number;
  readonly rule: string;
  readonly level: string;
  readonly tactics: readonly string[];
  /** The whole contribution, kept only for policies that include results. */
  readonly result?: unknown;
  /** The `traceparent` the contribution arrived with, for the incident's span links. */
  readonly trace?: string;
}

/** Entries as tuples, not objects: a snapshot holds millions of them, so keys would dominate. */
type EncodedEntry = [
  id: string,
  ts: number,
  score: number,
  rule: string,
  level: string,
  tactics: readonly string[],
  /** null when there is none but a trace follows. */
  result?: unknown,
  trace?: string,
];

export interface EncodedWindow {
  readonly e: readonly EncodedEntry[];
  /** The running sum as it was, not re-added: floating-point order must match the run. */
  readonly s: number;
  readonly f: number | null;
}

function bump(counts: Map<string, number>, key: string, by: number): void {
  const next = (counts.get(key) ?? 0) + by;
  if (next === 0) counts.delete(key);
  else counts.set(key, next);
}

export class EntityWindow {
  private entries: WindowEntry[] = [];
  private head = 0;
  private readonly ids = new Set<string>();
  readonly tactics = new Map<string, number>();
  readonly sources = new Map<string, number>();
  scoreSum = 0;
  lastFiredMs: number | null = null;

  get size(): number {
    return this.entries.length - this.head;
  }

  get oldestMs(): number | null {
    return this.size > 0 ? this.entries[this.head]!.ts : null;
  }

  get newestMs(): number | null {
    return this.size > 0 ? this.entries[this.entries.length - 1]!.ts : null;
  }

  has(id: string): boolean {
    return this.ids.has(id);
  }

  /** Inserts in event-time order (appending when in order, the usual case). */
  add(entry: WindowEntry): void {
    const last = this.entries[this.entries.length - 1];
    if (this.size === 0 || entry.ts >= last!.ts) this.entries.push(entry);
    else {
      let lo = this.head;
      let hi = this.entries.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (this.entries[mid]!.ts <= entry.ts) lo = mid + 1;
        else hi = mid;
      }
      this.entries.splice(lo, 0, entry);
    }
    this.ids.add(entry.id);
    this.scoreSum += entry.score;
    bump(this.sources, entry.rule, 1);
    for (const t of entry.tactics) bump(this.tactics, t, 1);
  }

  private removeOldest(): void {
    const entry = this.entries[this.head]!;
    this.head++;
    this.ids.delete(entry.id);
    this.scoreSum -= entry.score;
    bump(this.sources, entry.rule, -1);
    for (const t of entry.tactics) bump(this.tactics, t, -1);
    if (this.size === 0) this.scoreSum = 0; // no drift survives an empty window
    if (this.head > 1024 && this.head * 2 > this.entries.length) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    }
  }

  /** Drops contributions with ts ≤ cutoff. */
  expire(cutoffMs: number): void {
    while (this.size > 0 && this.entries[this.head]!.ts <= cutoffMs) this.removeOldest();
  }

  /** Keeps at most `max` contributions, dropping the oldest. */
  cap(max: number): void {
    while (this.size > max) this.removeOldest();
  }

  list(): readonly WindowEntry[] {
    return this.entries.slice(this.head);
  }

  encode(): EncodedWindow {
    const e = this.list().map((x): EncodedEntry => {
      const entry: EncodedEntry = [x.id, x.ts, x.score, x.rule, x.level, x.tactics];
      if (x.result !== undefined || x.trace !== undefined) entry.push(x.result ?? null);
      if (x.trace !== undefined) entry.push(x.trace);
      return entry;
    });
    return { e, s: this.scoreSum, f: this.lastFiredMs };
  }

  static decode(encoded: EncodedWindow): EntityWindow {
    const w = new EntityWindow();
    for (const [id, ts, score, rule, level, tactics, result, trace] of encoded.e) {
      w.add({
        id,
        ts,
        score,
        rule,
        level,
        tactics,
        ...(result !== undefined && result !== null ? { result } : {}),
        ...(trace !== undefined ? { trace } : {}),
      });
    }
    w.scoreSum = encoded.s;
    w.lastFiredMs = encoded.f;
    return w;
  }
}
