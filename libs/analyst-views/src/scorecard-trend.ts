/**
 * Each rule's false-positive ratio over time, from the scorecards the disposition ingestor
 * publishes on soc.rule-scorecards (a compacted topic: what survives compaction is the history
 * the console can draw). Invariant: a rule's points are in `as_of` order with no two equal
 * consecutive points, at most `perRule` of them (the oldest dropped first); a record whose
 * `as_of` precedes the last point is placed in order, not appended. Pure.
 */
import type { RuleScorecard } from '@riskline/contracts';

export interface TrendPoint {
  readonly as_of: string;
  readonly fp_ratio: number | null;
  readonly total: number;
  readonly false_positive: number;
}

const samePoint = (a: TrendPoint, b: TrendPoint) =>
  a.as_of === b.as_of &&
  a.fp_ratio === b.fp_ratio &&
  a.total === b.total &&
  a.false_positive === b.false_positive;

export class ScorecardTrend {
  private readonly points = new Map<string, TrendPoint[]>();

  constructor(private readonly perRule: number) {}

  record(scorecard: RuleScorecard): void {
    const point: TrendPoint = {
      as_of: scorecard.as_of,
      fp_ratio: scorecard.fp_ratio,
      total: scorecard.counts.total,
      false_positive: scorecard.counts.false_positive,
    };
    const series = this.points.get(scorecard.rule_id) ?? [];
    const at = Date.parse(point.as_of);
    let i = series.length;
    while (i > 0 && Date.parse(series[i - 1]!.as_of) > at) i--;
    if (i > 0 && samePoint(series[i - 1]!, point)) return;
    series.splice(i, 0, point);
    if (series.length > this.perRule) series.splice(0, series.length - this.perRule);
    this.points.set(scorecard.rule_id, series);
  }

  of(ruleId: string): readonly TrendPoint[] {
    return this.points.get(ruleId) ?? [];
  }
}
