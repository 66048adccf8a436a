/**
 * `npm run bench:runtime` — the stream runtime's overhead, measured against a baseline in the
 * same run on the same broker:
 *   1. messages/s of a bare kafkajs consume→produce loop vs a pass-through processor on the
 *      StreamRunner (same batches, same idempotent producer, acks=all); the ratio is the figure;
 *   2. checkpoint size and write time, and restore (claim + decode) time, for a 100k-key state;
 *   3. producer tuning: the bare loop again with gzip compression, against itself uncompressed
 *      (kafkajs has no linger: a produce request is what one consumed batch yields).
 * Environment: BENCH_MESSAGES (default 200000), KAFKA_BROKERS, REDIS_URL.
 */
import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import {
  CheckpointStore,
  connectRedis,
  createKafka,
  createRedis,
  ensureTopics,
  silentLog,
  StreamRunner,
} from '../src';
import { decodeCheckpoint, encodeCheckpoint, type PartitionedProcessor } from '@riskline/stream-core';
import { testBrokers, testRedisUrl } from '../src/testing/test-stack';
import { bareLoop, bareLoops } from './bare-loop';
import { runnerThroughput } from './runner-throughput';
import { windowedSumProcessor, type KeySums, type WindowedSumState } from '@riskline/stream-core/testing';

const MESSAGES = Number(process.env['BENCH_MESSAGES'] ?? 200_000);
const PARTITIONS = 12;
const STATE_KEYS = 100_000;

