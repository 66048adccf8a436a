/**
 * The verdict store's snapshots — everything a restored partition needs to count on exactly as
 * before: each rule's buckets, clock and clip state, the dedup keys counted, the operators'
 * holds and the counters. Pure.
 * - Whole state (version 1, still restored): rules as rows, dedup keys as [key, ts] pairs.
 * - Keyed (stream-core's KeyedSnapshot): one entry per rule (`r:<rule id>`) and per chunk of
 *   dedup keys (SeenKeys' `s:<chunk>`), so a checkpoint writes the rules counted or expired and
 *   the key chunks touched since the last one; holds and counters are the small rest.
 * Buckets are stored with their size: a restore under another bucket size re-buckets them.
 */
import { SeenKeys, type RuleState } from '@riskline/contracts';
import type { KeyedSnapshot } from '@riskline/stream-core';
import { RuleStates } from '@riskline/rule-state';
import type { DispositionSettings } from './settings';
import { emptyDispositionState, type DispositionState } from './verdict-store';
import { VerdictTally, type BucketCounts } from './verdict-tally';

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

function encodeRule(id: string, tally: VerdictTally): EncodedRule {
  return [
    id,
    tally.clipped ? 1 : 0,
    [...tally.buckets].map(([bucket, counts]) => [bucket, ...counts] as [number, ...BucketCounts]),
    tally.clockMs,
  ];
}

/** A rule's tally from its row, its buckets re-bucketed from `bucketMs` to the settings'. */
function decodeRule(
  [, clipped, buckets, clockMs]: EncodedRule,
  bucketMs: number,
  settings: DispositionSettings,
) {
  const tally = new VerdictTally();
  tally.clipped = clipped === 1;
  // Snapshots before the rule clock: the end of the rule's newest bucket stands in for it.
  tally.clockMs =
    typeof clockMs === 'number'
      ? clockMs
      : Math.max(...buckets.map(([bucket]) => (bucket + 1) * bucketMs - 1), Number.NEGATIVE_INFINITY);
  for (const [bucket, tp, fp, btp] of buckets) {
    const at = Math.floor((bucket * bucketMs) / settings.bucketMs);
    tally.add('true_positive', at, tp);
    tally.add('false_positive', at, fp);
    tally.add('benign_true_positive', at, btp);
  }
  return tally;
}

export function encodeDispositionState(
  state: DispositionState,
  settings: DispositionSettings,
): EncodedDispositionState {
  return {
    bucket_ms: settings.bucketMs,
    // By rule id: the map's order is when each rule was first counted, which a keyed restore
    // cannot know and nothing reads; sorted, equal states encode equally.
    rules: [...state.rules]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([id, tally]) => encodeRule(id, tally)),
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
  for (const row of e.rules) state.rules.set(row[0], decodeRule(row, e.bucket_ms, settings));
  for (const [key, ts] of e.seen) state.seen.add(key, ts);
  state.seen.evicted += e.seen_evicted ?? 0;
  state.operator = RuleStates.decode(e.operator ?? []);
  return state;
}

const RULE = 'r:';

interface DispositionRest {
  readonly bucket_ms: number;
  readonly counters: DispositionState['counters'];
  readonly seen_evicted: number;
  readonly operator: [string, RuleState][];
}

/** The state as entries by rule and by chunk of dedup keys, plus a small rest. */
export function dispositionEntries(settings: DispositionSettings): KeyedSnapshot<DispositionState> {
  return {
    takeChanged: (state) => {
      const changed = [...state.changed].map((id) => RULE + id);
      state.changed.clear();
      return [...changed, ...state.seen.takeChangedEntries()];
    },
    keys: (state) => [...[...state.rules.keys()].map((id) => RULE + id), ...state.seen.entryNames()],
    entry: (state, key) => {
      if (SeenKeys.isEntry(key)) return state.seen.entry(key);
      const id = key.slice(RULE.length);
      const tally = state.rules.get(id);
      return tally && JSON.stringify(encodeRule(id, tally));
    },
    rest: (state): DispositionRest => ({
      bucket_ms: settings.bucketMs,
      counters: { ...state.counters },
      seen_evicted: state.seen.evicted,
      operator: state.operator.encode(),
    }),
    decode: (rest, entries) => {
      const r = rest as DispositionRest;
      if (!Number.isInteger(r?.bucket_ms) || !Array.isArray(r.operator))
        throw new Error('not a keyed disposition snapshot (bucket_ms and operator are required)');
      const rules = new Map<string, VerdictTally>();
      const chunks: string[] = [];
      for (const [key, entry] of entries) {
        if (SeenKeys.isEntry(key)) chunks.push(entry);
        else if (key.startsWith(RULE))
          rules.set(
            key.slice(RULE.length),
            decodeRule(JSON.parse(entry) as EncodedRule, r.bucket_ms, settings),
          );
        else throw new Error(`unknown disposition snapshot entry '${key}'`);
      }
      return {
        rules,
        seen: SeenKeys.fromEntries(settings.maxSeenKeys, chunks, r.seen_evicted),
        operator: RuleStates.decode(r.operator),
        changed: new Set(),
        counters: { ...r.counters },
      };
    },
  };
}
