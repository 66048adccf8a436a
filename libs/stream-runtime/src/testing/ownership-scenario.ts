/**
 * The runtime guarantee's standard ordeals for a processor, on the real broker and Redis
 * (`itEqualsAnUninterruptedRun`):
 * - crash and rebalance: the first 60% of the input is produced and a worker is SIGKILLed at a
 *   random point mid-way; two workers take over while the rest is produced; one of them is
 *   SIGKILLed; the survivor finishes and stops cleanly;
 * - broker bounce: two workers run against a broker of the test's own, which is SIGKILLed and
 *   restarted mid-stream, then stopped cleanly and restarted; the workers are never restarted.
 * Checkpoints, outputs and dead letters are then compared with `referenceRun` over the same
 * input.
 */
import type { Admin, Kafka } from 'kafkajs';
import type Redis from 'ioredis';
import { ensureTopics } from '../ensure-topics';
import { createKafka } from '../kafka-client';
import { silentLog } from '../log-sink';
import type { PartitionedProcessor, PartitionProgress } from '@riskline/stream-core';
import { connectRedis, createRedis } from '../redis-client';
import {
  checkpointedProgress,
  produceRange,
  readTopic,
  referenceRun,
  startWorker,
  stopWorker,
  waitForCommitted,
  type MessageAt,
  type Worker,
  type WorkerScenario,
} from './harness';
import { PrivateBroker } from './private-broker';
import { testBrokers, testRedisUrl, uniqueName } from './test-stack';

/** The bounce ordeal's own broker (and, one above, its controller), away from the shared stack. */
const BOUNCE_BROKER_PORT = 19_492;

export async function createScenarioTopics(admin: Admin, s: WorkerScenario): Promise<void> {
  await ensureTopics(admin, [
    { name: s.inputTopic, partitions: s.partitions, cleanupPolicy: 'delete', isDlq: false },
    { name: `${s.inputTopic}.dlq`, partitions: 1, cleanupPolicy: 'delete', isDlq: true },
    { name: s.outputTopic, partitions: s.partitions, cleanupPolicy: 'delete', isDlq: false },
  ]);
}

export async function crashAndRebalance(
  kafka: Kafka,
  admin: Admin,
  s: WorkerScenario,
  total: number,
  messageAt: MessageAt,
  env: Record<string, string> = {},
): Promise<void> {
  await createScenarioTopics(admin, s);
  const workers: Worker[] = [];
  const launch = () => {
    const w = startWorker(s, { KAFKA_BROKERS: testBrokers().join(','), REDIS_URL: testRedisUrl(), ...env });
    workers.push(w);
    return w;
  };
  const firstBatch = Math.floor(total * 0.6);
  try {
    await produceRange(kafka, s.inputTopic, 0, firstBatch, messageAt);
    const first = launch();
    const killAt = Math.floor(total * (0.2 + Math.random() * 0.1));
    await waitForCommitted(admin, s.groupId, s.inputTopic, killAt, 90_000).catch((error: Error) => {
      throw new Error(`${error.message}; worker output:\n${first.output().slice(-3000)}`);
    });
    await stopWorker(first, 'SIGKILL');
    const second = launch();
    const extra = launch();
    await produceRange(kafka, s.inputTopic, firstBatch, total, messageAt);
    await waitForCommitted(admin, s.groupId, s.inputTopic, Math.floor(total * 0.7), 120_000);
    await stopWorker(extra, 'SIGKILL');
    await waitForCommitted(admin, s.groupId, s.inputTopic, total, 180_000).catch((error: Error) => {
      throw new Error(`${error.message}; worker output:\n${second.output().slice(-3000)}`);
    });
    const code = await stopWorker(second);
    if (code !== 0) throw new Error(`the surviving worker exited ${code}:\n${second.output().slice(-3000)}`);
  } finally {
    await Promise.all(workers.map((w) => stopWorker(w, 'SIGKILL')));
  }
}

