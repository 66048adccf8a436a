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
import { fpRatio, VerdictTally } from './verdict-tally';

export interface DispositionState {
  readonly rules: Map<string, VerdictTally>;
  readonly seen: SeenKeys;
  /** Operators' hand-set rule states, relayed in order with the verdicts (see operator-holds). */
  operator: RuleStates;
  /** Rules counted, expired or forgotten since the last keyed checkpoint. */
  readonly changed: Set<string>;
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
    changed: new Set(),
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
  state.changed.add(record.rule_id);
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
    state.changed.add(ruleId);
    out.push(...changed(ruleId, tally, settings, nowMs));
    if (tally.buckets.size === 0) state.rules.delete(ruleId);
  }
  return out;
}
