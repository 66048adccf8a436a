import { categorical, hash, numeric } from './mergers';
import { pointOf } from './observation-series';
import { parseAttributionSettings } from './settings';

const settings = parseAttributionSettings('');
const HOUR = 3_600_000;
const series = (values: unknown[], stepMs = 60_000) => values.map((v, i) => pointOf(`o${i}`, i * stepMs, v));

describe('categorical merger', () => {
  const judge = (values: unknown[]) => categorical(series(values), settings.categorical);

  it('is unknown below three observations', () => {
    expect(judge(['typed', 'typed'])).toMatchObject({ state: 'unknown', confidence: 0 });
  });

  it('4 typed + 1 pasted → stable 0.8', () => {
    expect(judge(['typed', 'typed', 'pasted', 'typed', 'typed'])).toEqual({
      state: 'stable',
      confidence: 0.8,
      currentValue: 'typed',
    });
  });

  it('A B A B A → multi_actor 0.6', () => {
    expect(judge(['A', 'B', 'A', 'B', 'A'])).toEqual({
      state: 'multi_actor',
      confidence: 0.6,
      currentValue: 'A',
    });
  });

  it('two values not taking turns, or three values, are conflicted', () => {
    expect(judge(['A', 'A', 'B', 'B', 'A'])).toMatchObject({ state: 'conflicted', confidence: 0.6 });
    expect(judge(['A', 'B', 'C', 'A', 'B'])).toMatchObject({ state: 'conflicted', confidence: 0.4 });
    expect(judge(['A', 'B', 'A'])).toMatchObject({ state: 'conflicted' }); // too few to call alternating
  });

  it('a clear majority that changed value, or followed no clear one, is drifting', () => {
    expect(judge(['A', 'A', 'A', 'A', 'A', 'B', 'B', 'B', 'B', 'B'])).toMatchObject({
      state: 'drifting',
      confidence: 1,
      currentValue: 'B',
    });
    expect(judge(['A', 'B', 'C', 'A', 'B', 'B', 'B', 'B', 'B', 'A'])).toMatchObject({
      state: 'drifting',
      confidence: 0.8,
    });
    expect(judge(['A', 'A', 'A', 'B', 'A', 'A', 'A', 'A', 'A', 'B'])).toMatchObject({
      state: 'stable',
      confidence: 0.8,
    });
  });

  it('compares structured values by content, not key order', () => {
    expect(
      judge([
        { a: 1, b: 2 },
        { b: 2, a: 1 },
        { a: 1, b: 2 },
      ]),
    ).toMatchObject({ state: 'stable', confidence: 1 });
  });
});

describe('numeric merger', () => {
  const judge = (values: number[]) => numeric(series(values), settings.numeric);

  it('[5000, 5050, 4970, 5020, 5010] → stable, confidence ≈ 0.995', () => {
    const a = judge([5000, 5050, 4970, 5020, 5010]);
    expect(a.state).toBe('stable');
    expect(a.confidence).toBeCloseTo(0.995, 3);
    expect(a.currentValue).toBeCloseTo(5007.935, 3);
  });

  it('5 × 5000 then 5 × 8000 → drifting', () => {
    expect(judge([5000, 5000, 5000, 5000, 5000, 8000, 8000, 8000, 8000, 8000])).toEqual({
      state: 'drifting',
      confidence: 1,
      currentValue: 8000,
    });
  });

  it('a shift under 30% is not drift', () => {
    expect(judge([5000, 5000, 5000, 5000, 5000, 6000, 6000, 6000, 6000, 6000]).state).toBe('stable');
  });

  it('a coefficient of variation over 1 is conflicted at 0.5', () => {
    expect(judge([1, 100, 1, 100, 1])).toMatchObject({ state: 'conflicted', confidence: 0.5 });
  });

  it('is unknown below three observations', () => {
    expect(judge([5, 6]).state).toBe('unknown');
  });
});

describe('hash merger', () => {
  const judge = (values: string[], stepMs = HOUR) => hash(series(values, stepMs), settings.hash);

  it('counts rotations within 24h of the latest observation', () => {
    expect(judge(['h1', 'h1', 'h1'])).toEqual({ state: 'stable', confidence: 1, currentValue: 'h1' });
    expect(judge(['h1', 'h2'])).toMatchObject({ state: 'drifting', confidence: 0.5 });
    expect(judge(['h1', 'h2', 'h3'])).toMatchObject({ state: 'drifting', confidence: 0.333333 });
    expect(judge(['h1', 'h2', 'h3', 'h4'])).toMatchObject({ state: 'conflicted', confidence: 0.25 });
    // 30 hours apart: the earlier hashes are outside the window.
    expect(judge(['h1', 'h2', 'h3', 'h4'], 30 * HOUR)).toMatchObject({ state: 'stable', confidence: 1 });
  });
});

describe('attribution settings', () => {
  it('names every bad key', () => {
    expect(() =>
      parseAttributionSettings(
        'numeric: {alpha: 2, colour: red}\nhash: {window: soon}\nprimitives: {x.y: fuzzy}\nhistory: 4\n',
      ),
    ).toThrow(
      expect.objectContaining({
        problems: expect.arrayContaining([
          'numeric.colour: unknown key',
          'numeric.alpha: must be a number in (0, 1]',
          'hash.window: must be a duration like 60s, 24h or 7d',
          'primitives.x.y: must be one of categorical, numeric, hash',
          'history: must hold two recent windows (the recent one and the previous one)',
        ]),
      }),
    );
  });
});
