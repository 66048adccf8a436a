/**
 * Each correlation type's metric and condition, written from the specification's examples,
 * with near-misses at the window's edges and out-of-order arrival.
 */
import { compileCorrelationRule, type CorrelationRule } from './correlation-rule';
import { admit, emptyGroupWindow, type CorrelationEntry, type GroupWindow } from './correlation-window';

const S = 1000;

function correlation(body: Record<string, unknown>): CorrelationRule {
  return compileCorrelationRule({ title: 'c', id: 'c-1', correlation: { 'group-by': ['User'], ...body } });
}

/** Feeds (time s, rule position, value) in order; returns the times at which it fired. */
function run(rule: CorrelationRule, firings: [number, number?, (string | number)?][]) {
  const window: GroupWindow = emptyGroupWindow();
  const fired: { at: number; metric: number; n: number }[] = [];
  let late = 0;
  firings.forEach(([t, position = 0, value = null], i) => {
    const entry: CorrelationEntry = { t: t * S, position, value, ref: `e${i}`, entities: [] };
    const admission = admit(window, rule, entry, 1000);
    if (admission.outcome === 'late') late++;
    else if (admission.fired)
      fired.push({ at: t, metric: admission.fired.metric, n: admission.fired.entries.length });
  });
  return { fired, late };
}

describe('correlation windows', () => {
  const failedLogins = correlation({
    type: 'event_count',
    rules: ['failed'],
    timespan: '10s',
    condition: { gte: 3 },
  });

  it('event_count: fires at the third firing within the timespan, then needs three more', () => {
    expect(run(failedLogins, [[0], [4], [9], [10], [11], [12]]).fired).toEqual([
      { at: 9, metric: 3, n: 3 },
      { at: 12, metric: 3, n: 3 },
    ]);
  });

  it('event_count: a near-miss at the edge — the first firing has left a 10 s window 10.001 s on', () => {
    const edge = (last: number) => run(failedLogins, [[0], [5], [last]]).fired.length;
    expect(edge(10)).toBe(1); // [0, 10] holds all three
    expect(edge(10.001)).toBe(0);
  });

  it('event_count: out-of-order firings inside the window count; older than it are late', () => {
    expect(run(failedLogins, [[9], [2], [5]]).fired).toEqual([{ at: 5, metric: 3, n: 3 }]);
    expect(run(failedLogins, [[20], [5], [19]])).toEqual({ fired: [], late: 1 });
  });

  it('value_count: distinct values of the field, per the spec example', () => {
    const rule = correlation({
      type: 'value_count',
      rules: ['failed'],
      timespan: '1d',
      condition: { field: 'TargetUserName', gte: 3 },
    });
    expect(
      run(rule, [
        [0, 0, 'a'],
        [1, 0, 'a'],
        [2, 0, 'b'],
        [3, 0, 'b'],
      ]).fired,
    ).toEqual([]);
    expect(
      run(rule, [
        [0, 0, 'a'],
        [1, 0, 'a'],
        [2, 0, 'b'],
        [3, 0, 'c'],
      ]).fired,
    ).toEqual([{ at: 3, metric: 3, n: 4 }]);
  });

  it('temporal: every rule within the timespan, in any order', () => {
    const rule = correlation({ type: 'temporal', rules: ['a', 'b', 'c'], timespan: '5m' });
    expect(
      run(rule, [
        [0, 2],
        [10, 0],
        [20, 1],
      ]).fired,
    ).toEqual([{ at: 20, metric: 3, n: 3 }]);
    expect(
      run(rule, [
        [0, 2],
        [10, 0],
        [10, 0],
      ]).fired,
    ).toEqual([]);
    expect(
      run(rule, [
        [0, 2],
        [10, 0],
        [301, 1],
      ]).fired,
    ).toEqual([]);
  });

  it('temporal_ordered: only in the listed order (by event time, so late arrival still counts)', () => {
    const rule = correlation({ type: 'temporal_ordered', rules: ['many_failed', 'success'], timespan: '1h' });
    expect(
      run(rule, [
        [0, 1],
        [10, 0],
      ]).fired,
    ).toEqual([]);
    expect(
      run(rule, [
        [0, 0],
        [10, 1],
      ]).fired,
    ).toEqual([{ at: 10, metric: 2, n: 2 }]);
    // The success arrives first but happened later: in event time the order holds.
    expect(
      run(rule, [
        [10, 1],
        [0, 0],
      ]).fired,
    ).toEqual([{ at: 0, metric: 2, n: 2 }]);
  });

  it('value_sum and value_avg over the field; non-numeric values are ignored', () => {
    const sum = correlation({
      type: 'value_sum',
      rules: ['r'],
      timespan: '1h',
      condition: { field: 'BytesOut', gt: 1000 },
    });
    expect(
      run(sum, [
        [0, 0, 400],
        [1, 0, 'n/a'],
        [2, 0, '500'],
        [3, 0, 200],
      ]).fired,
    ).toEqual([{ at: 3, metric: 1100, n: 4 }]);
    const avg = correlation({
      type: 'value_avg',
      rules: ['r'],
      timespan: '24h',
      condition: { field: 'BytesOut', gt: 500 },
    });
    expect(
      run(avg, [
        [0, 0, 400],
        [1, 0, 500],
      ]).fired,
    ).toEqual([]);
    expect(
      run(avg, [
        [0, 0, 400],
        [1, 0, 700],
      ]).fired,
    ).toEqual([{ at: 1, metric: 550, n: 2 }]);
  });

  it('value_percentile: the share of the window with the new value (a rare process)', () => {
    const rule = correlation({
      type: 'value_percentile',
      rules: ['r'],
      timespan: '24h',
      condition: { field: 'Image', lte: 10 },
    });
    const common = Array.from({ length: 10 }, (_, i): [number, number, string] => [i, 0, 'svchost.exe']);
    // The first firing of any value is 100 % of its window; a rare one among 10 commons is 1/11.
    expect(run(rule, [...common, [20, 0, 'rare.exe']]).fired).toEqual([{ at: 20, metric: 100 / 11, n: 11 }]);
  });

  it('ranges and neq: every comparison must hold', () => {
    const rule = correlation({
      type: 'event_count',
      rules: ['r'],
      timespan: '1h',
      condition: { gt: 1, lte: 2 },
    });
    expect(run(rule, [[0], [1]]).fired).toEqual([{ at: 1, metric: 2, n: 2 }]);
    const neq = correlation({ type: 'event_count', rules: ['r'], timespan: '1h', condition: { neq: 1 } });
    expect(run(neq, [[0], [1]]).fired).toEqual([{ at: 1, metric: 2, n: 2 }]);
  });
});

