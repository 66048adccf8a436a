/** The tagger's view of soc.rule-state: every record folded into RuleStates, applied per firing. */
import type { Kafka } from 'kafkajs';
import { RuleStateReader } from '@riskline/service-host';
import type { LogSink } from '@riskline/stream-runtime';
import { RuleStates } from '@riskline/rule-state';

export class TaggerRuleStateReader extends RuleStateReader<RuleStates> {
  constructor(kafka: Kafka, topic: string, log: LogSink) {
    super(kafka, topic, 'tagger', log, new RuleStates());
  }
}
