import { VERDICTS, type RuleDisposition } from '@riskline/contracts';
import { runWithCrashes, writeKeyedCheckpoint } from '@riskline/stream-core/testing';
import { parseDispositionSettings } from './settings';
import {
  countVerdict,
  emptyDispositionState,
  expireVerdicts,
  type DispositionState,
  type StoreOutput,
} from './verdict-store';
import { dispositionEntries, encodeDispositionState } from './verdict-store-snapshot';

/** Small bounds, so dedup keys span several chunks and are evicted; a 3-day window, so buckets expire. */
const settings = { ...parseDispositionSettings(''), maxSeenKeys: 1800, windowMs: 3 * 86_400_000 };
const keyed = dispositionEntries(settings);
const T0 = Date.UTC(2026, 5, 1);
const HOUR = 3_600_000;

/**
 * Forty rules; the first four are noisy (mostly false positives, so they are clipped); the last
 * four go quiet halfway, so their buckets expire and they are forgotten.
 */
function verdictAt(i: number): RuleDisposition {
  const rule = i > 2500 ? ((i * 7) % 40) % 36 : (i * 7) % 40;
  return {
    schema_version: 1,
    rule_id: `rule-${rule}`,
    verdict: rule < 4 && i % 9 !== 0 ? 'false_positive' : VERDICTS[i % 3]!,
    timestamp: new Date(T0 + i * 120_000).toISOString(),
    dedup_key: `det-${i}`,
    origin: { scope: 'detection', fingerprint: `det-${i}`, analyst: 'spec' },
  } as RuleDisposition;
}

/** 5,000 verdicts, every 17th followed by a redelivery of an earlier one. */
const stream = Array.from({ length: 5000 }, (_, i) => verdictAt(i)).flatMap((v, i) =>
  i % 17 === 16 ? [v, verdictAt(i - 15)] : [v],
);

type Store = Map<string, string>;
const checkpoint = (state: DispositionState, store: Store) => writeKeyedCheckpoint(keyed, state, store);

/** The stream with a checkpoint every 100 verdicts and the expiry timer every 30; see runWithCrashes. */
function run(crashAt: number[]) {
  const { state, outputs } = runWithCrashes<DispositionState, StoreOutput>({
    keyed,
    createState: () => emptyDispositionState(settings),
    length: stream.length,
    checkpointEvery: 100,
    crashAt,
    step: (s, i) => {
      const v = stream[i]!;
      const ts = Date.parse(v.timestamp);
      const { changes } = countVerdict(s, settings, v, ts);
      return i % 30 === 29
        ? [...changes, ...expireVerdicts(s, settings, Math.floor(ts / HOUR) * HOUR)]
        : changes;
    },
  });
  return { outputs, state: encodeDispositionState(state, settings) };
}

describe('keyed verdict-store snapshot', () => {
  it('restores from incremental entries exactly: the restored store counts on as the original', () => {
    const whole = run([]);
    expect(whole.state.seen.length).toBeGreaterThan(1024);
    expect(whole.state.seen_evicted).toBeGreaterThan(0);
    expect(whole.outputs.some((o) => o.kind === 'rule_state')).toBe(true);
    expect(whole.state.rules.map(([id]) => id)).not.toContain('rule-39');
    expect(run([150, 2333, 4999])).toEqual(whole);
  });

  it('writes only the rules counted and the key chunks touched since the last checkpoint', () => {
    const state = emptyDispositionState(settings);
    const store: Store = new Map();
    for (const v of stream.slice(0, 3000)) countVerdict(state, settings, v, Date.parse(v.timestamp));
    expect(checkpoint(state, store).written).toBeGreaterThan(40);
    const v = stream[3000]!;
    countVerdict(state, settings, v, Date.parse(v.timestamp));
    // The rule, the chunk the key joined and the chunk the bound evicted one from.
    expect(checkpoint(state, store).written).toBeLessThanOrEqual(3);
  });

  it('re-buckets keyed entries stored with another bucket size', () => {
    const hourly = { ...settings, bucketMs: HOUR };
    const state = emptyDispositionState(hourly);
    for (const [i, ts] of [T0, T0 + HOUR].entries())
      countVerdict(state, hourly, { ...verdictAt(i), rule_id: 'r', verdict: 'false_positive' }, ts);
    const store: Store = new Map();
    const hourlyKeyed = dispositionEntries(hourly);
    for (const key of hourlyKeyed.takeChanged(state)) store.set(key, hourlyKeyed.entry(state, key)!);
    const daily = keyed.decode(JSON.parse(JSON.stringify(hourlyKeyed.rest(state))), store, 0, null);
    expect([...daily.rules.get('r')!.buckets.values()]).toEqual([[0, 2, 0]]);
  });

  it('refuses a rest that is not a keyed disposition snapshot', () => {
    expect(() => keyed.decode({ counters: {} }, [], 0, null)).toThrow(/bucket_ms and operator/);
  });
});
