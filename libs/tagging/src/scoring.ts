/** The base risk score of a rule firing, by the precedence documented in risk-config.ts. Pure. */
import { MAX_RISK_SCORE } from '@riskline/contracts';
import type { RiskConfig } from './risk-config';

export interface ScoredRule {
  readonly level: string;
  readonly tags: readonly string[];
  readonly custom: Readonly<Record<string, unknown>>;
}

export type ScoreSource = 'rule' | 'tags' | 'level' | 'default';

/**
 * The base score, never above the contracts' MAX_RISK_SCORE: a rule's `risk_score: 1e308` (or a
 * sum of many tag scores) would otherwise be emitted as a contribution every consumer refuses.
 */
export function baseScore(rule: ScoredRule, config: RiskConfig): { score: number; source: ScoreSource } {
  const { score, source } = unboundedScore(rule, config);
  return { score: Math.min(score, MAX_RISK_SCORE), source };
}

function unboundedScore(rule: ScoredRule, config: RiskConfig): { score: number; source: ScoreSource } {
  const own = rule.custom['risk_score'];
  if (typeof own === 'number' && Number.isFinite(own) && own >= 0) return { score: own, source: 'rule' };
  const { tags, tagPrefixes, tagReducer, levels } = config.scores;
  const matched: number[] = [];
  for (const tag of rule.tags) {
    const lower = tag.toLowerCase();
    const exact = tags.get(lower);
    if (exact !== undefined) matched.push(exact);
    for (const [prefix, value] of tagPrefixes) if (lower.startsWith(prefix)) matched.push(value);
  }
  if (matched.length > 0) {
    return {
      score: tagReducer === 'sum' ? matched.reduce((a, b) => a + b, 0) : Math.max(...matched),
      source: 'tags',
    };
  }
  const level = levels[rule.level];
  if (level !== undefined) return { score: level, source: 'level' };
  return { score: config.scores.default, source: 'default' };
}