/** Retries an admin read through a broker outage. */
async function throughOutage<T>(read: () => Promise<T>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await read();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

async function waitThroughOutage(
  kafka: Kafka,
  s: WorkerScenario,
  atLeast: number,
  timeoutMs: number,
  workers: readonly Worker[],
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const admin = kafka.admin();
    try {
      await admin.connect();
      await waitForCommitted(admin, s.groupId, s.inputTopic, atLeast, Math.max(1000, deadline - Date.now()));
      return;
    } catch (error) {
      if (Date.now() > deadline)
        throw new Error(
          `${(error as Error).message}; worker output:\n${workers.map((w) => w.output().slice(-2000)).join('\n---\n')}`,
        );
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }
}

/**
 * The broker bounce: two workers on `broker`; after 20% is checkpointed the broker is SIGKILLed
 * and restarted, after 55% it is stopped cleanly and restarted; the workers must carry on by
 * themselves and, stopped at the end, exit 0.
 */
export async function bounceBroker(
  broker: PrivateBroker,
  kafka: Kafka,
  s: WorkerScenario,
  total: number,
  messageAt: MessageAt,
): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  await createScenarioTopics(admin, s);
  await admin.disconnect();
  const env = { KAFKA_BROKERS: broker.brokers.join(','), REDIS_URL: testRedisUrl() };
  const workers = [startWorker(s, env), startWorker(s, env)];
  try {
    await produceRange(kafka, s.inputTopic, 0, Math.floor(total * 0.4), messageAt);
    await waitThroughOutage(kafka, s, Math.floor(total * 0.2), 120_000, workers);
    await broker.stop('SIGKILL');
    await new Promise((r) => setTimeout(r, 2000));
    await broker.start();
    await throughOutage(() =>
      produceRange(kafka, s.inputTopic, Math.floor(total * 0.4), Math.floor(total * 0.7), messageAt),
    );
    await waitThroughOutage(kafka, s, Math.floor(total * 0.55), 180_000, workers);
    await broker.stop('SIGTERM');
    await broker.start();
    await throughOutage(() => produceRange(kafka, s.inputTopic, Math.floor(total * 0.7), total, messageAt));
    await waitThroughOutage(kafka, s, total, 240_000, workers);
    for (const worker of workers) {
      const code = await stopWorker(worker);
      if (code !== 0) throw new Error(`a worker exited ${code}:\n${worker.output().slice(-3000)}`);
    }
  } finally {
    await Promise.all(workers.map((w) => stopWorker(w, 'SIGKILL')));
  }
}

/**
 * What was produced against what the uninterrupted run computed: the same set of records, save
 * that of a table's updates (those with a table key) a batch produces only the last per key —
 * so those produced must be among the reference's, and each key's last produced value must be
 * its last reference value (one key's updates come from one input partition, in order).
 */
function expectOutputs(
  produced: readonly string[],
  reference: readonly string[],
  tableKeys: readonly (string | null)[],
) {
  const tableKeyOf = new Map<string, string>();
  reference.forEach((value, i) => {
    if (tableKeys[i] !== null) tableKeyOf.set(value, tableKeys[i]!);
  });
  const plain = (values: readonly string[]) => new Set(values.filter((v) => !tableKeyOf.has(v)));
  expect(plain(produced)).toEqual(plain(reference));
  const lastByKey = (values: readonly string[]) => {
    const last = new Map<string, string>();
    for (const v of values) if (tableKeyOf.has(v)) last.set(tableKeyOf.get(v)!, v);
    return last;
  };
  expect(lastByKey(produced)).toEqual(lastByKey(reference));
}

export interface OwnershipCase<S> {
  /** Repo-relative module exporting `createProcessor(env)` (see processor-worker.ts). */
  readonly processorModule: string;
  readonly name: string;
  readonly partitions: number;
  readonly total: number;
  readonly messageAt: MessageAt;
  readonly createProcessor: (env: NodeJS.ProcessEnv) => PartitionedProcessor<S, unknown>;
  /** The comparable form of a checkpointed state. */
  readonly view: (state: S) => unknown;
  /** The comparable form of the reference's state, when a restore would normalise it (lazy state). */
  readonly referenceView?: (progress: PartitionProgress<S>) => unknown;
  /** Further assertions on what the uninterrupted run computed (e.g. that the case is not trivial). */
  readonly check?: (reference: { states: S[]; outputs: unknown[] }) => void;
}

