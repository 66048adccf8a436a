/**
 * The per-rule verdict store of one partition of soc.dispositions.by-rule (keyed by rule, so a
 * rule's whole history is here): bucketed counts over the rolling window, the dedup keys
 * already counted, and each rule's auto-clip state. Pure: every change is a function of
 * (state, record, watermark), so a replay from a checkpoint yields the same counts and the
 * same scorecards and rule-state records.
 *
 * Time: a verdict older than the first bucket of the window ending at its rule's own time (the
 * rule's latest verdict) is late — refused and counted — so one rule's verdicts are never judged
 * late by another's. The rolling window's expiry (the timer) follows the partition's time, the
 * greatest accepted verdict time, which the runtime keeps within the allowed skew of the Kafka
 * timestamps. A dedup key already counted is a duplicate (counted, no change).
 */
import {
  SeenKeys,
  toEventTime,
  type RuleDisposition,
  type RuleScorecard,
  type RuleState,
} from '@riskline/contracts';
import { RuleStates } from '@riskline/rule-state';
import { clipRecord, nextClipState } from './auto-clip';
import type { DispositionSettings } from './settings';
import { fpRatio, VerdictTally, type BucketCounts } from './verdict-tally';

export interface DispositionState {
  readonly rules: Map<string, VerdictTally>;
  readonly seen: SeenKeys;
  /** Operators' hand-set rule states, relayed in order with the verdicts (see operator-holds). */
  operator: RuleStates;
  counters: { counted: number; duplicates: number; late: number };
}

export type StoreOutput =
  | { readonly kind: 'scorecard'; readonly scorecard: RuleScorecard }
  | { readonly kind: 'rule_state'; readonly ruleState: RuleState };

export function emptyDispositionState(settings: DispositionSettings): DispositionState {
  return {
    rules: new Map(),
    seen: new SeenKeys(settings.maxSeenKeys),
    operator: new RuleStates(),
    counters: { counted: 0, duplicates: 0, late: 0 },
  };
}

/** The first bucket inside the window ending at `nowMs`. */
function oldestBucket(settings: DispositionSettings, nowMs: number): number {
  return Math.floor(nowMs / settings.bucketMs) - settings.windowMs / settings.bucketMs + 1;
}

export function scorecardOf(
  ruleId: string,
  tally: VerdictTally,
  settings: DispositionSettings,
  nowMs: number,
): RuleScorecard {
  const counts = tally.counts();
  return {
    schema_version: 1,
    rule_id: ruleId,
    window_days: Math.max(1, Math.round(settings.windowMs / 86_400_000)),
    numerator: settings.numerator,
    min_sample: settings.minSample,
    counts: { ...counts },
    fp_ratio: fpRatio(counts, settings.numerator, settings.minSample),
    as_of: toEventTime(nowMs),
  };
}

/** The scorecard of a changed rule, and a rule-state record if its clip state flips. */
function changed(
  ruleId: string,
  tally: VerdictTally,
  settings: DispositionSettings,
  nowMs: number,
): StoreOutput[] {
  const scorecard = scorecardOf(ruleId, tally, settings, nowMs);
  const out: StoreOutput[] = [{ kind: 'scorecard', scorecard }];
  const clipped = nextClipState(scorecard.fp_ratio, tally.clipped, settings);
  if (clipped !== tally.clipped) {
    tally.clipped = clipped;
    out.push({
      kind: 'rule_state',
      ruleState: clipRecord(ruleId, clipped, scorecard.fp_ratio, scorecard.counts, settings, nowMs),
    });
  }
  return out;
}

export interface Counted {
  readonly outcome: 'counted' | 'late' | 'duplicate';
  readonly changes: StoreOutput[];
}

