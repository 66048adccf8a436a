import { SEEN_CHUNK, SeenKeys, type SeenChunk } from './seen-keys';

/** The stored chunks as a checkpoint store holds them after each incremental write. */
function storeChanges(store: Map<number, SeenChunk>, seen: SeenKeys): void {
  for (const c of seen.takeChangedChunks()) {
    const chunk = seen.chunk(c);
    if (chunk) store.set(c, chunk);
    else store.delete(c);
  }
}

describe('SeenKeys', () => {
  it('forgets the oldest beyond its bound and counts it', () => {
    const seen = new SeenKeys(3);
    for (const [i, key] of ['a', 'b', 'c', 'd'].entries()) seen.add(key, i);
    expect(seen.has('a')).toBe(false);
    expect(seen.entries()).toEqual([
      ['b', 1],
      ['c', 2],
      ['d', 3],
    ]);
    expect(seen.evicted).toBe(1);
  });

  it('keeps a known key in its place, taking the new time', () => {
    const seen = new SeenKeys(10);
    seen.add('a', 1);
    seen.add('b', 2);
    seen.add('a', 5);
    expect(seen.entries()).toEqual([
      ['a', 5],
      ['b', 2],
    ]);
  });

  it('expires from the oldest applied and stops at the first newer one', () => {
    const seen = new SeenKeys(10);
    seen.add('a', 1);
    seen.add('late', 9);
    seen.add('b', 2);
    seen.expire(5);
    expect(seen.entries().map(([k]) => k)).toEqual(['late', 'b']);
  });

  it('rebuilds from its incrementally stored chunks exactly as it was, through evictions and expiry', () => {
    const max = 3 * SEEN_CHUNK + 17;
    const seen = new SeenKeys(max);
    const store = new Map<number, SeenChunk>();
    let ts = 0;
    for (let round = 0; round < 12; round++) {
      for (let i = 0; i < 700 + round * 97; i++) seen.add(`k${round}-${i}`, ts++);
      if (round % 3 === 2) seen.expire(ts - 1500);
      if (round % 2 === 1) seen.add(`k${round}-0`, ts++);
      storeChanges(store, seen);
      const restored = SeenKeys.fromChunks(max, store.values(), seen.evicted);
      expect(restored.entries()).toEqual(seen.entries());
      expect(restored.size).toBe(seen.size);
      expect(restored.evicted).toBe(seen.evicted);
    }
    expect(store.size).toBeLessThanOrEqual(Math.ceil(max / SEEN_CHUNK) + 1);
  });

  it('writes only the chunks touched since the last checkpoint', () => {
    const seen = new SeenKeys(100 * SEEN_CHUNK);
    for (let i = 0; i < 10 * SEEN_CHUNK; i++) seen.add(`k${i}`, i);
    expect(seen.takeChangedChunks()).toHaveLength(10);
    seen.add('new', 1);
    seen.add('k5', 7);
    expect(seen.takeChangedChunks().sort((a, b) => a - b)).toEqual([0, 10]);
    expect(seen.takeChangedChunks()).toEqual([]);
  });

  it('goes on after a restore with the sequences it had', () => {
    const seen = new SeenKeys(2 * SEEN_CHUNK);
    const store = new Map<number, SeenChunk>();
    for (let i = 0; i < 3 * SEEN_CHUNK; i++) seen.add(`k${i}`, i);
    storeChanges(store, seen);
    const restored = SeenKeys.fromChunks(2 * SEEN_CHUNK, store.values());
    for (const s of [seen, restored]) {
      s.add('after', 1);
      storeChanges(store, s);
    }
    expect(SeenKeys.fromChunks(2 * SEEN_CHUNK, store.values()).entries()).toEqual(seen.entries());
    expect(restored.entries()).toEqual(seen.entries());
  });

  it('refuses chunks with a gap between them', () => {
    expect(() =>
      SeenKeys.fromChunks(10, [
        [0, ['a'], [1]],
        [5, ['b'], [2]],
      ]),
    ).toThrow(/not contiguous/);
  });

  it('reads entries stored as [key, time] pairs, the layout before columns', () => {
    const seen = new SeenKeys(10);
    seen.add('a', 1);
    seen.add('b', 2);
    const columns = seen.entry(seen.entryNames()[0]!)!;
    expect(JSON.parse(columns)).toEqual([0, ['a', 'b'], [1, 2]]);
    const pairs = JSON.stringify([
      0,
      [
        ['a', 1],
        ['b', 2],
      ],
    ]);
    expect(SeenKeys.fromEntries(10, [pairs]).entries()).toEqual(seen.entries());
    expect(SeenKeys.fromEntries(10, [columns]).entries()).toEqual(seen.entries());
  });
});
