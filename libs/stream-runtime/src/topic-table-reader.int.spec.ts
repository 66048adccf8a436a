/**
 * TopicTableReader on the real broker: folds a whole topic into a table (tombstones clear),
 * refuses a bad record to the DLQ with its reason and headers, and `caughtUp` holds only once
 * what was written before the call is applied.
 */
import type { Admin, Kafka } from 'kafkajs';
import { DeadLetterSchema, decodeMessage, reject, type Decoded } from '@riskline/contracts';
import { createKafka } from './kafka-client';
import { ensureTopics } from './ensure-topics';
import { silentLog } from './log-sink';
import { TopicCollector } from './testing/topic-collector';
import { testBrokers, uniqueName } from './testing/test-stack';
import { TopicTableReader } from './topic-table-reader';

describe('TopicTableReader (real Kafka)', () => {
  let kafka: Kafka;
  let admin: Admin;

  beforeAll(async () => {
    kafka = createKafka({ clientId: 'it-table', brokers: testBrokers(), log: silentLog });
    admin = kafka.admin();
    await admin.connect();
  });

  afterAll(async () => {
    await admin.disconnect();
  });

  it('folds the topic, dead-letters what does not decode, and catches up', async () => {
    const topic = uniqueName('it.table');
    await ensureTopics(admin, [
      { name: topic, partitions: 2, cleanupPolicy: 'compact', isDlq: false },
      { name: `${topic}.dlq`, partitions: 1, cleanupPolicy: 'delete', isDlq: true },
    ]);
    const producer = kafka.producer();
    await producer.connect();
    const send = (messages: { key: string; value: string | null; headers?: Record<string, string> }[]) =>
      producer.send({ topic, messages });
    await send([
      { key: 'a', value: '1' },
      { key: 'b', value: '2' },
      { key: 'bad', value: 'not a number', headers: { traceparent: '00-abc-def-01' } },
      { key: 'b', value: null },
    ]);
    const table = new Map<string, number>();
    const reader = new TopicTableReader<number>({
      kafka,
      topic,
      service: 'it-table',
      log: silentLog,
      decode: (_key, value): Decoded<number> => {
        const n = Number(value.toString());
        return Number.isFinite(n)
          ? { ok: true, value: n }
          : reject('schema_violation', `'${value}' is not a number`);
      },
      apply: (key, value) => (value === null ? table.delete(key) : table.set(key, value)),
    });
    const dlq = new TopicCollector(kafka, [`${topic}.dlq`]);
    await dlq.start();
    try {
      await reader.start();
      expect(await reader.caughtUp(30_000)).toBe(true);
      expect([...table]).toEqual([['a', 1]]);
      await send([{ key: 'c', value: '3' }]);
      expect(await reader.caughtUp(30_000)).toBe(true);
      expect(table.get('c')).toBe(3);
      await dlq.waitFor((records) => records.length === 1, 30_000, 'the dead letter');
      const [record] = dlq.of(`${topic}.dlq`);
      const letter = decodeMessage(DeadLetterSchema, Buffer.from(JSON.stringify(record!.value)));
      expect(letter.ok && letter.value).toMatchObject({
        rejected_by: 'it-table',
        reason: { kind: 'schema_violation', message: "'not a number' is not a number" },
        source: { topic, key: 'bad' },
        payload: { encoding: 'utf8', data: 'not a number' },
      });
      expect(record!.headers['traceparent']).toBe('00-abc-def-01');
    } finally {
      await reader.stop();
      await dlq.stop();
      await producer.disconnect();
    }
  }, 90_000);
});
