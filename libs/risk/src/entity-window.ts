/**
 * One entity's contributions inside one policy's window, ordered by event time, with the
 * aggregates kept as they change — a running score sum, the sum anti-stacking counts (when the
 * policy caps sources), and multiset counts of tactics and sources — so adding, expiring or
 * capping a contribution never rescans the window. Contribution ids are remembered while in the
 * window: a duplicate (a re-produced output after an upstream crash) counts once. The window
 * also carries its episode (episode.ts) and the view an analyst judged false positive.
 */
import type { Episode, JudgedView } from './episode';
import { capsAnything, SourceScores, type SourceCap } from './source-cap';

/** What a contribution says beyond its score, kept for the incident's explanation. */
export interface EntryDetail {
  /** The rendered risk message. */
  readonly m?: string;
  /** Risk factors applied: name and effect (`×1.5`, `+10`). */
  readonly f?: readonly string[];
  /** Threat objects as `type:value`. */
  readonly t?: readonly string[];
  /** The entity's criticality when the contribution was made. */
  readonly c?: string;
}

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
  readonly detail?: EntryDetail;
}

/** Entries as tuples, not objects: a snapshot holds millions of them, so keys would dominate. */
type EncodedEntry = [
  id: string,
  ts: number,
  score: number,
  rule: string,
  level: string,
  tactics: readonly string[],
  /** null when there is none but a trace or detail follows. */
  result?: unknown,
  /** null when there is none but a detail follows. */
  trace?: string | null,
  detail?: EntryDetail,
];

export interface EncodedWindow {
  readonly e: readonly EncodedEntry[];
  /** The running sums as they were, not re-added: floating-point order must match the run. */
  readonly s: number;
  /** The counted sum and the cap it was counted under (`max/multiple`). */
  readonly c?: readonly [number, string];
  readonly f: number | null;
  readonly ep?: Episode | null;
  readonly jd?: JudgedView | null;
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
  /** Per source, for anti-stacking; null when the policy caps nothing. */
  private readonly capped: SourceScores | null;
  scoreSum = 0;
  /** The sum anti-stacking lets count (= scoreSum without caps). */
  private countedSum = 0;
  /** Entity time of the last incident record published from this window. */
  lastFiredMs: number | null = null;
  episode: Episode | null = null;
  judged: JudgedView | null = null;

  private readonly capSignature: string;

  constructor(cap: SourceCap | null = null) {
    this.capped = cap && capsAnything(cap) ? new SourceScores(cap) : null;
    this.capSignature = cap ? `${cap.maxPerSource}/${cap.multiple}` : '';
  }

  /** The score thresholds are judged on: the sum, after anti-stacking caps. */
  get score(): number {
    return this.capped ? this.countedSum : this.scoreSum;
  }

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

  /** Inserts in event-time order (appending when in order, the usual case); returns the score it counts for. */
  add(entry: WindowEntry): number {
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
    const counted = this.capped ? this.capped.add(entry.rule, entry.score) : entry.score;
    this.countedSum += counted;
    bump(this.sources, entry.rule, 1);
    for (const t of entry.tactics) bump(this.tactics, t, 1);
    return counted;
  }

  /** Removes the oldest contribution; returns its event time. */
  removeOldest(): number {
    const entry = this.entries[this.head]!;
    this.head++;
    this.ids.delete(entry.id);
    this.scoreSum -= entry.score;
    this.countedSum += this.capped ? this.capped.remove(entry.rule, entry.score) : -entry.score;
    bump(this.sources, entry.rule, -1);
    for (const t of entry.tactics) bump(this.tactics, t, -1);
    if (this.size === 0) this.scoreSum = this.countedSum = 0; // no drift survives an empty window
    if (this.head > 1024 && this.head * 2 > this.entries.length) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    }
    return entry.ts;
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
      const tail = [x.result ?? null, x.trace ?? null, x.detail ?? null];
      while (tail.length > 0 && tail[tail.length - 1] === null) tail.pop();
      entry.push(...(tail as []));
      return entry;
    });
    return {
      e,
      s: this.scoreSum,
      ...(this.capped ? { c: [this.countedSum, this.capSignature] as const } : {}),
      f: this.lastFiredMs,
      ...(this.episode ? { ep: this.episode } : {}),
      ...(this.judged ? { jd: this.judged } : {}),
    };
  }

  /**
   * A window as encoded, under `cap` (the policy's now: a cap changed since the snapshot is
   * applied by re-adding, so only then is the counted sum recomputed rather than restored).
   */
  static decode(encoded: EncodedWindow, cap: SourceCap | null = null): EntityWindow {
    const w = new EntityWindow(cap);
    for (const [id, ts, score, rule, level, tactics, result, trace, detail] of encoded.e) {
      w.add({
        id,
        ts,
        score,
        rule,
        level,
        tactics,
        ...(result !== undefined && result !== null ? { result } : {}),
        ...(trace !== undefined && trace !== null ? { trace } : {}),
        ...(detail !== undefined && detail !== null ? { detail } : {}),
      });
    }
    w.scoreSum = encoded.s;
    if (!w.capped) w.countedSum = encoded.s;
    else if (encoded.c?.[1] === w.capSignature) w.countedSum = encoded.c[0];
    w.lastFiredMs = encoded.f;
    w.episode = encoded.ep ? { ...encoded.ep } : null;
    w.judged = encoded.jd ?? null;
    return w;
  }
}
