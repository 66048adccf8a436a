/**
 * The correlator for the runtime's worker processes and its reference run: five correlations
 * over two base rules — event_count, value_count, temporal_ordered, value_sum, and an
 * event_count of the event_count (a correlation of correlations) — grouped by user; every
 * output, chained inputs included, goes to the scenario's output topic.
 */
import { correlationKey, topicNames } from '@riskline/contracts';
import { DEFAULT_MAPPING_YAML, DetectionEngine, loadMapping, RuleCatalog } from '@riskline/detection';
import { RuleStates } from '@riskline/rule-state';
import { correlatorProcessor } from '../correlator-processor';
import { parseRiskConfig } from '../risk-config';

const RULES = `title: Failed logon
id: base-failed
name: failed
logsource: {product: windows, service: security}
detection: {selection: {EventID: 4625}, condition: selection}
---
title: Successful logon
id: base-success
name: success
logsource: {product: windows, service: security}
detection: {selection: {EventID: 4624}, condition: selection}
---
title: Many failures
id: corr-count
name: many_failures
correlation: {type: event_count, rules: [failed], group-by: [User], timespan: 10m, condition: {gte: 5}}
level: medium
---
title: Many workstations
id: corr-values
correlation:
  type: value_count
  rules: [failed]
  group-by: [User]
  timespan: 30m
  condition: {field: Workstation, gte: 4}
---
title: Failures then success
id: corr-ordered
correlation: {type: temporal_ordered, rules: [failed, success], group-by: [User], timespan: 15m}
level: high
---
title: Bytes out
id: corr-sum
correlation:
  type: value_sum
  rules: [success]
  group-by: [User]
  timespan: 1h
  condition: {field: Bytes, gt: 5000}
---
title: Repeated bursts
id: corr-chain
correlation: {type: event_count, rules: [many_failures], group-by: [User], timespan: 2h, condition: {gte: 3}}
level: critical
`;

const catalog = RuleCatalog.empty().withFile('correlations.yml', RULES);
if (catalog.errors().length > 0) throw new Error(JSON.stringify(catalog.errors()));
const plan = catalog.correlationPlan();
const engine = new DetectionEngine(
  catalog.rules(),
  loadMapping([{ name: 'default', text: DEFAULT_MAPPING_YAML }]).mapping,
  { correlations: plan },
);

export function createProcessor(env: NodeJS.ProcessEnv) {
  const topics = topicNames({
    RISKLINE_TOPIC_DETECTIONS: env['OUTPUT_TOPIC'],
    RISKLINE_TOPIC_RISK_CONTRIBUTIONS: env['OUTPUT_TOPIC'],
    RISKLINE_TOPIC_CORRELATION_INPUTS: env['OUTPUT_TOPIC'],
  });
  const states = new RuleStates();
  const processor = correlatorProcessor({
    topics,
    engine: () => engine,
    ruleStates: () => states,
    risk: parseRiskConfig(''),
    maxGroups: 400,
  });
  return { ...processor, inputTopic: env['INPUT_TOPIC']!, name: env['SERVICE']! };
}

const START_MS = Date.UTC(2026, 0, 1);
const USERS = 10;

/**
 * Record i: a base firing (a failure, every 6th a success with bytes) of user firing·7 mod 10,
 * fed to the correlations that consume it in turn (two records per firing); firings 5 s of
 * event time apart, every 13th two minutes early (out of order) and every 41st a day early
 * (late). Chained inputs (for corr-chain) come only from the correlator's own outputs.
 */
export function correlationInputAt(i: number): { key: string; value: string } {
  const firing = Math.floor(i / 2);
  const user = `user-${(firing * 7) % USERS}`;
  const success = firing % 6 === 5;
  const consumers = success ? ['corr-ordered', 'corr-sum'] : ['corr-count', 'corr-values', 'corr-ordered'];
  const correlationId = consumers[i % 2 === 0 ? 0 : (firing % (consumers.length - 1)) + 1]!;
  const correlation = plan.correlation(correlationId)!;
  const skew = firing % 41 === 0 ? 86_400_000 : firing % 13 === 0 ? 120_000 : 0;
  const input = {
    schema_version: 1,
    correlation_id: correlationId,
    rule_id: success ? 'base-success' : 'base-failed',
    position: correlationId === 'corr-ordered' && success ? 1 : 0,
    group: [user],
    ...(correlation.condition.field === 'Workstation'
      ? { value: `ws-${Math.floor(firing / USERS) % 5}` }
      : {}),
    ...(correlation.condition.field === 'Bytes' ? { value: 1000 + (firing % 9) * 250 } : {}),
    event_time: new Date(START_MS + firing * 5_000 - skew).toISOString(),
    ref: `event-${firing}`,
    entities: [{ type: 'user', value: user }],
  };
  return { key: correlationKey(correlationId, [user]), value: JSON.stringify(input) };
}
