/**
 * A tagger processor over rule files with the shipped defaults (log source mapping, risk
 * config) and no rule state — what tests and benchmarks drive without a Nest application.
 */
import type { Kafka } from 'kafkajs';
import type { TopicNames } from '@riskline/contracts';
import { DEFAULT_MAPPING_YAML, loadMapping } from '@riskline/detection';
import { silentLog } from '@riskline/stream-runtime';
import { DEFAULT_RISK_CONFIG_YAML, parseRiskConfig } from '@riskline/tagging';
import { RuleRegistry } from '../rule-registry';
import { TaggerRuleStateReader } from '../tagger-rule-states';
import { taggerProcessor } from '../tagger.processor';

export function taggerForRules(paths: readonly string[], topics: TopicNames, kafka: Kafka = {} as Kafka) {
  const registry = new RuleRegistry({
    paths,
    mapping: loadMapping([{ name: 'default', text: DEFAULT_MAPPING_YAML }]).mapping,
    sourceKindField: 'source_kind',
    log: silentLog,
  });
  registry.refresh();
  const processor = taggerProcessor({
    topics,
    registry,
    ruleStates: new TaggerRuleStateReader(kafka, topics.ruleState, silentLog),
    risk: parseRiskConfig(DEFAULT_RISK_CONFIG_YAML),
    maxEventBytes: 1024 * 1024,
  });
  return { registry, processor };
}
