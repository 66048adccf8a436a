/**
 * `npm run bench:tagger` — events/s through the tagger's processing path on the local broker
 * (StreamRunner + tagger processor: decode, rules, entities, scores, detections and keyed
 * contributions produced with acks=all), against the bare kafkajs consume→produce loop measured
 * in the same run over the same events. Twice: with the bundled rule pack, and with the 1,164
 * SigmaHQ windows/process_creation rules. Events: the seeded demo scenario (80% Sysmon process
 * creation), BENCH_EVENTS of them (default 100000).
 */
import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import type { Kafka } from 'kafkajs';
import { topicNames, type TopicNames } from '@riskline/contracts';
import { generateScenario } from '@riskline/scenario';
import {
  connectRedis,
  createKafka,
  createRedis,
  ensureTopics,
  silentLog,
  StreamRunner,
} from '@riskline/stream-runtime';
import { bareLoops, runnerThroughput } from '@riskline/stream-runtime/bench';
import { taggerForRules } from '@riskline/tagging/testing';
import { testBrokers, testRedisUrl } from '@riskline/stream-runtime/testing';

const EVENTS = Number(process.env['BENCH_EVENTS'] ?? 100_000);
const PARTITIONS = 12;
const root = resolve(__dirname, '../../..');

async function fill(kafka: Kafka, topic: string): Promise<void> {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  let batch: { key: string; value: string }[] = [];
  for (const event of generateScenario({ seed: 7, events: EVENTS })) {
    batch.push({ key: String(event['Computer'] ?? event['src_ip']), value: JSON.stringify(event) });
    if (batch.length === 5000) {
      await producer.send({ topic, acks: -1, messages: batch });
      batch = [];
    }
  }
  if (batch.length) await producer.send({ topic, acks: -1, messages: batch });
  await producer.disconnect();
}

async function taggerLoop(
  kafka: Kafka,
  topics: TopicNames,
  rulePaths: string[],
  total: number,
): Promise<{ perSecond: number; rules: number }> {
  const redis = createRedis(testRedisUrl(), silentLog);
  await connectRedis(redis);
  const { catalog, processor } = taggerForRules(rulePaths, topics);
  const runner = new StreamRunner({
    kafka,
    redis,
    processor: { ...processor, name: `bench-tagger-${randomUUID()}` },
    log: silentLog,
    groupId: `bench-tagger-${randomUUID()}`,
  });
  const perSecond = await runnerThroughput(runner as StreamRunner<unknown, unknown>, total, PARTITIONS);
  await redis.quit();
  return { perSecond, rules: catalog.rules().length };
}

async function main(): Promise<void> {
  const kafka = createKafka({ clientId: 'bench-tagger', brokers: testBrokers(), log: silentLog });
  const run = randomUUID().slice(0, 8);
  const env: Record<string, string> = {};
  for (const id of ['EVENTS', 'DETECTIONS', 'RISK_CONTRIBUTIONS'])
    env[`RISKLINE_TOPIC_${id}`] = `bench.tagger.${id.toLowerCase()}.${run}`;
  const topics = topicNames(env);
  const admin = kafka.admin();
  await admin.connect();
  await ensureTopics(
    admin,
    [
      topics.events,
      `${topics.events}.dlq`,
      topics.detections,
      topics.riskContributions,
      `bench.tagger.bare.${run}`,
    ].map((name) => ({ name, partitions: PARTITIONS, cleanupPolicy: 'delete' as const, isDlq: false })),
  );
  const total = await (async () => {
    await fill(kafka, topics.events);
    const offsets = await admin.fetchTopicOffsets(topics.events);
    return offsets.reduce((s, o) => s + Number(o.high), 0);
  })();
  await admin.disconnect();

  const bareRuns = await bareLoops(kafka, topics.events, `bench.tagger.bare.${run}`, total);
  const bare = bareRuns.stock;
  const bundled = await taggerLoop(kafka, topics, [join(root, 'rules')], total);
  const sigmahq = await taggerLoop(
    kafka,
    topics,
    [resolve(root, '../shared/sigma/rules/windows/process_creation'), join(root, 'rules')],
    total,
  );
  const result = {
    events: total,
    partitions: PARTITIONS,
    bare_kafkajs_msgs_per_s: Math.round(bare),
    bare_patched_kafkajs_msgs_per_s: Math.round(bareRuns.patched),
    tagger_bundled_rules: {
      rules: bundled.rules,
      events_per_s: Math.round(bundled.perSecond),
      ratio_vs_bare: Number((bundled.perSecond / bare).toFixed(3)),
    },
    tagger_sigmahq_process_creation: {
      rules: sigmahq.rules,
      events_per_s: Math.round(sigmahq.perSecond),
      ratio_vs_bare: Number((sigmahq.perSecond / bare).toFixed(3)),
    },
  };
  console.log(JSON.stringify(result, null, 2));
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    console.error(error);
    process.exit(1);
  },
);
