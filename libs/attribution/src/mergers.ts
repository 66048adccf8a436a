/**
 * The mergers: a primitive's observation series → a state label with a confidence in it.
 * Pure functions of the series (ordered by event time) and the settings; the documented
 * defaults are in settings.ts. Each returns the value that best describes the attacker now.
 */
import type { AttributionState, ValueKind } from '@riskline/contracts';
import type { ObservationPoint } from './observation-series';
import type { AttributionSettings, CategoricalSettings, HashSettings, NumericSettings } from './settings';

export interface Assessment {
  readonly state: AttributionState;
  readonly confidence: number;
  readonly currentValue: unknown;
}

const round = (x: number) => Number(x.toFixed(6));

/** The most frequent value of a window; ties go to the one seen most recently. */
function topOf(window: readonly ObservationPoint[]): { key: string; value: unknown; count: number } {
  const counts = new Map<string, { value: unknown; count: number; last: number }>();
  window.forEach((p, i) => {
    const c = counts.get(p.key);
    counts.set(p.key, { value: p.value, count: (c?.count ?? 0) + 1, last: i });
  });
  let top: [string, { value: unknown; count: number; last: number }] | null = null;
  for (const entry of counts)
    if (
      !top ||
      entry[1].count > top[1].count ||
      (entry[1].count === top[1].count && entry[1].last > top[1].last)
    )
      top = entry;
  return { key: top![0], value: top![1].value, count: top![1].count };
}

function clearMajority(count: number, size: number, s: CategoricalSettings): boolean {
  return count >= Math.min(s.clearMajority, size);
}

/** Exactly two values taking turns: flips ≥ 2 × max(repeats, 1) over at least `minAlternating`. */
function alternating(window: readonly ObservationPoint[], s: CategoricalSettings): boolean {
  if (window.length < s.minAlternating || new Set(window.map((p) => p.key)).size !== 2) return false;
  let flips = 0;
  let repeats = 0;
  for (let i = 1; i < window.length; i++) {
    if (window[i]!.key === window[i - 1]!.key) repeats++;
    else flips++;
  }
  return flips >= 2 * Math.max(repeats, 1);
}

export function categorical(series: readonly ObservationPoint[], s: CategoricalSettings): Assessment {
  const latest = series[series.length - 1]?.value ?? null;
  if (series.length < s.minObservations) return { state: 'unknown', confidence: 0, currentValue: latest };
  const recent = series.slice(-s.recent);
  const previous = series.slice(-2 * s.recent, -s.recent);
  const top = topOf(recent);
  const share = round(top.count / recent.length);
  if (!clearMajority(top.count, recent.length, s)) {
    if (alternating(recent, s))
      return {
        state: 'multi_actor',
        confidence: Math.min(share, s.multiActorConfidenceCap),
        currentValue: top.value,
      };
    return { state: 'conflicted', confidence: share, currentValue: top.value };
  }
  if (previous.length === 0) return { state: 'stable', confidence: share, currentValue: top.value };
  const before = topOf(previous);
  const drifted = !clearMajority(before.count, previous.length, s) || before.key !== top.key;
  return { state: drifted ? 'drifting' : 'stable', confidence: share, currentValue: top.value };
}

function ewma(values: readonly number[], alpha: number): number {
  return values.slice(1).reduce((e, x) => alpha * x + (1 - alpha) * e, values[0]!);
}

const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length;

/** |a − b| / |b|, infinite when b is 0 and a is not. */
function relativeChange(a: number, b: number): number {
  if (b === 0) return a === 0 ? 0 : Infinity;
  return Math.abs(a - b) / Math.abs(b);
}

export function numeric(series: readonly ObservationPoint[], s: NumericSettings): Assessment {
  const values = series.map((p) => p.value as number);
  if (values.length < s.minObservations)
    return { state: 'unknown', confidence: 0, currentValue: values[values.length - 1] ?? null };
  const recent = values.slice(-s.recent);
  const previous = values.slice(-2 * s.recent, -s.recent);
  const level = ewma(recent, s.alpha);
  const spread = Math.sqrt(mean(recent.map((x) => (x - level) ** 2)));
  const cv = level === 0 ? (spread === 0 ? 0 : Infinity) : spread / Math.abs(level);
  const currentValue = round(level);
  if (cv > s.maxCv) return { state: 'conflicted', confidence: s.conflictedConfidence, currentValue };
  const confidence = round(1 - Math.min(cv, 1));
  if (previous.length > 0 && relativeChange(mean(recent), mean(previous)) >= s.driftShift)
    return { state: 'drifting', confidence, currentValue };
  return { state: 'stable', confidence, currentValue };
}

export function hash(series: readonly ObservationPoint[], s: HashSettings): Assessment {
  const latest = series[series.length - 1]!;
  const inWindow = series.filter((p) => p.ts >= latest.ts - s.windowMs);
  const rotations = new Set(inWindow.map((p) => p.key)).size - 1;
  const state = rotations === 0 ? 'stable' : rotations <= s.driftingMaxRotations ? 'drifting' : 'conflicted';
  return { state, confidence: round(1 / (1 + rotations)), currentValue: latest.value };
}

export function assess(
  kind: ValueKind,
  series: readonly ObservationPoint[],
  s: AttributionSettings,
): Assessment {
  if (kind === 'numeric') return numeric(series, s.numeric);
  if (kind === 'hash') return hash(series, s.hash);
  return categorical(series, s.categorical);
}
