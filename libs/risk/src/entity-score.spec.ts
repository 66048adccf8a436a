import {
  entityScore,
  normalizedRisk,
  riskLevel,
  severityOf,
  weightedRiskSum,
  withCriticality,
} from './entity-score';
import { parseRiskSettings } from './risk-policy';

const { scoring, severity } = parseRiskSettings('');

describe('entity score (Elastic entity risk scoring)', () => {
  // Elastic's documented example: User_A's five open alerts.
  const userA = [21, 45, 21, 70, 21];

  it("weights the i-th largest by 1/i^1.5 and normalises by 100·ζ(1.5): User_A's 36.16", () => {
    const expected = 70 + 45 / 2 ** 1.5 + 21 / 3 ** 1.5 + 21 / 4 ** 1.5 + 21 / 5 ** 1.5;
    expect(weightedRiskSum(userA, scoring)).toBeCloseTo(expected, 10);
    expect(normalizedRisk(userA, scoring)).toBeCloseTo(36.16, 2);
    expect(entityScore(userA, null, scoring)).toEqual({
      normalized: 36.16,
      criticalityContribution: 0,
      level: 'low',
    });
  });

  it('moves the score by criticality weight: extreme (2) adds 16.95 to 53.11, Moderate', () => {
    expect(withCriticality(36.157, 2)).toBeCloseTo(53.11, 2);
    expect(entityScore(userA, 'critical', scoring)).toEqual({
      normalized: 53.11,
      criticalityContribution: 16.95,
      level: 'moderate',
    });
    // Weight 1 changes nothing; a criticality with no weight weighs 1; low impact halves the odds.
    expect(entityScore(userA, 'medium', scoring).normalized).toBe(36.16);
    expect(entityScore(userA, 'unheard-of', scoring).normalized).toBe(36.16);
    expect(entityScore(userA, 'low', scoring).criticalityContribution).toBeLessThan(0);
  });

  it('never passes 100, and caps each contribution at contribution_max', () => {
    expect(normalizedRisk(Array(20_000).fill(100), scoring)).toBeLessThanOrEqual(100);
    expect(normalizedRisk([1_000_000], scoring)).toBeCloseTo(normalizedRisk([100], scoring), 10);
    expect(normalizedRisk([100], scoring)).toBeCloseTo(100 / 2.612375348685488, 10);
    expect(normalizedRisk([], scoring)).toBe(0);
  });

  it('is diminishing: many small contributions never outweigh a few large ones', () => {
    expect(normalizedRisk(Array(1000).fill(10), scoring)).toBeLessThan(10);
    expect(normalizedRisk([90, 90], scoring)).toBeGreaterThan(normalizedRisk(Array(1000).fill(10), scoring));
  });

  it('maps scores to levels at the documented bounds', () => {
    expect([0, 19.99, 20, 39.99, 40, 69.99, 70, 90, 90.01].map((n) => riskLevel(n, scoring.levels))).toEqual([
      'unknown',
      'unknown',
      'low',
      'low',
      'moderate',
      'moderate',
      'high',
      'high',
      'critical',
    ]);
  });

  it('bands incidents by raw score as Splunk ES does, configurably', () => {
    expect([99, 100, 249, 250, 499, 500].map((n) => severityOf(n, severity))).toEqual([
      'low',
      'medium',
      'medium',
      'high',
      'high',
      'critical',
    ]);
    const custom = parseRiskSettings('severity: {medium: 10, high: 20, critical: 30}').severity;
    expect(severityOf(25, custom)).toBe('high');
    expect(() => parseRiskSettings('severity: {medium: 300}')).toThrow(/severity: must rise/);
    expect(() => parseRiskSettings('scoring: {levels: {low: 50}}')).toThrow(/scoring\.levels: must rise/);
  });
});