async function topics(kafka: Kafka, names: string[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  await ensureTopics(
    admin,
    names.map((name) => ({ name, partitions: PARTITIONS, cleanupPolicy: 'delete' as const, isDlq: false })),
  );
  await admin.disconnect();
}

async function fill(kafka: Kafka, topic: string): Promise<void> {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const base = Date.UTC(2026, 0, 1);
  for (let start = 0; start < MESSAGES; start += 10_000) {
    const messages = [];
    for (let i = start; i < Math.min(MESSAGES, start + 10_000); i++) {
      const key = `user:u${i % 5000}`;
      messages.push({
        key,
        value: JSON.stringify({ key, n: i % 13, ts: new Date(base + i).toISOString(), pad: 'x'.repeat(40) }),
      });
    }
    await producer.send({ topic, acks: -1, messages });
  }
  await producer.disconnect();
}

function passThrough(input: string, output: string): PartitionedProcessor<{ count: number }, Buffer> {
  return {
    name: `bench-pass-${randomUUID()}`,
    inputTopic: input,
    decode: (record) =>
      record.value
        ? { ok: true, value: record.value }
        : { ok: false, rejection: { kind: 'empty', message: 'empty' } },
    eventTime: (_m, record) => Number(record.timestamp),
    createState: () => ({ count: 0 }),
    handle: (state, value, context) => {
      state.count += 1;
      return [{ topic: output, key: context.key, value }];
    },
    snapshot: { version: 1, encode: (s) => s, decode: (e) => e as { count: number } },
  };
}

async function runnerLoop(kafka: Kafka, input: string, output: string): Promise<number> {
  const redis = createRedis(testRedisUrl(), silentLog);
  await connectRedis(redis);
  const processor = passThrough(input, output);
  const runner = new StreamRunner({ kafka, redis, processor, log: silentLog });
  const perSecond = await runnerThroughput(runner as StreamRunner<unknown, unknown>, MESSAGES, 12);
  await redis.quit();
  return perSecond;
}

async function checkpointCost(): Promise<Record<string, number>> {
  const redis = createRedis(testRedisUrl(), silentLog);
  await connectRedis(redis);
  const processor = windowedSumProcessor({
    name: `bench-ckpt-${randomUUID()}`,
    inputTopic: 'bench',
    outputTopic: 'bench.out',
  });
  const state: WindowedSumState = { keys: new Map<string, KeySums>(), late: 0 };
  for (let i = 0; i < STATE_KEYS; i++) {
    state.keys.set(`user:u${i}`, {
      windowStartMs: 1767225600000 + (i % 60) * 60_000,
      windowSum: i % 97,
      windowCount: i % 7,
      totalSum: i * 3,
      totalCount: i % 101,
    });
  }
  const store = new CheckpointStore(redis);
  const address = { service: processor.name, topic: 'bench', partition: 0 };
  const { epoch } = await store.claim(address);
  const progress = { state, nextOffset: 123_456, watermarkMs: 1767225600000, nextTimerAtMs: null };
  const t0 = performance.now();
  const body = encodeCheckpoint(processor.snapshot, progress);
  const t1 = performance.now();
  await store.write(address, epoch, progress.nextOffset, body);
  const t2 = performance.now();
  const claim = await store.claim(address);
  const decoded = decodeCheckpoint(processor.snapshot, claim.checkpoint!.body, 0);
  const t3 = performance.now();
  if (!decoded.ok || decoded.progress.state.keys.size !== STATE_KEYS)
    throw new Error('restore did not reproduce the state');
  await redis.del(store.key(address));
  await redis.quit();
  return {
    state_keys: STATE_KEYS,
    checkpoint_bytes: body.length,
    uncompressed_bytes: JSON.stringify({ keys: [...state.keys] }).length,
    encode_ms: Math.round(t1 - t0),
    write_ms: Math.round(t2 - t1),
    checkpoint_total_ms: Math.round(t2 - t0),
    restore_ms: Math.round(t3 - t2),
  };
}

async function main(): Promise<void> {
  const kafka = createKafka({ clientId: 'bench-runtime', brokers: testBrokers(), log: silentLog });
  const run = randomUUID().slice(0, 8);
  const input = `bench.runtime.in.${run}`;
  const outBare = `bench.runtime.bare.${run}`;
  const outRunner = `bench.runtime.runner.${run}`;
  await topics(kafka, [input, outBare, outRunner]);
  await fill(kafka, input);
  // Alternate and keep each side's best, so a warm-up or a noisy moment favours neither.
  const bare: number[] = [];
  const stock: number[] = [];
  const runner: number[] = [];
  for (let round = 0; round < 2; round++) {
    const loops = await bareLoops(kafka, input, outBare, MESSAGES);
    stock.push(loops.stock);
    bare.push(loops.patched);
    runner.push(await runnerLoop(kafka, input, outRunner));
  }
  const bestBare = Math.max(...bare);
  const bestStock = Math.max(...stock);
  const bestRunner = Math.max(...runner);
  const gzip: number[] = [];
  for (let round = 0; round < 2; round++) gzip.push(await bareLoop(kafka, input, outBare, MESSAGES, 'gzip'));
  const bestGzip = Math.max(...gzip);
  const checkpoint = await checkpointCost();
  const result = {
    messages: MESSAGES,
    partitions: PARTITIONS,
    bare_kafkajs_msgs_per_s: Math.round(bestStock),
    bare_patched_kafkajs_msgs_per_s: Math.round(bestBare),
    runner_passthrough_msgs_per_s: Math.round(bestRunner),
    ratio_runner_vs_bare: Number((bestRunner / bestStock).toFixed(3)),
    ratio_runner_vs_patched_bare: Number((bestRunner / bestBare).toFixed(3)),
    rounds: {
      bare: stock.map(Math.round),
      bare_patched: bare.map(Math.round),
      runner: runner.map(Math.round),
    },
    bare_gzip_msgs_per_s: Math.round(bestGzip),
    ratio_gzip_vs_uncompressed: Number((bestGzip / bestBare).toFixed(3)),
    checkpoint_100k_keys: checkpoint,
  };
  console.log(JSON.stringify(result, null, 2));
  console.log(
    `ratio (runner / bare kafkajs): ${result.ratio_runner_vs_bare} (goal >= 0.8); against patched kafkajs: ${result.ratio_runner_vs_patched_bare}`,
  );
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    console.error(error);
    process.exit(1);
  },
);
