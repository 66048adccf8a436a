/**
 * Every tagger reads the whole compacted soc.rule-state topic — not as a member of a shared
 * group (a private, uncommitted group of its own, from the beginning) — and folds each record
 * into RuleStates, so a state set anywhere applies on every instance within a second. A record
 * that does not decode goes to the topic's DLQ with the reason; a tombstone clears the state.
 */
import { randomUUID } from 'node:crypto';
import type { Consumer, Kafka, Producer } from 'kafkajs';
import { deadLetterFor, decodeMessage, dlqTopic, RuleStateSchema } from '@riskline/contracts';
import type { LogSink } from '@riskline/stream-runtime';
import { RuleStates } from '@riskline/tagging';

export class RuleStateReader {
  readonly states = new RuleStates();
  private consumer: Consumer | null = null;
  private producer: Producer | null = null;
  /** Records applied so far (tests and the API read it to see a change has landed). */
  applied = 0;

  constructor(
    private readonly kafka: Kafka,
    private readonly topic: string,
    private readonly service: string,
    private readonly log: LogSink,
  ) {}

  async start(): Promise<void> {
    this.producer = this.kafka.producer();
    await this.producer.connect();
    this.consumer = this.kafka.consumer({
      groupId: `riskline-tagger-rule-state-${randomUUID()}`,
      maxWaitTimeInMs: 250,
    });
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.topic, fromBeginning: true });
    await this.consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        const key = message.key?.toString('utf8') ?? '';
        if (message.value === null) {
          this.states.apply(key, null);
          this.applied++;
          return;
        }
        const decoded = decodeMessage(RuleStateSchema, message.value);
        if (!decoded.ok || decoded.value.rule_id !== key) {
          const rejection = decoded.ok
            ? {
                kind: 'schema_violation' as const,
                message: `key '${key}' is not the record's rule_id '${decoded.value.rule_id}'`,
              }
            : decoded.rejection;
          this.log.warn('rule state record refused', {
            partition,
            offset: message.offset,
            reason: rejection.message,
          });
          const letter = deadLetterFor(
            rejection,
            {
              topic: this.topic,
              partition,
              offset: message.offset,
              key: message.key,
              value: message.value,
              timestamp: message.timestamp,
            },
            this.service,
          );
          await this.producer!.send({
            topic: dlqTopic(this.topic),
            messages: [{ key: message.key, value: JSON.stringify(letter) }],
          });
          return;
        }
        this.states.apply(key, decoded.value);
        this.applied++;
        this.log.info('rule state applied', {
          rule_id: key,
          state: decoded.value.state,
          origin: decoded.value.origin,
        });
      },
    });
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
    await this.producer?.disconnect();
  }
}
