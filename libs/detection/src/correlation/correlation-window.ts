/**
 * One group's sliding window of a correlation, in event time: the firings of the correlated
 * rules that share the group's `group-by` values, no older than `timespan` before the latest
 * one the group has seen. Each admitted firing re-evaluates the condition; when it holds, the
 * correlation fires and the window is consumed (emptied), so one set of firings fires once —
 * the next firing needs a new set. Pure: the group's own times decide, never another group's.
 *
 * Metrics: event_count counts firings; value_count distinct values of the field; temporal the
 * distinct correlated rules; temporal_ordered how many of the rules occurred in their listed
 * order (a subsequence, ties in arrival order); value_sum / value_avg the sum / mean of the
 * field's numeric values; value_percentile the share (0–100) of the window's firings whose
 * field has the new firing's value (`lte: 1`: a value seen in at most 1 % of them — rare).
 */
import type { ConditionOperator, CorrelationRule } from './correlation-rule';

export type CorrelatedValue = string | number | boolean | null;

export interface CorrelationEntry {
  readonly t: number;
  /** The correlated rule's place in `correlation.rules`. */
  readonly position: number;
  readonly value: CorrelatedValue;
  /** What fired: the event (or correlation firing) the entry stands for. */
  readonly ref: string;
  /** Its risk entities, as entity keys: the correlation's firing carries them all. */
  readonly entities: readonly string[];
}

export interface GroupWindow {
  /** Ordered by time, ties in arrival order. */
  entries: CorrelationEntry[];
  /** The latest time this group has seen. */
  latestMs: number;
}

export interface CorrelationFiring {
  /** The metric that met the condition. */
  readonly metric: number;
  /** The firings consumed, oldest first. */
  readonly entries: readonly CorrelationEntry[];
}

export type Admission =
  | { readonly outcome: 'late' }
  | { readonly outcome: 'admitted'; readonly fired: CorrelationFiring | null; readonly dropped: number };

export function emptyGroupWindow(): GroupWindow {
  return { entries: [], latestMs: Number.NEGATIVE_INFINITY };
}

const COMPARE: Record<ConditionOperator, (a: number, b: number) => boolean> = {
  gt: (a, b) => a > b,
  gte: (a, b) => a >= b,
  lt: (a, b) => a < b,
  lte: (a, b) => a <= b,
  eq: (a, b) => a === b,
  neq: (a, b) => a !== b,
};

export function conditionHolds(rule: CorrelationRule, metric: number): boolean {
  return rule.condition.predicates.every(([op, bound]) => COMPARE[op](metric, bound));
}

function numeric(value: CorrelatedValue): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

const valueKey = (value: CorrelatedValue) => (value === null ? null : `${typeof value}:${String(value)}`);

/** The window's metric for `rule`'s type; null when it has none (an average of no numbers). */
export function metricOf(
  rule: CorrelationRule,
  entries: readonly CorrelationEntry[],
  latest: CorrelationEntry,
): number | null {
  switch (rule.type) {
    case 'event_count':
      return entries.length;
    case 'value_count':
      return new Set(entries.map((e) => valueKey(e.value)).filter((k) => k !== null)).size;
    case 'temporal':
      return new Set(entries.map((e) => e.position)).size;
    case 'temporal_ordered': {
      let next = 0;
      for (const e of entries) if (e.position === next) next++;
      return next;
    }
    case 'value_sum':
    case 'value_avg': {
      const numbers = entries.map((e) => numeric(e.value)).filter((n): n is number => n !== null);
      if (numbers.length === 0) return null;
      const sum = numbers.reduce((a, b) => a + b, 0);
      return rule.type === 'value_sum' ? sum : sum / numbers.length;
    }
    case 'value_percentile': {
      const key = valueKey(latest.value);
      if (key === null) return null;
      const same = entries.filter((e) => valueKey(e.value) === key).length;
      return (100 * same) / entries.length;
    }
  }
}

/** Where `entry` goes to keep the entries in time order (after equal times: arrival order). */
function insertionPoint(entries: readonly CorrelationEntry[], t: number): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (entries[mid]!.t <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Admits one firing to the group's window: late (older than the window of the group's latest
 * time) is refused; otherwise the window slides to the latest time, keeps at most `maxEntries`
 * (the oldest dropped, counted) and the condition is judged.
 */
export function admit(
  window: GroupWindow,
  rule: CorrelationRule,
  entry: CorrelationEntry,
  maxEntries: number,
): Admission {
  const latest = Math.max(window.latestMs, entry.t);
  const start = latest - rule.timespanMs;
  if (entry.t < start) return { outcome: 'late' };
  window.latestMs = latest;
  const entries = window.entries;
  entries.splice(insertionPoint(entries, entry.t), 0, entry);
  let expired = 0;
  while (expired < entries.length && entries[expired]!.t < start) expired++;
  const overflow = Math.max(0, entries.length - expired - maxEntries);
  if (expired + overflow > 0) entries.splice(0, expired + overflow);
  const metric = metricOf(rule, entries, entry);
  if (metric === null || !conditionHolds(rule, metric))
    return { outcome: 'admitted', fired: null, dropped: overflow };
  const consumed = entries.splice(0, entries.length);
  return { outcome: 'admitted', fired: { metric, entries: consumed }, dropped: overflow };
}
