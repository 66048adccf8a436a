import type { InputRecord, Output } from './processor';
import { keepLastPerTableKey } from './table-outputs';

const out = (topic: string, key: string, n: number): Output => ({ topic, key, value: { n } });
const src = (offset: number): InputRecord => ({
  topic: 'in',
  partition: 0,
  offset: String(offset),
  key: null,
  value: null,
  timestamp: '0',
  headers: {},
});
const scorecards = (o: Output) => (o.topic === 'cards' ? `cards:${String(o.key)}` : null);

describe('keepLastPerTableKey', () => {
  it("keeps each table key's last output and every other output, in order, sources alongside", () => {
    const outputs = [
      out('cards', 'r1', 1),
      out('states', 'r1', 2),
      out('cards', 'r2', 3),
      out('cards', 'r1', 4),
    ];
    const sources = [src(1), src(1), src(2), src(3)];
    const result = keepLastPerTableKey(outputs, sources, scorecards);
    expect(result.outputs.map((o) => (o.value as { n: number }).n)).toEqual([2, 3, 4]);
    expect(result.sources.map((s) => s?.offset)).toEqual(['1', '2', '3']);
    expect(result.superseded).toBe(1);
  });

  it('leaves a batch without repeated keys as it is', () => {
    const outputs = [out('cards', 'r1', 1), out('cards', 'r2', 2)];
    const result = keepLastPerTableKey(outputs, [null, null], scorecards);
    expect(result.outputs).toEqual(outputs);
    expect(result.superseded).toBe(0);
  });
});
