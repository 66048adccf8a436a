/**
 * `npm run bench:attribution` — the attribution worker, one core:
 *   1. observations/s merged in-process with 10k attackers × 4 primitives, each series full
 *      (10 observations), against the same loop decoding only — the ratio is what merging costs
 *      on top of validating the message;
 *   2. heap bytes per attacker profile (4 primitives, full series; the partition's 100k
 *      remembered observation ids included);
 *   3. snapshot (encode + gzip) and restore time and size at 10k attackers;
 *   4. checkpoints of those 10k attackers through Redis: whole-state (baseline) against keyed —
 *      a full write, a write after 1% of the attackers were observed again, and the restore;
 *   5. observations/s through Kafka for one instance against the bare kafkajs loop.
 */
import {
  decodeProfiles,
  emptyProfileState,
  encodeProfiles,
  observe,
  PROFILE_SNAPSHOT_VERSION,
} from '@riskline/attribution';
import { AttackerObservationSchema, decodeMessage, eventTimeMs, topicNames } from '@riskline/contracts';
import {
  checkpointTimingThroughRedis,
  processorVsBareLoop,
  runBench,
  snapshotTiming,
} from '@riskline/stream-runtime/bench';
import { attributionProcessor } from '@riskline/attribution';
import { observationAt, TEST_SETTINGS } from '@riskline/attribution/testing';

const ATTACKERS_BENCH = 10_000;
const PRIMITIVES = [
  'motor.input_modality',
  'motor.keyboard_layout',
  'timing.inter_command_ms',
  'tooling.ssh_client_hash',
];
const T0 = Date.UTC(2026, 0, 1);

/** Observation i of the bench: 10k attackers × 4 primitives in turn, 100 ms apart. */
function bytesAt(i: number): Buffer {
  const attacker = i % ATTACKERS_BENCH;
  const p = Math.floor(i / ATTACKERS_BENCH) % 4;
  const n = Math.floor(i / (ATTACKERS_BENCH * 4));
  const value = [
    ['typed', 'pasted'][(n + attacker) % 2],
    'en-US',
    400 + (n % 7) * 10,
    `h${Math.floor(n / 5)}`,
  ][p];
  return Buffer.from(
    JSON.stringify({
      schema_version: 1,
      id: `bench-${i}`,
      attacker_id: `actor-${attacker}`,
      primitive: PRIMITIVES[p],
      value,
      ts: new Date(T0 + i * 100).toISOString(),
      confidence: 0.8,
    }),
  );
}

function populated(count: number) {
  const state = emptyProfileState(TEST_SETTINGS);
  for (let i = 0; i < count; i++) {
    const decoded = decodeMessage(AttackerObservationSchema, bytesAt(i));
    if (decoded.ok) observe(state, TEST_SETTINGS, decoded.value, eventTimeMs(decoded.value.ts));
  }
  return state;
}

function perSecond(measured: number, merge: boolean): number {
  const state = populated(ATTACKERS_BENCH * 4 * 10);
  const inputs = Array.from({ length: measured }, (_, k) => bytesAt(ATTACKERS_BENCH * 40 + k));
  const t0 = performance.now();
  for (const bytes of inputs) {
    const decoded = decodeMessage(AttackerObservationSchema, bytes);
    if (merge && decoded.ok) observe(state, TEST_SETTINGS, decoded.value, eventTimeMs(decoded.value.ts));
  }
  return measured / ((performance.now() - t0) / 1000);
}

async function main(): Promise<void> {
  // Through Kafka first, while the heap holds no bench state (see the risk bench).
  const kafka = await processorVsBareLoop({
    name: 'attribution',
    total: 100_000,
    messageAt: observationAt,
    processor: (input, output) =>
      attributionProcessor(
        topicNames({
          RISKLINE_TOPIC_ATTACKER_OBSERVATIONS: input,
          RISKLINE_TOPIC_ATTRIBUTION_EVENTS: output,
        }),
        TEST_SETTINGS,
      ),
  });
  const decodeOnly = Math.max(perSecond(100_000, false), perSecond(100_000, false));
  const merged = Math.max(perSecond(100_000, true), perSecond(100_000, true));

  global.gc?.();
  const before = process.memoryUsage().heapUsed;
  const state = populated(ATTACKERS_BENCH * 4 * 10);
  global.gc?.();
  const bytesPerAttacker = (process.memoryUsage().heapUsed - before) / state.identities.size;

  const codec = {
    version: PROFILE_SNAPSHOT_VERSION,
    encode: encodeProfiles,
    decode: (e: unknown) => decodeProfiles(e, TEST_SETTINGS),
  };
  const snapshot = snapshotTiming(
    codec,
    state,
    (restored) => restored.identities.size === state.identities.size,
  );

  const { snapshot: codecOfWorker } = attributionProcessor(topicNames(), TEST_SETTINGS);
  const observedAgain = ATTACKERS_BENCH * 50;
  const checkpoints = await checkpointTimingThroughRedis(
    codecOfWorker,
    { state, nextOffset: 1, watermarkMs: T0, nextTimerAtMs: null },
    (s) => {
      for (let i = 0; i < ATTACKERS_BENCH; i += 100) {
        const decoded = decodeMessage(AttackerObservationSchema, bytesAt(observedAgain + i));
        if (decoded.ok) observe(s, TEST_SETTINGS, decoded.value, eventTimeMs(decoded.value.ts));
      }
    },
    (restored) => restored.identities.size === state.identities.size,
  );

  const result = {
    decode_only_per_s: Math.round(decodeOnly),
    decode_and_merge_per_s: Math.round(merged),
    ratio_merge_vs_decode_only: Number((merged / decodeOnly).toFixed(3)),
    heap_bytes_per_attacker_4_primitives_with_seen_ids: Math.round(bytesPerAttacker),
    snapshot: {
      attackers: state.identities.size,
      ...snapshot,
    },
    checkpoint_10k_attackers_through_redis: checkpoints,
    through_kafka_one_instance: kafka,
  };
  console.log(JSON.stringify(result, null, 2));
  console.log(
    `ratios: merging vs decoding only ${result.ratio_merge_vs_decode_only}; through Kafka vs bare loop ${kafka['ratio_vs_bare']}`,
  );
}

runBench(main);
