import { describe, expect, it } from 'vitest';
import { timeline, viewSpan } from './timeline';

const at = (h: number) => new Date(Date.UTC(2026, 1, 1) + h * 3_600_000).toISOString();
const start = Date.parse(at(0));
const end = Date.parse(at(24));

describe('timeline', () => {
  it('bins contributions by hour and stacks them by tactic in MITRE order', () => {
    const t = timeline(
      [
        { event_time: at(10), score: 30, tactics: ['discovery'] },
        { event_time: at(10.5), score: 20, tactics: ['execution', 'discovery'] },
        { event_time: at(23.9), score: 5, tactics: [] },
      ],
      start,
      end,
      100,
    );
    expect(t.bins).toHaveLength(24);
    expect(t.bins[10]!.segments).toEqual([
      { tactic: 'execution', score: 10, base: 0 },
      { tactic: 'discovery', score: 40, base: 10 },
    ]);
    expect(t.bins[10]!.total).toBe(50);
    expect(t.bins[23]!.segments).toEqual([{ tactic: 'untagged', score: 5, base: 0 }]);
    expect(t.bins.reduce((s, b) => s + b.total, 0)).toBe(55);
    expect(t.tactics).toEqual(['execution', 'discovery', 'untagged']);
  });

  it('runs the window sum in event-time order, whatever order contributions come in', () => {
    const t = timeline(
      [
        { event_time: at(12), score: 70, tactics: ['persistence'] },
        { event_time: at(2), score: 50, tactics: ['execution'] },
      ],
      start,
      end,
      100,
    );
    expect(t.cumulative.map((p) => p.score)).toEqual([50, 120]);
    expect(t.maxScore).toBeCloseTo(132);
  });

  it('keeps the threshold in view when the sum is below it, and drops contributions outside the window', () => {
    const t = timeline([{ event_time: at(30), score: 500, tactics: ['impact'] }], start, end, 250);
    expect(t.cumulative).toEqual([]);
    expect(t.maxScore).toBeCloseTo(275);
    expect(t.bins[23]!.endMs).toBe(end);
  });
});

describe('viewSpan', () => {
  it('zooms to the contributions, padded by a tenth, within the window', () => {
    const span = viewSpan([{ event_time: at(20), score: 1, tactics: [] }], start, end);
    expect(span).toEqual({ startMs: Date.parse(at(19.6)), endMs: end });
    expect(viewSpan([{ event_time: at(1), score: 1, tactics: [] }], start, end).startMs).toBe(start);
    expect(viewSpan([], start, end)).toEqual({ startMs: start, endMs: end });
  });

  it('shows at least ten minutes', () => {
    const span = viewSpan([{ event_time: at(23.99), score: 1, tactics: [] }], start, end);
    expect(span.endMs - span.startMs).toBe(10 * 60_000);
  });
});
