/**
 * Collects every record of some topics from the beginning while a test runs, so the test can
 * wait for "a record like this has arrived" on the real broker.
 */
import { randomUUID } from 'node:crypto';
import type { Consumer, Kafka } from 'kafkajs';

export interface Collected {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  /** The key's bytes as they are on the broker. */
  readonly rawKey: Buffer | null;
  readonly value: unknown;
  readonly headers: Record<string, string>;
}

export class TopicCollector {
  readonly records: Collected[] = [];
  private consumer: Consumer | null = null;

  constructor(
    private readonly kafka: Kafka,
    private readonly topics: readonly string[],
  ) {}

  async start(): Promise<void> {
    this.consumer = this.kafka.consumer({ groupId: `collector-${randomUUID()}`, maxWaitTimeInMs: 100 });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: [...this.topics], fromBeginning: true });
    await this.consumer.run({
      autoCommit: false,
      eachMessage: async ({ topic, partition, message }) => {
        const text = message.value?.toString('utf8');
        let value: unknown = text ?? null;
        try {
          value = text === undefined ? null : JSON.parse(text);
        } catch {
          // kept as text
        }
        const headers = Object.fromEntries(
          Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]),
        );
        this.records.push({
          topic,
          partition,
          offset: message.offset,
          key: message.key?.toString('utf8') ?? null,
          rawKey: message.key ?? null,
          value,
          headers,
        });
      },
    });
  }

  of(topic: string): Collected[] {
    return this.records.filter((r) => r.topic === topic);
  }

  async waitFor(
    predicate: (records: Collected[]) => boolean,
    timeoutMs = 20_000,
    what = 'records',
  ): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.records)) {
      if (Date.now() > deadline)
        throw new Error(`timed out waiting for ${what}; have ${this.records.length} records`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}
