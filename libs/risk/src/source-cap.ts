/**
 * Anti-stacking: how much one source (rule) may add to a window. Without a cap a rule that fires
 * a hundred times on one entity carries it over any threshold alone; with one, a source counts
 * at most its `maxPerSource` largest contributions and at most `multiple` × its largest one.
 * Invariant: a source's counted score is a function of the multiset of its scores in the window
 * — never of the order they arrived in — so replays and restores agree.
 */
export interface SourceCap {
  readonly maxPerSource: number | null;
  readonly multiple: number | null;
}

export function capsAnything(cap: SourceCap): boolean {
  return cap.maxPerSource !== null || cap.multiple !== null;
}

/** What a source whose scores are `desc` (largest first) counts for. */
export function countedScore(desc: readonly number[], cap: SourceCap): number {
  const n = cap.maxPerSource === null ? desc.length : Math.min(desc.length, cap.maxPerSource);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += desc[i]!;
  return cap.multiple === null || desc.length === 0 ? sum : Math.min(sum, cap.multiple * desc[0]!);
}

/** Per source, its scores in the window largest first, and what each counts for. */
export class SourceScores {
  private readonly scores = new Map<string, { desc: number[]; counted: number }>();
  constructor(private readonly cap: SourceCap) {}

  /** Adds a score; returns how much the source's counted score grew. */
  add(source: string, score: number): number {
    let s = this.scores.get(source);
    if (!s) this.scores.set(source, (s = { desc: [], counted: 0 }));
    let i = 0;
    while (i < s.desc.length && s.desc[i]! >= score) i++;
    s.desc.splice(i, 0, score);
    return this.recount(s);
  }

  /** Removes a score; returns how much the source's counted score changed (≤ 0). */
  remove(source: string, score: number): number {
    const s = this.scores.get(source)!;
    s.desc.splice(s.desc.indexOf(score), 1);
    const delta = this.recount(s);
    if (s.desc.length === 0) this.scores.delete(source);
    return delta;
  }

  private recount(s: { desc: number[]; counted: number }): number {
    const before = s.counted;
    s.counted = countedScore(s.desc, this.cap);
    return s.counted - before;
  }
}