describe('correlation rules', () => {
  const refused = (body: Record<string, unknown>) => () => correlation(body);

  it('refuses what the specification requires, naming it', () => {
    expect(refused({ type: 'event_count', rules: ['r'], timespan: '1h' })).toThrow(/condition is required/);
    expect(refused({ type: 'value_count', rules: ['r'], timespan: '1h', condition: { gte: 2 } })).toThrow(
      /condition.field is required/,
    );
    expect(refused({ type: 'temporal', rules: ['a'], timespan: '1h' })).toThrow(/at least two rules/);
    expect(refused({ type: 'event_count', rules: ['r'], timespan: 'soon', condition: { gte: 2 } })).toThrow(
      /timespan 'soon'/,
    );
    expect(refused({ type: 'event_count', rules: ['r'], timespan: '1h', condition: { above: 2 } })).toThrow(
      /condition.above: not one of/,
    );
    expect(refused({ type: 'fuzzy', rules: ['r'], timespan: '1h' })).toThrow(/type must be one of/);
    expect(
      refused({ type: 'event_count', rules: ['r', 'r'], timespan: '1h', condition: { gte: 2 } }),
    ).toThrow(/lists a rule twice/);
  });

  it('temporal types default to every rule having fired', () => {
    expect(correlation({ type: 'temporal', rules: ['a', 'b'], timespan: '5m' }).condition.predicates).toEqual(
      [['gte', 2]],
    );
  });
});
