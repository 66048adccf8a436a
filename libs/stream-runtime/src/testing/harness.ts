/**
 * Test harness for the runtime's guarantees on the real broker and Redis: deterministic input,
 * worker processes to start, kill and stop, and the reference an uninterrupted run yields
 * (the pure processor applied to each partition's records in log order).
 */
import { dlqTopic } from '@riskline/contracts';
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import type { Admin, Kafka } from 'kafkajs';
import type Redis from 'ioredis';
import { CheckpointStore } from '../checkpoint-store';
import {
  applyRecords,
  decodeCheckpoint,
  freshProgress,
  type InputRecord,
  type PartitionedProcessor,
  type PartitionProgress,
} from '@riskline/stream-core';

const repoRoot = resolve(__dirname, '../../../..');

export interface WorkerScenario {
  /** Module (repo-relative) exporting `createProcessor(env)`; the windowed-sum processor by default. */
  readonly processorModule?: string;
  readonly service: string;
  readonly inputTopic: string;
  readonly outputTopic: string;
  readonly groupId: string;
  readonly partitions: number;
}

/** Message i of a deterministic stream: `keys` keys, 50 ms of event time apart, some out of order. */
export function sumMessage(i: number, keys: number): { key: string; value: string } {
  const key = `k${(i * 7919) % keys}`;
  const jitter = i % 17 === 0 ? -90_000 : 0; // every 17th is late, exercising the late path
  const ts = new Date(Date.UTC(2026, 0, 1) + i * 50 + jitter).toISOString();
  return { key, value: JSON.stringify({ key, n: (i * 31) % 13, ts }) };
}

export type MessageAt = (i: number) => { key: string; value: string };

/** Produces messages `from` ≤ i < `to` of a deterministic stream, in batches, idempotently. */
export async function produceRange(
  kafka: Kafka,
  topic: string,
  from: number,
  to: number,
  messageAt: MessageAt,
): Promise<void> {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  for (let start = from; start < to; start += 5000) {
    const messages = [];
    for (let i = start; i < Math.min(to, start + 5000); i++) messages.push(messageAt(i));
    await producer.send({ topic, acks: -1, messages });
  }
  await producer.disconnect();
}

export interface Worker {
  readonly child: ChildProcess;
  readonly output: () => string;
  readonly exited: Promise<number | null>;
}

export function startWorker(scenario: WorkerScenario, env: Record<string, string>): Worker {
  let output = '';
  const child = spawn(
    process.execPath,
    ['-r', '@swc-node/register', 'libs/stream-runtime/src/testing/processor-worker.ts'],
    {
      cwd: repoRoot,
      env: {
        ...process.env,
        PROCESSOR_MODULE: scenario.processorModule ?? 'libs/stream-core/src/testing/windowed-sum.ts',
        SERVICE: scenario.service,
        INPUT_TOPIC: scenario.inputTopic,
        OUTPUT_TOPIC: scenario.outputTopic,
        GROUP_ID: scenario.groupId,
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  return { child, output: () => output, exited: new Promise((r) => child.on('exit', (code) => r(code))) };
}

export async function stopWorker(worker: Worker, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  if (worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill(signal);
  return worker.exited;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Records committed by the group (committed only after a checkpoint), summed over partitions. */
export async function committedTotal(admin: Admin, groupId: string, topic: string): Promise<number> {
  const [entry] = await admin.fetchOffsets({ groupId, topics: [topic] });
  return (entry?.partitions ?? []).reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
}

export async function waitForCommitted(
  admin: Admin,
  groupId: string,
  topic: string,
  atLeast: number,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await committedTotal(admin, groupId, topic)) < atLeast) {
    if (Date.now() > deadline)
      throw new Error(
        `group ${groupId} committed ${await committedTotal(admin, groupId, topic)} of ${atLeast} within ${timeoutMs} ms`,
      );
    await sleep(200);
  }
}

/** Every record of a topic, per partition in offset order. */
export async function readTopic(
  kafka: Kafka,
  admin: Admin,
  topic: string,
): Promise<Map<number, InputRecord[]>> {
  const ends = await admin.fetchTopicOffsets(topic);
  const remaining = new Map(
    ends.filter((e) => Number(e.high) > Number(e.low)).map((e) => [e.partition, Number(e.high)]),
  );
  const byPartition = new Map<number, InputRecord[]>(ends.map((e) => [e.partition, []]));
  if (remaining.size === 0) return byPartition;
  const consumer = kafka.consumer({ groupId: `reader-${topic}-${process.hrtime.bigint()}` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await new Promise<void>((done) => {
    void consumer.run({
      eachBatch: async ({ batch }) => {
        const list = byPartition.get(batch.partition)!;
        for (const m of batch.messages) {
          list.push({
            topic,
            partition: batch.partition,
            offset: m.offset,
            key: m.key,
            value: m.value,
            timestamp: m.timestamp,
            headers: {},
          });
        }
        if (Number(batch.lastOffset()) + 1 >= (remaining.get(batch.partition) ?? 0))
          remaining.delete(batch.partition);
        if (remaining.size === 0) done();
      },
    });
  });
  await consumer.disconnect();
  return byPartition;
}

/**
 * What an uninterrupted run computes: per-partition final progress, every output and every
 * dead letter (`<input>.dlq`), kept apart so a test can compare each topic with its own.
 */
export function referenceRun<S, I>(
  processor: PartitionedProcessor<S, I>,
  records: Map<number, InputRecord[]>,
) {
  const progress = new Map<number, PartitionProgress<S>>();
  const outputs: unknown[] = [];
  /** Parallel to `outputs`: each one's table key (see `PartitionedProcessor.tableKey`), or null. */
  const tableKeys: (string | null)[] = [];
  const deadLetters: unknown[] = [];
  const dlq = dlqTopic(processor.inputTopic);
  // Every output, as a one-record-at-a-time run writes them: which table updates a batch
  // supersedes depends on its boundaries, so the reference keeps them all.
  const everyOutput = { ...processor, tableKey: undefined };
  for (const [partition, list] of records) {
    const p = freshProgress(processor.createState(partition), Number(list[0]?.offset ?? 0));
    for (const o of applyRecords(everyOutput, p, list).outputs) {
      if (o.topic === dlq) deadLetters.push(o.value);
      else {
        outputs.push(o.value);
        tableKeys.push(processor.tableKey?.(o) ?? null);
      }
    }
    progress.set(partition, p);
  }
  return { progress, outputs, tableKeys, deadLetters };
}

/** The progress each partition's checkpoint holds (checkpoints are scoped by consumer group). */
export async function checkpointedProgress<S, I>(
  redis: Redis,
  processor: PartitionedProcessor<S, I>,
  partitions: number,
  groupId: string,
) {
  const store = new CheckpointStore(redis);
  const out = new Map<number, PartitionProgress<S>>();
  for (let partition = 0; partition < partitions; partition++) {
    const address = { service: groupId, topic: processor.inputTopic, partition };
    const stored = await store.read(address);
    if (!stored) continue;
    const decoded = decodeCheckpoint(
      processor.snapshot,
      stored.body,
      partition,
      await store.entries(address),
    );
    if (!decoded.ok) throw new Error(`partition ${partition}: ${decoded.reason}`);
    out.set(partition, decoded.progress);
  }
  return out;
}
