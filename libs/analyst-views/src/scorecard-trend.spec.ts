import type { RuleScorecard } from '@riskline/contracts';
import { ScorecardTrend } from './scorecard-trend';

const card = (asOf: string, fp: number, total: number): RuleScorecard => ({
  schema_version: 1,
  rule_id: 'r1',
  window_days: 30,
  numerator: 'fp_only',
  min_sample: 1,
  counts: { true_positive: total - fp, false_positive: fp, benign_true_positive: 0, total },
  fp_ratio: total ? fp / total : null,
  as_of: asOf,
});

describe('ScorecardTrend', () => {
  it('orders points by as_of, drops repeats and keeps the newest perRule', () => {
    const trend = new ScorecardTrend(3);
    trend.record(card('2026-02-01T10:00:00Z', 0, 1));
    trend.record(card('2026-02-01T12:00:00Z', 2, 3));
    trend.record(card('2026-02-01T11:00:00Z', 1, 2));
    trend.record(card('2026-02-01T12:00:00Z', 2, 3));
    expect(trend.of('r1').map((p) => p.fp_ratio)).toEqual([0, 0.5, 2 / 3]);
    trend.record(card('2026-02-01T13:00:00Z', 3, 4));
    expect(trend.of('r1').map((p) => p.total)).toEqual([2, 3, 4]);
    expect(trend.of('other')).toEqual([]);
  });
});
