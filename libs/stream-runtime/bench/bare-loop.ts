/**
 * The baseline every service benchmark measures against in the same run: a hand-written kafkajs
 * consume→produce loop (eachBatch → sendBatch, idempotent producer, acks=all) that does nothing
 * with the records. Returns records/s. `bareLoops` runs it with kafkajs as published (what a
 * hand-written service gets, the baseline the ratios are against) and as this project patches
 * it (patches/: grouping a send by partition was quadratic), so both are on record.
 */
import { randomUUID } from 'node:crypto';
import { CompressionTypes, type Kafka } from 'kafkajs';
import { Kafka as StockKafka, logLevel } from 'kafkajs-stock';
import { testBrokers } from '../src/testing/test-stack';

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

export interface BareLoops {
  /** kafkajs 2.2.4 as published. */
  readonly stock: number;
  /** The same with this project's patches. */
  readonly patched: number;
}

/** Best of two runs each, alternated, of the bare loop with stock and with patched kafkajs. */
export async function bareLoops(
  kafka: Kafka,
  input: string,
  output: string,
  messages: number,
): Promise<BareLoops> {
  const stockKafka = new StockKafka({
    clientId: 'bench-bare-stock',
    brokers: testBrokers(),
    logLevel: logLevel.NOTHING,
  }) as unknown as Kafka;
  const stock: number[] = [];
  const patched: number[] = [];
  for (let round = 0; round < 2; round++) {
    stock.push(await bareLoop(stockKafka, input, output, messages));
    patched.push(await bareLoop(kafka, input, output, messages));
  }
  return { stock: Math.max(...stock), patched: Math.max(...patched) };
}
