/**
 * The tables every ingestor instance reads in full: the risk incident index (incident → the
 * rules that contributed, for expanding incident verdicts), the rule states (shown beside each
 * rule's scorecard), and the published scorecards (so any instance answers GET for every
 * rule). None is partition-owned; each is rebuilt from its topic on start.
 */
import type { Kafka } from 'kafkajs';
import {
  decodeMessage,
  RiskIncidentSchema,
  RuleScorecardSchema,
  type RiskIncident,
  type RuleScorecard,
  type TopicNames,
} from '@riskline/contracts';
import { IncidentIndex, type DispositionSettings } from '@riskline/dispositions';
import { RuleStateReader } from '@riskline/service-host';
import { TopicTableReader, type LogSink } from '@riskline/stream-runtime';
import { RuleStates } from '@riskline/rule-state';

const SERVICE = 'disposition-ingestor';

export class IncidentIndexReader extends TopicTableReader<RiskIncident> {
  readonly index: IncidentIndex;

  constructor(kafka: Kafka, topic: string, settings: DispositionSettings, log: LogSink) {
    const index = new IncidentIndex(settings.windowMs, settings.maxIncidents);
    super({
      kafka,
      topic,
      service: SERVICE,
      log,
      decode: (_key, value) => decodeMessage(RiskIncidentSchema, value),
      apply: (_key, incident) => {
        if (incident) index.record(incident);
      },
    });
    this.index = index;
  }
}

export class ScorecardReader extends TopicTableReader<RuleScorecard> {
  readonly scorecards = new Map<string, RuleScorecard>();

  constructor(kafka: Kafka, topic: string, log: LogSink) {
    const scorecards = new Map<string, RuleScorecard>();
    super({
      kafka,
      topic,
      service: SERVICE,
      log,
      decode: (_key, value) => decodeMessage(RuleScorecardSchema, value),
      apply: (key, scorecard) => {
        if (scorecard) scorecards.set(key, scorecard);
        else scorecards.delete(key);
      },
    });
    this.scorecards = scorecards;
  }
}

export class IngestorRuleStateReader extends RuleStateReader<RuleStates> {
  constructor(kafka: Kafka, topic: string, log: LogSink) {
    super(kafka, topic, SERVICE, log, new RuleStates());
  }
}

export interface IngestorTables {
  readonly incidents: IncidentIndexReader;
  readonly ruleStates: IngestorRuleStateReader;
  readonly scorecards: ScorecardReader;
}

export function ingestorTables(
  kafka: Kafka,
  topics: TopicNames,
  settings: DispositionSettings,
  log: LogSink,
): IngestorTables {
  return {
    incidents: new IncidentIndexReader(kafka, topics.riskIncidents, settings, log),
    ruleStates: new IngestorRuleStateReader(kafka, topics.ruleState, log),
    scorecards: new ScorecardReader(kafka, topics.ruleScorecards, log),
  };
}
