/**
 * The substrate guarantee partition-owned state relies on: on a real broker, every message of a
 * key lands on one partition, and a consumer group receives every message exactly as produced.
 */
import type { Admin, Kafka } from 'kafkajs';
import { createKafka } from './kafka-client';
import { ensureTopics } from './ensure-topics';
import { silentLog } from './log-sink';
import { testBrokers, uniqueName } from './testing/test-stack';

const MESSAGES = 10_000;
const KEYS = 500;
const PARTITIONS = 12;

describe('Kafka keyed partitioning (real broker)', () => {
  let kafka: Kafka;
  let admin: Admin;

  beforeAll(async () => {
    kafka = createKafka({ clientId: 'it-partitioning', brokers: testBrokers(), log: silentLog });
    admin = kafka.admin();
    await admin.connect();
  });

  afterAll(async () => {
    await admin.disconnect();
  });

  it('creates topics idempotently and reports partition mismatches instead of changing them', async () => {
    const name = uniqueName('it.topics');
    const plan = [
      { name, partitions: 3, cleanupPolicy: 'compact' as const, isDlq: false },
      { name: `${name}.dlq`, partitions: 1, cleanupPolicy: 'delete' as const, isDlq: true },
    ];
    expect(await ensureTopics(admin, plan)).toEqual({
      created: [name, `${name}.dlq`],
      existing: [],
      mismatches: [],
    });
    expect(await ensureTopics(admin, plan)).toEqual({
      created: [],
      existing: [name, `${name}.dlq`],
      mismatches: [],
    });
    const changed = await ensureTopics(admin, [{ ...plan[0]!, partitions: 6, cleanupPolicy: 'delete' }]);
    expect(changed.mismatches).toEqual([
      `${name}: has 3 partitions, plan says 6 (left as is: changing it remaps keys)`,
      `${name}: cleanup.policy is compact, plan says delete`,
    ]);
    const metadata = await admin.fetchTopicMetadata({ topics: [name] });
    expect(metadata.topics[0]?.partitions).toHaveLength(3);
  });

  it(`delivers ${MESSAGES} keyed messages, each key on one partition, none lost`, async () => {
    const topic = uniqueName('it.partitioning');
    await ensureTopics(admin, [
      { name: topic, partitions: PARTITIONS, cleanupPolicy: 'delete', isDlq: false },
    ]);

    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const messages = Array.from({ length: MESSAGES }, (_, i) => ({
      key: `user:u${i % KEYS}`,
      value: String(i),
    }));
    for (let i = 0; i < messages.length; i += 1000) {
      await producer.send({ topic, acks: -1, messages: messages.slice(i, i + 1000) });
    }
    await producer.disconnect();

    const partitionsByKey = new Map<string, Set<number>>();
    const seen = new Set<string>();
    let received = 0;
    const consumer = kafka.consumer({ groupId: uniqueName('it.group') });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const done = new Promise<void>((resolve) => {
      void consumer.run({
        eachBatch: async ({ batch }) => {
          for (const message of batch.messages) {
            const key = message.key!.toString();
            const keyPartitions = partitionsByKey.get(key) ?? new Set<number>();
            keyPartitions.add(batch.partition);
            partitionsByKey.set(key, keyPartitions);
            seen.add(message.value!.toString());
            received += 1;
          }
          if (received >= MESSAGES) resolve();
        },
      });
    });
    await done;
    await consumer.disconnect();

    expect(received).toBe(MESSAGES);
    expect(seen.size).toBe(MESSAGES);
    expect(partitionsByKey.size).toBe(KEYS);
    const spread = [...partitionsByKey.values()].filter((p) => p.size !== 1);
    expect(spread).toEqual([]);
    const used = new Set([...partitionsByKey.values()].flatMap((p) => [...p]));
    expect(used.size).toBe(PARTITIONS);
  });
});
