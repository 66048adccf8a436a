import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { AttackHeatmap } from './attack-heatmap';
import { FpTrend } from './fp-trend';
import { RiskTimeline } from './risk-timeline';

describe('RiskTimeline', () => {
  it('draws a bar per tactic, the window sum and the threshold, and says so in text', () => {
    const html = renderToStaticMarkup(
      <RiskTimeline
        policy="score-24h"
        windowStart="2026-02-01T00:00:00Z"
        windowEnd="2026-02-02T00:00:00Z"
        threshold={100}
        contributions={[
          { event_time: '2026-02-01T22:00:00Z', score: 75, tactics: ['credential-access'] },
          { event_time: '2026-02-01T23:00:00Z', score: 50, tactics: ['lateral-movement', 'execution'] },
        ]}
      />,
    );
    expect(html).toContain('2 contributions summing to 125 against a threshold of 100');
    expect(html.match(/<rect [^>]*fill="#/g)).toHaveLength(3);
    expect(html).toContain('threshold 100');
    expect(html).toContain('class="cumulative"');
    expect(html).toMatch(/shown from 2026-02-01 21:48:00Z/);
    expect(html).toContain('credential access');
  });
});

describe('AttackHeatmap', () => {
  it('writes each technique with its count, shaded by the chosen measure', () => {
    const matrix = {
      from: null,
      to: null,
      detections: 3,
      tactics: [
        { tactic: 'discovery', cells: [{ technique: 'T1033', rules: 1, detections: 3 }] },
        { tactic: 'execution', cells: [] },
      ],
      unplaced: [],
      maxRules: 1,
      maxDetections: 3,
    };
    const byDetections = renderToStaticMarkup(<AttackHeatmap matrix={matrix} measure="detections" />);
    expect(byDetections).toContain('T1033');
    expect(byDetections).toMatch(/background:#993404/);
    expect(byDetections).toContain('<span class="count">3</span>');
    const byRules = renderToStaticMarkup(<AttackHeatmap matrix={matrix} measure="rules" />);
    expect(byRules).toContain('<span class="count">1</span>');
  });
});

describe('FpTrend', () => {
  it('says there is no ratio before the minimum sample, and describes the trend otherwise', () => {
    expect(renderToStaticMarkup(<FpTrend points={[]} threshold={0.5} />)).toContain('no ratio yet');
    const html = renderToStaticMarkup(
      <FpTrend
        threshold={0.5}
        points={[
          { as_of: '2026-02-01T10:00:00Z', fp_ratio: 0.2, total: 5, false_positive: 1 },
          { as_of: '2026-02-01T12:00:00Z', fp_ratio: 0.8, total: 10, false_positive: 8 },
        ]}
      />,
    );
    expect(html).toContain(
      'false-positive ratio 20% on 2026-02-01 10:00:00Z to 80% on 2026-02-01 12:00:00Z, 2 points',
    );
  });
});
