/**
 * An entity's risk on a 0–100 scale, the way Elastic's entity risk scoring documents it: the
 * window's contribution scores sorted from the largest, the i-th weighted by 1/i^1.5 (so many
 * small ones never outweigh a few large ones), summed, and divided by the most that sum could
 * be — every contribution at `contributionMax` — which is contributionMax·ζ(1.5). An entity's
 * criticality then moves the score as a Bayesian update with its weight (weight 1: unchanged).
 * Beside it, the raw sum keeps Splunk's scale, and incidents are banded by it. Pure.
 */

/** ζ(1.5), the limit of Σ 1/i^1.5: the normaliser when every contribution is at the maximum. */
export const ZETA_3_2 = 2.612375348685488;

import type { INCIDENT_SEVERITIES, RISK_LEVELS } from '@riskline/contracts';

export type RiskLevel = (typeof RISK_LEVELS)[number];
export type IncidentSeverity = (typeof INCIDENT_SEVERITIES)[number];

export interface NormalizedScoring {
  /** A contribution above this counts as this (Elastic's alert scores are 0–100). */
  readonly contributionMax: number;
  /** At most this many of the largest contributions are weighed. */
  readonly maxContributions: number;
  /** Entity criticality → weight; a criticality not listed weighs 1. */
  readonly criticalityWeights: Readonly<Record<string, number>>;
  /** The least normalized score of each level above unknown. */
  readonly levels: Readonly<Record<Exclude<RiskLevel, 'unknown'>, number>>;
}

/** The least raw score of each severity above low (Splunk ES: 100, 250, 500). */
export type SeverityBands = Readonly<Record<Exclude<IncidentSeverity, 'low'>, number>>;

const round = (n: number, digits = 2) => Number(n.toFixed(digits));

/** Σ s_i / i^1.5 over the scores sorted from the largest, each capped at `contributionMax`. */
export function weightedRiskSum(scores: readonly number[], scoring: NormalizedScoring): number {
  const sorted = scores.map((s) => Math.min(s, scoring.contributionMax)).sort((a, b) => b - a);
  let sum = 0;
  const n = Math.min(sorted.length, scoring.maxContributions);
  for (let i = 0; i < n; i++) sum += sorted[i]! / Math.pow(i + 1, 1.5);
  return sum;
}

/** The weighted sum on 0–100, before criticality. */
export function normalizedRisk(scores: readonly number[], scoring: NormalizedScoring): number {
  return Math.min(100, (100 * weightedRiskSum(scores, scoring)) / (scoring.contributionMax * ZETA_3_2));
}

/** `score` (0–100) moved by criticality weight `w`: 100·p·w / (1 + p·(w − 1)) with p = score/100. */
export function withCriticality(score: number, weight: number): number {
  const p = score / 100;
  return (100 * p * weight) / (1 + p * (weight - 1));
}

export interface EntityScore {
  readonly normalized: number;
  /** What criticality added (negative for a weight below 1). */
  readonly criticalityContribution: number;
  readonly level: RiskLevel;
}

export function entityScore(
  scores: readonly number[],
  criticality: string | null,
  scoring: NormalizedScoring,
): EntityScore {
  const alerts = normalizedRisk(scores, scoring);
  const weight = criticality === null ? 1 : (scoring.criticalityWeights[criticality] ?? 1);
  const normalized = weight === 1 ? alerts : withCriticality(alerts, weight);
  return {
    normalized: round(normalized),
    criticalityContribution: round(normalized - alerts),
    level: riskLevel(normalized, scoring.levels),
  };
}

export function riskLevel(normalized: number, levels: NormalizedScoring['levels']): RiskLevel {
  if (normalized > levels.critical) return 'critical';
  if (normalized >= levels.high) return 'high';
  if (normalized >= levels.moderate) return 'moderate';
  if (normalized >= levels.low) return 'low';
  return 'unknown';
}

export function severityOf(rawScore: number, bands: SeverityBands): IncidentSeverity {
  if (rawScore >= bands.critical) return 'critical';
  if (rawScore >= bands.high) return 'high';
  if (rawScore >= bands.medium) return 'medium';
  return 'low';
}
