/**
 * Reads the whole compacted soc.rule-state topic (a TopicTableReader: private group, from the
 * beginning) into the caller's table, so a state set anywhere is seen by every instance within
 * a second — the taggers apply it, the disposition ingestor respects operators' states. A
 * record whose key is not its rule_id is refused to the DLQ.
 */
import type { Kafka } from 'kafkajs';
import { decodeMessage, reject, RuleStateSchema, type RuleState } from '@riskline/contracts';
import { TopicTableReader, type LogSink } from '@riskline/stream-runtime';

export interface RuleStateTable {
  /** `null` is a tombstone: the rule is back to its default. */
  apply(ruleId: string, record: RuleState | null): void;
}

export class RuleStateReader<T extends RuleStateTable> extends TopicTableReader<RuleState> {
  constructor(
    kafka: Kafka,
    topic: string,
    service: string,
    log: LogSink,
    readonly states: T,
  ) {
    super({
      kafka,
      topic,
      service,
      log,
      decode: (key, value) => {
        const decoded = decodeMessage(RuleStateSchema, value);
        if (decoded.ok && decoded.value.rule_id !== key)
          return reject(
            'schema_violation',
            `key '${key}' is not the record's rule_id '${decoded.value.rule_id}'`,
          );
        return decoded;
      },
      apply: (key, record) => {
        states.apply(key, record);
        if (record)
          log.info('rule state applied', { rule_id: key, state: record.state, origin: record.origin });
      },
    });
  }
}