/**
 * Registers the ordeal as a test of the enclosing describe: after `crashAndRebalance`, every
 * partition's checkpoint (offset and state) equals the uninterrupted run's, and the set of
 * records produced equals the set it computes (re-produced duplicates are identical).
 */
export function itEqualsAnUninterruptedRun<S>(c: OwnershipCase<S>): void {
  let kafka: Kafka;
  let admin: Admin;
  let redis: Redis;

  /** Checkpoints, outputs and dead letters equal the pure processor's over the same input. */
  async function expectUninterrupted(kafka: Kafka, admin: Admin, s: WorkerScenario): Promise<void> {
    const processor = c.createProcessor({
      SERVICE: s.service,
      INPUT_TOPIC: s.inputTopic,
      OUTPUT_TOPIC: s.outputTopic,
    });
    const reference = referenceRun(processor, await readTopic(kafka, admin, s.inputTopic));
    const checkpointed = await checkpointedProgress(redis, processor, c.partitions, s.groupId);
    for (const [partition, expected] of reference.progress) {
      const got = checkpointed.get(partition)!;
      expect({ partition, nextOffset: got.nextOffset, state: c.view(got.state) }).toEqual({
        partition,
        nextOffset: expected.nextOffset,
        state: (c.referenceView ?? ((p: PartitionProgress<S>) => c.view(p.state)))(expected),
      });
    }
    c.check?.({ states: [...reference.progress.values()].map((p) => p.state), outputs: reference.outputs });
    const produced = [...(await readTopic(kafka, admin, s.outputTopic)).values()]
      .flat()
      .map((r) => r.value!.toString());
    expectOutputs(
      produced,
      reference.outputs.map((o) => JSON.stringify(o)),
      reference.tableKeys,
    );
    const deadLetters = [...(await readTopic(kafka, admin, `${s.inputTopic}.dlq`)).values()]
      .flat()
      .map((r) => r.value!.toString());
    expect(new Set(deadLetters)).toEqual(new Set(reference.deadLetters.map((o) => JSON.stringify(o))));
  }

  const scenario = (kind: string): WorkerScenario => ({
    processorModule: c.processorModule,
    service: uniqueName(`it-${c.name}`),
    inputTopic: uniqueName(`it.${c.name}.${kind}.in`),
    outputTopic: uniqueName(`it.${c.name}.${kind}.out`),
    groupId: uniqueName(`it.${c.name}.${kind}.group`),
    partitions: c.partitions,
  });

  beforeAll(async () => {
    kafka = createKafka({ clientId: `it-${c.name}`, brokers: testBrokers(), log: silentLog });
    admin = kafka.admin();
    await admin.connect();
    redis = createRedis(testRedisUrl(), silentLog);
    await connectRedis(redis);
  });

  afterAll(async () => {
    await admin.disconnect();
    await redis.quit();
  });

  it('equals an uninterrupted run after crashes and 1 → 2 → 1 instances', async () => {
    const s = scenario('crash');
    await crashAndRebalance(kafka, admin, s, c.total, c.messageAt);
    await expectUninterrupted(kafka, admin, s);
  }, 400_000);

  it('equals an uninterrupted run when the broker is killed and restarted, and stopped and restarted', async () => {
    const broker = new PrivateBroker(BOUNCE_BROKER_PORT);
    const bounced = createKafka({ clientId: `it-${c.name}-bounce`, brokers: broker.brokers, log: silentLog });
    try {
      await broker.start();
      const s = scenario('bounce');
      await bounceBroker(broker, bounced, s, c.total, c.messageAt);
      // Three lives of the broker: the bounces really happened.
      expect(broker.log().match(/Transition from STARTING to STARTED/g)).toHaveLength(3);
      const bouncedAdmin = bounced.admin();
      await bouncedAdmin.connect();
      try {
        await expectUninterrupted(bounced, bouncedAdmin, s);
      } finally {
        await bouncedAdmin.disconnect();
      }
    } finally {
      await broker.destroy();
    }
  }, 600_000);
}