/** Counts one per-rule verdict at event time `tsMs`; returns what became of it and what changed. */
export function countVerdict(
  state: DispositionState,
  settings: DispositionSettings,
  record: RuleDisposition,
  tsMs: number,
): Counted {
  const bucket = Math.floor(tsMs / settings.bucketMs);
  const existing = state.rules.get(record.rule_id);
  const nowMs = Math.max(existing?.clockMs ?? tsMs, tsMs);
  const oldest = oldestBucket(settings, nowMs);
  if (bucket < oldest) {
    state.counters.late++;
    return { outcome: 'late', changes: [] };
  }
  if (state.seen.has(record.dedup_key)) {
    state.counters.duplicates++;
    return { outcome: 'duplicate', changes: [] };
  }
  state.seen.add(record.dedup_key, tsMs);
  const tally = existing ?? new VerdictTally();
  if (!existing) state.rules.set(record.rule_id, tally);
  tally.clockMs = nowMs;
  tally.prune(oldest);
  tally.add(record.verdict, bucket);
  state.counters.counted++;
  return { outcome: 'counted', changes: changed(record.rule_id, tally, settings, nowMs) };
}

/**
 * The timer's work: buckets that left the window are dropped (with a new scorecard and,
 * maybe, a release); a rule with nothing left is forgotten after its last scorecard.
 */
export function expireVerdicts(
  state: DispositionState,
  settings: DispositionSettings,
  nowMs: number,
): StoreOutput[] {
  const oldest = oldestBucket(settings, nowMs);
  state.seen.expire(oldest * settings.bucketMs - 1);
  const out: StoreOutput[] = [];
  for (const [ruleId, tally] of [...state.rules].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (!tally.prune(oldest)) continue;
    out.push(...changed(ruleId, tally, settings, nowMs));
    if (tally.buckets.size === 0) state.rules.delete(ruleId);
  }
  return out;
}

/** 1: rules as [id, clipped, [bucket, tp, fp, btp][]] rows, seen keys as [key, ts] pairs. */
export const DISPOSITION_SNAPSHOT_VERSION = 1;

type EncodedRule = [ruleId: string, clipped: 0 | 1, buckets: [number, ...BucketCounts][], clockMs?: number];

export interface EncodedDispositionState {
  readonly bucket_ms: number;
  readonly rules: EncodedRule[];
  readonly seen: [string, number][];
  readonly counters: DispositionState['counters'];
  readonly seen_evicted: number;
  /** Absent in snapshots from before operator states were relayed: none held. */
  readonly operator?: [string, RuleState][];
}

export function encodeDispositionState(
  state: DispositionState,
  settings: DispositionSettings,
): EncodedDispositionState {
  return {
    bucket_ms: settings.bucketMs,
    rules: [...state.rules].map(([id, tally]) => [
      id,
      tally.clipped ? 1 : 0,
      [...tally.buckets].map(([bucket, counts]) => [bucket, ...counts] as [number, ...BucketCounts]),
      tally.clockMs,
    ]),
    seen: state.seen.entries(),
    counters: { ...state.counters },
    seen_evicted: state.seen.evicted,
    operator: state.operator.encode(),
  };
}

/**
 * Restores a snapshot under the current settings. Buckets of another size are re-bucketed by
 * their start time (counts are kept, their placement coarsens or refines to the new grid).
 */
export function decodeDispositionState(encoded: unknown, settings: DispositionSettings): DispositionState {
  const e = encoded as EncodedDispositionState;
  if (!Number.isInteger(e.bucket_ms) || !Array.isArray(e.rules) || !Array.isArray(e.seen))
    throw new Error('not a disposition snapshot (bucket_ms, rules and seen are required)');
  const state = emptyDispositionState(settings);
  state.counters = { ...e.counters };
  for (const [id, clipped, buckets, clockMs] of e.rules) {
    const tally = new VerdictTally();
    tally.clipped = clipped === 1;
    // Snapshots before the rule clock: the end of the rule's newest bucket stands in for it.
    tally.clockMs =
      typeof clockMs === 'number'
        ? clockMs
        : Math.max(...buckets.map(([bucket]) => (bucket + 1) * e.bucket_ms - 1), Number.NEGATIVE_INFINITY);
    for (const [bucket, tp, fp, btp] of buckets) {
      const at = Math.floor((bucket * e.bucket_ms) / settings.bucketMs);
      tally.add('true_positive', at, tp);
      tally.add('false_positive', at, fp);
      tally.add('benign_true_positive', at, btp);
    }
    state.rules.set(id, tally);
  }
  for (const [key, ts] of e.seen) state.seen.add(key, ts);
  state.seen.evicted += e.seen_evicted ?? 0;
  state.operator = RuleStates.decode(e.operator ?? []);
  return state;
}
