/**
 * Reads a whole topic as a table, on every instance: a private consumer group of its own that
 * starts from the beginning and never commits, folding each record into the caller's table by
 * key (null value = tombstone). Used for what every instance must see in full — rule states,
 * scorecards, the incident index — as opposed to partition-owned state.
 *
 * Invariant: a record that does not decode goes to the topic's DLQ with the reason (or, for a
 * view-only reader, to its `refused` counter) and is not applied; `caughtUp` resolves only once every record present when it was called is applied,
 * which is how a caller gets read-your-writes over a table another service writes.
 */
import { randomUUID } from 'node:crypto';
import type { Admin, Consumer, Kafka, Producer } from 'kafkajs';
import type { Decoded, Rejection } from '@riskline/contracts';
import { DEFAULT_MAX_MESSAGE_BYTES, deadLetterOutput, outputMessage } from '@riskline/stream-core';
import { inputRecordOf } from './kafka-records';
import type { LogSink } from './log-sink';

export interface TopicTableOptions<T> {
  readonly kafka: Kafka;
  readonly topic: string;
  /** Names the private group and the DLQ's `rejected_by`. */
  readonly service: string;
  readonly log: LogSink;
  decode(key: string, value: Buffer): Decoded<T>;
  apply(key: string, value: T | null): void;
  /**
   * A reader that only shows a topic another service owns (the console) takes a refused record
   * here — to count it — instead of writing it to the DLQ, which the topic's owner already does.
   */
  refused?(rejection: Rejection): void;
}

const POLL_MS = 50;

export class TopicTableReader<T> {
  private consumer: Consumer | null = null;
  private producer: Producer | null = null;
  private admin: Admin | null = null;
  /** Partition → the next offset to apply. */
  private readonly positions = new Map<number, number>();
  /** Records applied so far (tombstones included). */
  applied = 0;

  constructor(private readonly options: TopicTableOptions<T>) {}

  async start(): Promise<void> {
    const { kafka, topic, service, log } = this.options;
    this.admin = kafka.admin();
    await this.admin.connect();
    this.producer = kafka.producer();
    await this.producer.connect();
    this.consumer = kafka.consumer({
      groupId: `riskline-${service}-table-${randomUUID()}`,
      maxWaitTimeInMs: 250,
    });
    await this.consumer.connect();
    await this.consumer.subscribe({ topic, fromBeginning: true });
    await this.consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        const key = message.key?.toString('utf8') ?? '';
        if (message.value === null) this.options.apply(key, null);
        else {
          const decoded = this.options.decode(key, message.value);
          if (decoded.ok) this.options.apply(key, decoded.value);
          else if (this.options.refused) this.options.refused(decoded.rejection);
          else {
            log.warn('table record refused', {
              topic,
              partition,
              offset: message.offset,
              reason: decoded.rejection.message,
            });
            const letter = deadLetterOutput(
              inputRecordOf(topic, partition, message),
              decoded.rejection,
              service,
              DEFAULT_MAX_MESSAGE_BYTES,
            );
            await this.producer!.send({ topic: letter.topic, messages: [outputMessage(letter)] });
          }
        }
        this.applied++;
        this.positions.set(partition, Number(message.offset) + 1);
      },
    });
  }

  /**
   * Waits until every record written before this call is applied; false after `timeoutMs`
   * (or when not started).
   */
  async caughtUp(timeoutMs: number): Promise<boolean> {
    if (!this.admin) return false;
    const deadline = Date.now() + timeoutMs;
    let ends: { partition: number; high: number; low: number }[];
    try {
      ends = (await this.admin.fetchTopicOffsets(this.options.topic)).map((o) => ({
        partition: o.partition,
        high: Number(o.high),
        low: Number(o.low),
      }));
    } catch {
      return false;
    }
    const done = () =>
      ends.every((e) => e.high <= e.low || (this.positions.get(e.partition) ?? e.low) >= e.high);
    while (!done()) {
      if (Date.now() >= deadline) return false;
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
    return true;
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
    await this.producer?.disconnect();
    await this.admin?.disconnect();
    this.consumer = this.producer = this.admin = null;
  }
}
