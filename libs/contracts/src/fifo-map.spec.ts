import { FifoMap } from './fifo-map';

describe('FifoMap', () => {
  it('drops the oldest, renews to the back, and keeps its order across rebuilds', () => {
    const m = new FifoMap<number, string>();
    for (let i = 0; i < 5000; i++) m.set(i, `v${i}`);
    m.renew(0, 'renewed');
    for (let i = 0; i < 3000; i++) expect(m.dropOldest()).toEqual([i + 1, `v${i + 1}`]);
    m.delete(4000);
    expect(m.size).toBe(1999);
    expect([...m.keys()].slice(0, 2)).toEqual([3001, 3002]);
    expect([...m].at(-1)).toEqual([0, 'renewed']);
    expect(m.has(4000)).toBe(false);
    expect(m.get(4999)).toBe('v4999');
  });
});
