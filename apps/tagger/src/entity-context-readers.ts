/**
 * The tagger's view of soc.assets and soc.identities: both topics read whole into one
 * EntityContexts table (their keys are entity keys, so assets and identities never collide),
 * which risk factors consult when a contribution is made.
 */
import type { Kafka } from 'kafkajs';
import type { EntityContextRecord } from '@riskline/contracts';
import { TopicTableReader, type LogSink } from '@riskline/stream-runtime';
import { decodeContextRecord, EntityContexts } from '@riskline/tagging';

export class EntityContextReaders {
  readonly contexts = new EntityContexts();
  private readonly readers: TopicTableReader<EntityContextRecord>[];

  constructor(kafka: Kafka, topics: readonly string[], log: LogSink) {
    this.readers = topics.map(
      (topic) =>
        new TopicTableReader<EntityContextRecord>({
          kafka,
          topic,
          service: 'tagger',
          log,
          decode: decodeContextRecord,
          apply: (key, record) => this.contexts.apply(key, record),
        }),
    );
  }

  async start(): Promise<void> {
    await Promise.all(this.readers.map((r) => r.start()));
  }

  async stop(): Promise<void> {
    await Promise.all(this.readers.map((r) => r.stop()));
  }

  /** Whether every record present now is applied within `timeoutMs` (read-your-writes). */
  async caughtUp(timeoutMs: number): Promise<boolean> {
    return (await Promise.all(this.readers.map((r) => r.caughtUp(timeoutMs)))).every(Boolean);
  }
}
