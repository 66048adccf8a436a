/**
 * `npm run bench:dispositions` — the per-rule verdict store, one core:
 *   1. verdicts/s counted in-process over 5k rules with full 30-day windows, against the same
 *      loop decoding only — the ratio is what counting costs on top of validating the message;
 *   2. snapshot (encode + gzip) and restore time and size with 100k remembered dedup keys;
 *   3. checkpoints of that state through Redis: whole-state (baseline) against keyed — a full
 *      write, a write after 1% of the rules counted a verdict, and the restore;
 *   4. verdicts/s through Kafka for one instance against the bare kafkajs loop.
 */
import { decodeMessage, eventTimeMs, RuleDispositionSchema, topicNames, VERDICTS } from '@riskline/contracts';
import {
  countVerdict,
  decodeDispositionState,
  DISPOSITION_SNAPSHOT_VERSION,
  emptyDispositionState,
  encodeDispositionState,
  parseDispositionSettings,
  type DispositionState,
} from '@riskline/dispositions';
import {
  checkpointTimingThroughRedis,
  processorVsBareLoop,
  runBench,
  snapshotTiming,
} from '@riskline/stream-runtime/bench';
import { verdictStoreProcessor } from '@riskline/dispositions';
import { ruleVerdictAt } from '@riskline/dispositions/testing';

const settings = parseDispositionSettings('');
const RULES = 5000;
const T0 = Date.UTC(2026, 0, 1);
/** 100k verdicts over 29 days: every rule has a full window of daily buckets. */
const STEP_MS = (29 * 86_400_000) / 100_000;

function bytesAt(i: number): Buffer {
  const rule = `rule-${(i * 7919) % RULES}`;
  const verdict = VERDICTS[i % 3]!;
  return Buffer.from(
    JSON.stringify({
      schema_version: 1,
      rule_id: rule,
      verdict,
      timestamp: new Date(T0 + i * STEP_MS).toISOString(),
      dedup_key: JSON.stringify(['fingerprint', `det-${i}`, verdict, rule]),
      origin: { scope: 'detection', fingerprint: `det-${i}`, analyst: 'bench' },
    }),
  );
}

function count(state: DispositionState, from: number, to: number, apply: boolean): number {
  const t0 = performance.now();
  let watermark = 0;
  for (let i = from; i < to; i++) {
    const decoded = decodeMessage(RuleDispositionSchema, bytesAt(i));
    if (!apply || !decoded.ok) continue;
    const ts = eventTimeMs(decoded.value.timestamp);
    watermark = Math.max(watermark, ts);
    countVerdict(state, settings, decoded.value, ts);
  }
  return (to - from) / ((performance.now() - t0) / 1000);
}

async function main(): Promise<void> {
  const state = emptyDispositionState(settings);
  count(state, 0, 100_000, true);
  const counted = Math.max(count(state, 100_000, 150_000, true), count(state, 150_000, 200_000, true));
  const decodeOnly = Math.max(count(state, 0, 50_000, false), count(state, 0, 50_000, false));

  const codec = {
    version: DISPOSITION_SNAPSHOT_VERSION,
    encode: (s: DispositionState) => encodeDispositionState(s, settings),
    decode: (e: unknown) => decodeDispositionState(e, settings),
  };
  const snapshot = snapshotTiming(codec, state, (restored) => restored.rules.size === state.rules.size);

  const { snapshot: storeCodec } = verdictStoreProcessor(topicNames(), settings);
  const rules = state.rules.size;
  const checkpoints = await checkpointTimingThroughRedis(
    storeCodec,
    { state, nextOffset: 1, watermarkMs: T0 + 200_000 * STEP_MS, nextTimerAtMs: null },
    (s) => {
      for (let i = 200_000; i < 200_000 + RULES / 100; i++) {
        const decoded = decodeMessage(RuleDispositionSchema, bytesAt(i));
        if (decoded.ok) countVerdict(s, settings, decoded.value, eventTimeMs(decoded.value.timestamp));
      }
    },
    (restored) => restored.rules.size === rules && restored.seen.size === state.seen.size,
  );

  const kafka = await processorVsBareLoop({
    name: 'dispositions',
    total: 100_000,
    messageAt: ruleVerdictAt,
    processor: (input, output) =>
      verdictStoreProcessor(
        topicNames({
          RISKLINE_TOPIC_DISPOSITIONS_BY_RULE: input,
          RISKLINE_TOPIC_RULE_SCORECARDS: output,
          RISKLINE_TOPIC_RULE_STATE: output,
        }),
        settings,
      ),
  });
  const result = {
    decode_only_per_s: Math.round(decodeOnly),
    decode_and_count_per_s: Math.round(counted),
    ratio_count_vs_decode_only: Number((counted / decodeOnly).toFixed(3)),
    snapshot: {
      rules: state.rules.size,
      seen_keys: state.seen.size,
      ...snapshot,
    },
    checkpoint_through_redis: checkpoints,
    through_kafka_one_instance: kafka,
  };
  console.log(JSON.stringify(result, null, 2));
  console.log(
    `ratios: counting vs decoding only ${result.ratio_count_vs_decode_only}; through Kafka vs bare loop ${kafka['ratio_vs_bare']}`,
  );
}

runBench(main);
