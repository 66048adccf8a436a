/**
 * The core guarantee (../shared/design.md, "Partition-owned state") on the real broker and
 * Redis: kill -9 an instance at random points, add and remove instances mid-stream, or cut
 * Redis for 10 s, and the checkpointed state and the set of outputs equal an uninterrupted run.
 */
import type { Admin, Kafka } from 'kafkajs';
import type Redis from 'ioredis';
import { createKafka } from './kafka-client';
import { ensureTopics } from './ensure-topics';
import { silentLog } from './log-sink';
import { connectRedis, createRedis } from './redis-client';
import {
  checkpointedProgress,
  committedTotal,
  produceRange,
  readTopic,
  referenceRun,
  startWorker,
  sumMessage,
  stopWorker,
  waitForCommitted,
  type WorkerScenario,
  type Worker,
} from './testing/harness';
import { TcpProxy } from './testing/tcp-proxy';
import { testBrokers, testRedisUrl, uniqueName } from './testing/test-stack';
import { windowedSumProcessor, type WindowClosed } from '@riskline/stream-core/testing';

const PARTITIONS = 12;
const sums = (i: number) => sumMessage(i, KEYS);
const KEYS = 2000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitUntil(predicate: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

/** Partitions in the worker's latest assignment, from its JSON log. */
function assignedPartitions(worker: Worker): number {
  const lines = worker
    .output()
    .split('\n')
    .filter((l) => l.includes('"partitions assigned"'));
  const last = lines.at(-1);
  return last ? (JSON.parse(last) as { partitions: number[] }).partitions.length : 0;
}

describe('partition-owned state (real Kafka + Redis)', () => {
  let kafka: Kafka;
  let admin: Admin;
  let redis: Redis;
  const workers: Worker[] = [];

  beforeAll(async () => {
    kafka = createKafka({ clientId: 'it-ownership', brokers: testBrokers(), log: silentLog });
    admin = kafka.admin();
    await admin.connect();
    redis = createRedis(testRedisUrl(), silentLog);
    await connectRedis(redis);
  });

  afterEach(async () => {
    await Promise.all(workers.splice(0).map((w) => stopWorker(w, 'SIGKILL')));
  });

  afterAll(async () => {
    await admin.disconnect();
    await redis.quit();
  });

  async function scenario(name: string): Promise<WorkerScenario> {
    const s = {
      service: uniqueName(`it-${name}`),
      inputTopic: uniqueName(`it.${name}.in`),
      outputTopic: uniqueName(`it.${name}.out`),
      groupId: uniqueName(`it.${name}.group`),
      partitions: PARTITIONS,
    };
    await ensureTopics(admin, [
      { name: s.inputTopic, partitions: PARTITIONS, cleanupPolicy: 'delete', isDlq: false },
      { name: `${s.inputTopic}.dlq`, partitions: 1, cleanupPolicy: 'delete', isDlq: true },
      { name: s.outputTopic, partitions: PARTITIONS, cleanupPolicy: 'delete', isDlq: false },
    ]);
    return s;
  }

  function launch(s: WorkerScenario, env: Record<string, string> = {}): Worker {
    const worker = startWorker(s, {
      KAFKA_BROKERS: testBrokers().join(','),
      REDIS_URL: testRedisUrl(),
      ...env,
    });
    workers.push(worker);
    return worker;
  }

  /** Checkpointed state and outputs equal the pure reference over the same log. */
  async function expectEqualToUninterruptedRun(s: WorkerScenario): Promise<void> {
    const processor = windowedSumProcessor({
      name: s.service,
      inputTopic: s.inputTopic,
      outputTopic: s.outputTopic,
    });
    const reference = referenceRun(processor, await readTopic(kafka, admin, s.inputTopic));
    const checkpointed = await checkpointedProgress(redis, processor, PARTITIONS, s.groupId);
    for (const [partition, expected] of reference.progress) {
      expect({ partition, progress: checkpointed.get(partition) }).toEqual({ partition, progress: expected });
    }
    const expectedById = new Map((reference.outputs as WindowClosed[]).map((o) => [o.id, JSON.stringify(o)]));
    expect(expectedById.size).toBe(reference.outputs.length);
    const produced = [...(await readTopic(kafka, admin, s.outputTopic)).values()]
      .flat()
      .map((r) => JSON.parse(r.value!.toString()) as WindowClosed);
    const producedIds = new Set(produced.map((o) => o.id));
    expect(producedIds.size).toBe(expectedById.size);
    expect([...producedIds].filter((id) => !expectedById.has(id))).toEqual([]);
    // A re-produced output is a duplicate of the same content, never a different result.
    expect(produced.filter((o) => expectedById.get(o.id) !== JSON.stringify(o))).toEqual([]);
  }

  it('survives SIGKILL at three random points over 200k records', async () => {
    const total = 200_000;
    const s = await scenario('crash');
    await produceRange(kafka, s.inputTopic, 0, total, sums);
    const killPoints = [
      0.15 + Math.random() * 0.2,
      0.4 + Math.random() * 0.2,
      0.65 + Math.random() * 0.2,
    ].map((f) => Math.floor(f * total));
    process.stdout.write(`kill points (committed records): ${killPoints.join(', ')}\n`);
    for (const point of killPoints) {
      const worker = launch(s);
      await waitForCommitted(admin, s.groupId, s.inputTopic, point, 120_000).catch((error: Error) => {
        throw new Error(
          `${error.message}\n--- the worker's last output ---\n${worker.output().slice(-6000)}`,
        );
      });
      await stopWorker(worker, 'SIGKILL');
    }
    const last = launch(s);
    await waitForCommitted(admin, s.groupId, s.inputTopic, total, 180_000).catch((error: Error) => {
      throw new Error(`${error.message}\n--- the worker's last output ---\n${last.output().slice(-6000)}`);
    });
    expect(await stopWorker(last)).toBe(0);
    await expectEqualToUninterruptedRun(s);
  }, 400_000);

  it('keeps exact state while instances go 1 → 3 → 1 mid-stream', async () => {
    const total = 120_000;
    const s = await scenario('rebalance');
    await produceRange(kafka, s.inputTopic, 0, 30_000, sums);
    const first = launch(s);
    await waitForCommitted(admin, s.groupId, s.inputTopic, 20_000, 120_000);
    const extra = [launch(s), launch(s)];
    // Mid-stream for real: the group has rebalanced to three members before more data comes.
    await waitUntil(
      () => extra.every((w) => assignedPartitions(w) > 0),
      60_000,
      'the extra instances to be assigned partitions',
    );
    await produceRange(kafka, s.inputTopic, 30_000, 70_000, sums);
    await waitForCommitted(admin, s.groupId, s.inputTopic, 60_000, 120_000);
    await waitUntil(
      () => extra.some((w) => w.output().includes('partition claimed')),
      30_000,
      'an extra instance to process a partition',
    );
    for (const w of extra) expect(await stopWorker(w)).toBe(0);
    await produceRange(kafka, s.inputTopic, 70_000, total, sums);
    await waitForCommitted(admin, s.groupId, s.inputTopic, total, 180_000);
    expect(await stopWorker(first)).toBe(0);
    await expectEqualToUninterruptedRun(s);
  }, 400_000);

  it('rides out Redis being unreachable for 10 s without crashing or double counting', async () => {
    const s = await scenario('redis-outage');
    const url = new URL(testRedisUrl());
    const proxy = new TcpProxy(url.hostname, Number(url.port || 6379));
    const port = await proxy.start();
    const worker = launch(s, { REDIS_URL: `redis://127.0.0.1:${port}` });
    await produceRange(kafka, s.inputTopic, 0, 20_000, sums);
    await waitForCommitted(admin, s.groupId, s.inputTopic, 10_000, 120_000);
    await proxy.cut();
    const before = await committedTotal(admin, s.groupId, s.inputTopic);
    await produceRange(kafka, s.inputTopic, 20_000, 40_000, sums);
    await sleep(10_000);
    expect(worker.child.exitCode).toBeNull();
    // No checkpoint could be written, so nothing new was committed during the outage.
    expect(await committedTotal(admin, s.groupId, s.inputTopic)).toBeLessThanOrEqual(
      Math.max(before, 20_000),
    );
    await proxy.restore();
    await waitForCommitted(admin, s.groupId, s.inputTopic, 40_000, 120_000);
    expect(await stopWorker(worker)).toBe(0);
    await proxy.cut();
    expect(worker.output()).toContain('checkpoint failed; will retry');
    await expectEqualToUninterruptedRun(s);
  }, 300_000);
});
