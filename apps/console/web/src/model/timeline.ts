/**
 * The risk timeline of one entity under one policy: its window's contributions binned over
 * event time and stacked by tactic, and the running window sum that the policy's score
 * threshold is judged against. A contribution tagged with several tactics adds an equal share of
 * its score to each, so a bin's stack always sums to the score its contributions added.
 * Invariant: pure — bins cover [start, end) in equal steps, the last bin closed at `end`.
 */
import { tacticOrder, UNTAGGED } from './tactic-colors';

export interface TimelineInput {
  readonly event_time: string;
  readonly score: number;
  readonly tactics: readonly string[];
}

export interface Segment {
  readonly tactic: string;
  readonly score: number;
  /** Where the segment starts in the stack (the scores below it). */
  readonly base: number;
}

export interface Bin {
  readonly startMs: number;
  readonly endMs: number;
  readonly total: number;
  readonly segments: readonly Segment[];
}

export interface Timeline {
  readonly startMs: number;
  readonly endMs: number;
  readonly bins: readonly Bin[];
  /** The window sum after each contribution, in event-time order. */
  readonly cumulative: readonly { readonly atMs: number; readonly score: number }[];
  readonly threshold: number | null;
  /** The top of the y axis: room for the sum, the threshold and the tallest bin. */
  readonly maxScore: number;
  readonly tactics: readonly string[];
}

export function timeline(
  contributions: readonly TimelineInput[],
  startMs: number,
  endMs: number,
  threshold: number | null,
  binCount = 24,
): Timeline {
  const span = Math.max(1, endMs - startMs);
  const step = span / binCount;
  const sums = Array.from({ length: binCount }, () => new Map<string, number>());
  const seen = new Set<string>();
  const inWindow = contributions
    .map((c) => ({ ...c, atMs: Date.parse(c.event_time) }))
    .filter((c) => c.atMs >= startMs && c.atMs <= endMs)
    .sort((a, b) => a.atMs - b.atMs);
  for (const c of inWindow) {
    const bin = Math.min(binCount - 1, Math.floor((c.atMs - startMs) / step));
    const tactics = c.tactics.length ? [...new Set(c.tactics)] : [UNTAGGED];
    for (const t of tactics) {
      seen.add(t);
      sums[bin]!.set(t, (sums[bin]!.get(t) ?? 0) + c.score / tactics.length);
    }
  }
  const bins = sums.map((byTactic, i): Bin => {
    let base = 0;
    const segments = [...byTactic]
      .sort(([a], [b]) => tacticOrder(a, b))
      .map(([tactic, score]) => {
        const segment = { tactic, score, base };
        base += score;
        return segment;
      });
    return {
      startMs: startMs + i * step,
      endMs: i === binCount - 1 ? endMs : startMs + (i + 1) * step,
      total: base,
      segments,
    };
  });
  let running = 0;
  const cumulative = inWindow.map((c) => ({ atMs: c.atMs, score: (running += c.score) }));
  const tallest = Math.max(0, ...bins.map((b) => b.total));
  return {
    startMs,
    endMs,
    bins,
    cumulative,
    threshold,
    maxScore: Math.max(1, running, tallest, threshold ?? 0) * 1.1,
    tactics: [...seen].sort(tacticOrder),
  };
}

/**
 * The span the chart shows: from a little before the window's first contribution to the
 * window's end — a 24-hour window whose risk arrived in its last half hour would otherwise be
 * one bar — at least `minSpanMs` wide and never before the window's start.
 */
export function viewSpan(
  contributions: readonly TimelineInput[],
  windowStartMs: number,
  windowEndMs: number,
  minSpanMs = 10 * 60_000,
): { readonly startMs: number; readonly endMs: number } {
  const times = contributions.map((c) => Date.parse(c.event_time)).filter((t) => t >= windowStartMs);
  if (times.length === 0) return { startMs: windowStartMs, endMs: windowEndMs };
  const first = Math.min(...times);
  const padded = first - (windowEndMs - first) * 0.1;
  return { startMs: Math.max(windowStartMs, Math.min(padded, windowEndMs - minSpanMs)), endMs: windowEndMs };
}
