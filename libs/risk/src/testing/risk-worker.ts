/**
 * The risk processor for the runtime's worker processes and its reference run, with policies
 * tight enough that a test stream fires often, and a deterministic contribution stream.
 */
import { deterministicId, entityKey, topicNames, ATTACK_TACTICS } from '@riskline/contracts';
import { parseRiskSettings } from '../risk-policy';
import { riskProcessor } from '../risk-processor';

export const TEST_SETTINGS = parseRiskSettings(`max_open_entities: 8000
policies:
  - {name: score-1h, window: 1h, score_threshold: 300, cooldown: 20m}
  - {name: tactics-6h, window: 6h, tactic_count_threshold: 3, min_sources: 4, cooldown: 1h, include: results, max_results_per_incident: 5}
`);

export function createProcessor(env: NodeJS.ProcessEnv) {
  const topics = topicNames({
    RISKLINE_TOPIC_RISK_CONTRIBUTIONS: env['INPUT_TOPIC'],
    RISKLINE_TOPIC_RISK_INCIDENTS: env['OUTPUT_TOPIC'],
  });
  return { ...riskProcessor(topics, TEST_SETTINGS), name: env['SERVICE']! };
}

/**
 * Contribution i: `entities` users, 20 rules, 20 ms of event time apart, every 29th two hours
 * late; every 5th made with entity context and a risk factor (its explanation is state too).
 */
export function contributionAt(i: number, entities: number): { key: string; value: string } {
  const value = `u${(i * 7919) % entities}`;
  const late = i % 29 === 0 ? 2 * 3_600_000 : 0;
  const detection = deterministicId('test-detection', i);
  const score = 5 + ((i * 13) % 40);
  const contribution = {
    schema_version: 1,
    contribution_id: deterministicId('contribution', detection, value),
    detection_id: detection,
    entity_type: 'user',
    entity_value: value,
    event_time: new Date(Date.UTC(2026, 0, 1) + i * 20 - late).toISOString(),
    score,
    confidence: 1,
    rule_id: `rule-${Math.floor(i / entities) % 20}`,
    rule_version: 1,
    level: 'medium',
    tactics: [ATTACK_TACTICS[i % ATTACK_TACTICS.length]!],
    techniques: [],
    ...(i % 5 === 0
      ? {
          base_score: Number((score / 1.5).toFixed(6)),
          factors: [{ name: 'critical-asset', effect: '×1.5' }],
          context: { criticality: i % 10 === 0 ? 'critical' : 'low', categories: ['server'] },
          threat_objects: [{ type: 'file_hash', value: detection.slice(0, 8) }],
          message: `rule ${i % 20} on ${value}`,
        }
      : {}),
  };
  return { key: entityKey('user', value), value: JSON.stringify(contribution) };
}
