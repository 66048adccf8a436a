/**
 * `npm run bench:risk` — the accumulator in-process, one core:
 *   1. contributions/s when each entity's window holds ~10 vs ~1,000 contributions (the ratio
 *      shows the cost per contribution does not grow with the window: goal ≥ 0.8);
 *   2. heap bytes per tracked entity (10 contributions each);
 *   3. snapshot (encode + gzip) and restore (gunzip + decode) time and size at 100k entities;
 *   4. with BENCH_KAFKA=1 (set by `npm run bench:risk`), contributions/s through Kafka for one
 *      instance (StreamRunner + risk processor) against the bare kafkajs loop over the same topic,
 *      with ten contributions per entity (all cross) and with one (none does);
 *   5. with the stack, checkpoints of 100k entities × 10 through Redis: whole-state (baseline)
 *      against keyed — a full write, a write after 1% of the entities changed, and the restore.
 */
import { decodeCheckpoint, encodeCheckpoint } from '@riskline/stream-core';
import { type RiskContribution } from '@riskline/contracts';
import {
  accumulate,
  decodeRiskState,
  emptyRiskState,
  encodeRiskState,
  parseRiskSettings,
  RISK_SNAPSHOT_VERSION,
  type RiskState,
} from '@riskline/risk';

const settings = parseRiskSettings(`max_open_entities: 1000000
policies:
  - {name: score-24h, window: 24h, score_threshold: 1000000000, cooldown: 1h}
  - {name: tactics-7d, window: 7d, tactic_count_threshold: 99, min_sources: 4, cooldown: 1h}
`);
const TACTICS = ['discovery', 'credential-access', 'lateral-movement', 'execution', 'persistence'];
const T0 = Date.UTC(2026, 0, 1);

function contribution(i: number, entity: number): RiskContribution {
  return {
    schema_version: 1,
    contribution_id: `c-${i}`,
    detection_id: `d-${i}`,
    entity_type: 'user',
    entity_value: `u${entity}`,
    event_time: '',
    score: 10 + (i % 40),
    confidence: 1,
    rule_id: `rule-${i % 50}`,
    rule_version: 1,
    level: 'medium',
    tactics: [TACTICS[i % TACTICS.length]!],
    techniques: [],
  };
}

/** Contributions/s once `perEntity` contributions sit in each of `entities` windows. */
function throughput(entities: number, perEntity: number, measured: number): number {
  const state = emptyRiskState(settings);
  // Spread over 12 h of event time so every contribution stays inside the 24 h window.
  const step = (12 * 3_600_000) / (entities * perEntity);
  let i = 0;
  for (; i < entities * perEntity; i++)
    accumulate(state, settings, contribution(i, i % entities), T0 + i * step, T0 + i * step);
  const t0 = performance.now();
  for (let k = 0; k < measured; k++, i++)
    accumulate(state, settings, contribution(i, i % entities), T0 + i * step, T0 + i * step);
  return measured / ((performance.now() - t0) / 1000);
}

function populated(entities: number, perEntity: number): RiskState {
  const state = emptyRiskState(settings);
  for (let i = 0; i < entities * perEntity; i++)
    accumulate(state, settings, contribution(i, i % entities), T0 + i, T0 + i);
  return state;
}

/**
 * 100k contributions over `entities` entities. 10k: ten each, and every entity crosses its
 * thresholds and keeps changing (1.24 incident records per contribution, the worst case);
 * 100k: one each, nothing crosses — the accumulator's own cost when outputs are rare.
 */
async function throughKafka(entities: number): Promise<Record<string, number>> {
  const { topicNames } = await import('@riskline/contracts');
  const { processorVsBareLoop } = await import('@riskline/stream-runtime/bench');
  const { riskProcessor } = await import('@riskline/risk');
  const { contributionAt } = await import('@riskline/risk/testing');
  return processorVsBareLoop({
    name: `risk-${entities}`,
    total: 100_000,
    messageAt: (i) => contributionAt(i, entities),
    processor: (input, output) =>
      riskProcessor(
        topicNames({ RISKLINE_TOPIC_RISK_CONTRIBUTIONS: input, RISKLINE_TOPIC_RISK_INCIDENTS: output }),
        parseRiskSettings(DEFAULT_RISK_POLICIES),
      ),
  });
}

