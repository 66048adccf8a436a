/**
 * The baseline every service benchmark measures against in the same run: a hand-written kafkajs
 * consume→produce loop (eachBatch → sendBatch, idempotent producer, acks=all) that does nothing
 * with the records. Returns records/s.
 */
import { randomUUID } from 'node:crypto';
import { CompressionTypes, type Kafka } from 'kafkajs';

/** Baseline: what a hand-written kafkajs service does — consume a batch, produce it, resolve. */
export async function bareLoop(
  kafka: Kafka,
  input: string,
  output: string,
  messages: number,
  /** Producer compression (the runner ships none; this measures what gzip would cost). */
  compression: 'none' | 'gzip' = 'none',
): Promise<number> {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const consumer = kafka.consumer({ groupId: `bench-bare-${randomUUID()}` });
  await consumer.connect();
  await consumer.subscribe({ topic: input, fromBeginning: true });
  let seen = 0;
  const t0 = performance.now();
  await new Promise<void>((done) => {
    void consumer.run({
      eachBatch: async ({ batch }) => {
        await producer.sendBatch({
          acks: -1,
          compression: compression === 'gzip' ? CompressionTypes.GZIP : CompressionTypes.None,
          topicMessages: [
            { topic: output, messages: batch.messages.map((m) => ({ key: m.key, value: m.value })) },
          ],
        });
        seen += batch.messages.length;
        if (seen >= messages) done();
      },
    });
  });
  const seconds = (performance.now() - t0) / 1000;
  await consumer.disconnect();
  await producer.disconnect();
  return messages / seconds;
}
