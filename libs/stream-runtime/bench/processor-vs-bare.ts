/**
 * A processor's records/s through Kafka for one instance (StreamRunner over 12 partitions)
 * against the bare kafkajs consume-and-produce loop over the same topic, measured in the same
 * run — the ratio is what the runtime and the processor cost on top of Kafka itself. The runner
 * is measured twice: as it ships (one partition's batch at a time) and with four partitions'
 * batches at once (`partitionsConcurrently`), so what concurrency buys is a measurement.
 */
import { randomUUID } from 'node:crypto';
import { connectRedis, createKafka, createRedis, ensureTopics, silentLog, StreamRunner } from '../src';
import type { PartitionedProcessor } from '@riskline/stream-core';
import { produceRange, type MessageAt } from '../src/testing/harness';
import { testBrokers, testRedisUrl } from '../src/testing/test-stack';
import { bareLoops } from './bare-loop';
import { runnerThroughput } from './runner-throughput';

const PARTITIONS = 12;

export async function processorVsBareLoop<S, I>(spec: {
  readonly name: string;
  readonly total: number;
  readonly messageAt: MessageAt;
  readonly processor: (inputTopic: string, outputTopic: string) => PartitionedProcessor<S, I>;
}): Promise<Record<string, number>> {
  const run = randomUUID().slice(0, 8);
  const input = `bench.${spec.name}.in.${run}`;
  const output = `bench.${spec.name}.out.${run}`;
  const bareOutput = `bench.${spec.name}.bare.${run}`;
  const kafka = createKafka({ clientId: `bench-${spec.name}`, brokers: testBrokers(), log: silentLog });
  const admin = kafka.admin();
  await admin.connect();
  await ensureTopics(
    admin,
    [input, `${input}.dlq`, output, bareOutput].map((name) => ({
      name,
      partitions: PARTITIONS,
      cleanupPolicy: 'delete' as const,
      isDlq: false,
    })),
  );
  await admin.disconnect();
  await produceRange(kafka, input, 0, spec.total, spec.messageAt);
  const bare = await bareLoops(kafka, input, bareOutput, spec.total);
  const redis = createRedis(testRedisUrl(), silentLog);
  await connectRedis(redis);
  const measure = async (label: string, partitionsConcurrently?: number) => {
    const name = `bench-${spec.name}-${run}-${label}`;
    const runner = new StreamRunner({
      kafka,
      redis,
      processor: { ...spec.processor(input, output), name },
      log: silentLog,
      groupId: name,
      ...(partitionsConcurrently ? { partitionsConcurrently } : {}),
    });
    return runnerThroughput(runner as unknown as StreamRunner<unknown, unknown>, spec.total, PARTITIONS);
  };
  const perSecond = await measure('serial');
  const concurrent = await measure('concurrent', 4);
  // The runs' checkpoints (tens of MB for a keyed state) would otherwise pile up in the stack's
  // Redis run after run, and its append-only file rewrites would weigh on later benches.
  const stale = await redis.keys(`*{bench-${spec.name}-${run}-*`);
  if (stale.length > 0) await redis.unlink(...stale);
  await redis.quit();
  return {
    records: spec.total,
    bare_kafkajs_msgs_per_s: Math.round(bare.stock),
    bare_patched_kafkajs_msgs_per_s: Math.round(bare.patched),
    processor_records_per_s: Math.round(perSecond),
    ratio_vs_bare: Number((perSecond / bare.stock).toFixed(3)),
    ratio_vs_patched_bare: Number((perSecond / bare.patched).toFixed(3)),
    four_partitions_at_once_per_s: Math.round(concurrent),
  };
}