/** Checkpoint write and restore through Redis, whole-state against keyed (see item 5). */
async function checkpointsThroughRedis(
  state: RiskState,
): Promise<import('@riskline/stream-runtime/bench').CheckpointStoreTiming> {
  const { topicNames } = await import('@riskline/contracts');
  const { checkpointTimingThroughRedis } = await import('@riskline/stream-runtime/bench');
  const { riskProcessor } = await import('@riskline/risk');
  const { snapshot } = riskProcessor(topicNames(), settings);
  const size = state.entities.size;
  const at = T0 + 2_000_000;
  return checkpointTimingThroughRedis(
    snapshot,
    { state, nextOffset: 1, watermarkMs: at, nextTimerAtMs: null },
    (s) => {
      for (let e = 0; e < size; e += 100) accumulate(s, settings, contribution(10_000_000 + e, e), at, at);
    },
    (restored) => restored.entities.size === size,
  );
}

const DEFAULT_RISK_POLICIES = `policies:
  - {name: score-24h, window: 24h, score_threshold: 100, cooldown: 1h}
  - {name: tactics-7d, window: 7d, tactic_count_threshold: 3, min_sources: 4, cooldown: 1h}
`;

async function main(): Promise<void> {
  // Through Kafka first, while the heap is small: measured after the 100k-entity state below
  // was built, the runner ran ~30% slower, paying major GCs over half a gigabyte it never uses.
  const kafka = process.env['BENCH_KAFKA'] === '1' ? await throughKafka(10_000) : null;
  const quiet = process.env['BENCH_KAFKA'] === '1' ? await throughKafka(100_000) : null;
  const small = Math.max(throughput(1000, 10, 200_000), throughput(1000, 10, 200_000));
  const large = Math.max(throughput(100, 1000, 200_000), throughput(100, 1000, 200_000));

  global.gc?.();
  const before = process.memoryUsage().heapUsed;
  const state = populated(100_000, 10);
  global.gc?.();
  const bytesPerEntity = (process.memoryUsage().heapUsed - before) / state.entities.size;

  const codec = {
    version: RISK_SNAPSHOT_VERSION,
    encode: (s: RiskState) => encodeRiskState(s),
    decode: (e: unknown) => decodeRiskState(e, settings),
  };
  const snapshot = (perEntity: number) => {
    const s = perEntity === 10 ? state : populated(100_000, perEntity);
    const t0 = performance.now();
    const body = encodeCheckpoint(codec, {
      state: s,
      nextOffset: 1,
      watermarkMs: T0 + 1_000_000,
      nextTimerAtMs: null,
    });
    const t1 = performance.now();
    const restored = decodeCheckpoint(codec, body, 0);
    const t2 = performance.now();
    if (!restored.ok || restored.progress.state.entities.size !== 100_000)
      throw new Error('restore did not reproduce the state');
    return {
      entities: 100_000,
      contributions_per_entity: perEntity,
      gzip_bytes: body.length,
      snapshot_ms: Math.round(t1 - t0),
      restore_ms: Math.round(t2 - t1),
    };
  };
  const snapshots = [snapshot(1), snapshot(10)];

  const result = {
    contributions_per_s_10_per_entity: Math.round(small),
    contributions_per_s_1000_per_entity: Math.round(large),
    ratio_1000_vs_10: Number((large / small).toFixed(3)),
    heap_bytes_per_entity_10_contributions: Math.round(bytesPerEntity),
    snapshot_100k_entities: snapshots,
  };
  const redis = process.env['BENCH_KAFKA'] === '1' ? await checkpointsThroughRedis(state) : null;
  console.log(
    JSON.stringify(
      {
        ...result,
        ...(kafka ? { through_kafka_one_instance: kafka } : {}),
        ...(quiet ? { through_kafka_one_contribution_per_entity: quiet } : {}),
        ...(redis ? { checkpoint_100k_entities_through_redis: redis } : {}),
      },
      null,
      2,
    ),
  );
  console.log(
    `ratio (1,000 vs 10 per entity): ${result.ratio_1000_vs_10} (goal >= 0.8); restore of 100k entities: ${snapshots.map((x) => `${x.restore_ms} ms at ${x.contributions_per_entity}/entity`).join(', ')} (goal < 1000 ms)`,
  );
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    console.error(error);
    process.exit(1);
  },
);
