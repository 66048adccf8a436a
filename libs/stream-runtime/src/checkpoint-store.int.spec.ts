/**
 * Fenced checkpoints against a real Redis: the newest claimant wins, zombies are refused, and a
 * keyed checkpoint's entry changes land with its offset or not at all.
 */
import type Redis from 'ioredis';
import { CheckpointStore, ENTRY_SLICE } from './checkpoint-store';
import { silentLog } from './log-sink';
import { connectRedis, createRedis } from './redis-client';
import { testRedisUrl, uniqueName } from './testing/test-stack';

describe('CheckpointStore (real Redis)', () => {
  let redis: Redis;
  let store: CheckpointStore;
  const address = () => ({ service: uniqueName('svc'), topic: 't', partition: 3 });

  beforeAll(async () => {
    redis = createRedis(testRedisUrl(), silentLog);
    await connectRedis(redis);
    store = new CheckpointStore(redis);
  });
  afterAll(() => redis.quit());

  it('starts without a checkpoint, then returns what the owner wrote', async () => {
    const at = address();
    const first = await store.claim(at);
    expect(first).toEqual({ epoch: 1, checkpoint: null });
    expect(await store.write(at, 1, 100, Buffer.from([1, 2, 3]))).toEqual({ ok: true });
    const second = await store.claim(at);
    expect(second.epoch).toBe(2);
    expect(second.checkpoint).toEqual({ offset: 100, body: Buffer.from([1, 2, 3]) });
  });

  it('refuses a stale owner once a newer owner has claimed', async () => {
    const at = address();
    const zombie = await store.claim(at);
    await store.write(at, zombie.epoch, 10, Buffer.from('zombie-1'));
    const owner = await store.claim(at);
    expect(await store.write(at, zombie.epoch, 50, Buffer.from('zombie-2'))).toEqual({
      ok: false,
      reason: 'fenced',
      detail: String(owner.epoch),
    });
    expect(await store.isCurrent(at, zombie.epoch)).toBe(false);
    expect(await store.isCurrent(at, owner.epoch)).toBe(true);
    expect(await store.write(at, owner.epoch, 20, Buffer.from('owner'))).toEqual({ ok: true });
    expect((await store.read(at))?.body.toString()).toBe('owner');
  });

  it('never moves an offset backwards', async () => {
    const at = address();
    const { epoch } = await store.claim(at);
    await store.write(at, epoch, 500, Buffer.from('new'));
    expect(await store.write(at, epoch, 400, Buffer.from('old'))).toEqual({
      ok: false,
      reason: 'stale',
      detail: '500',
    });
    expect((await store.read(at))?.offset).toBe(500);
  });

  it('hands out each epoch once under concurrent claims', async () => {
    const at = address();
    const epochs = await Promise.all(Array.from({ length: 20 }, () => store.claim(at).then((c) => c.epoch)));
    expect(new Set(epochs).size).toBe(20);
  });

  it('applies entry changes with the offset: deltas, full rewrites, and none from a fenced owner', async () => {
    const at = address();
    const { epoch } = await store.claim(at);
    const many = Array.from({ length: 5000 }, (_, i) => [`k${i}`, `v${i}`] as const);
    await store.write(at, epoch, 10, Buffer.from('h1'), { full: true, upserts: many, deletes: [] });
    expect((await store.entries(at)).length).toBe(5000);
    await store.write(at, epoch, 20, Buffer.from('h2'), {
      full: false,
      upserts: [
        ['k1', 'changed'],
        ['new', 'n'],
      ],
      deletes: ['k2', 'k3'],
    });
    const entries = new Map(await store.entries(at));
    expect(entries.size).toBe(4999);
    expect([entries.get('k1'), entries.get('new'), entries.has('k2'), entries.get('k4')]).toEqual([
      'changed',
      'n',
      false,
      'v4',
    ]);
    const newer = await store.claim(at);
    expect(
      await store.write(at, epoch, 30, Buffer.from('zombie'), {
        full: true,
        upserts: [['z', 'z']],
        deletes: [],
      }),
    ).toEqual(expect.objectContaining({ ok: false, reason: 'fenced' }));
    expect((await store.entries(at)).length).toBe(4999);
    await store.write(at, newer.epoch, 40, Buffer.from('h3'), {
      full: true,
      upserts: [['only', 'o']],
      deletes: [],
    });
    expect(await store.entries(at)).toEqual([['only', 'o']]);
    // A whole-state checkpoint drops the entries: they no longer describe the state.
    await store.write(at, newer.epoch, 50, Buffer.from('whole'));
    expect(await store.entries(at)).toEqual([]);
  });

  it('stages a full rewrite larger than one command in slices and swaps it in with the offset', async () => {
    const at = address();
    const owner = await store.claim(at);
    const big = Array.from({ length: ENTRY_SLICE * 2 + 7 }, (_, i) => [`k${i}`, 'x'.repeat(200)] as const);
    await store.write(at, owner.epoch, 10, Buffer.from('h'), {
      full: true,
      upserts: [['old', 'o']],
      deletes: [],
    });
    expect(
      await store.write(at, owner.epoch, 20, Buffer.from('h2'), { full: true, upserts: big, deletes: [] }),
    ).toEqual({
      ok: true,
    });
    const entries = new Map(await store.entries(at));
    expect([entries.size, entries.has('old'), (await store.read(at))?.offset]).toEqual([
      big.length,
      false,
      20,
    ]);
    // A zombie's staged rewrite is refused before it can replace anything.
    await store.claim(at);
    expect(
      await store.write(at, owner.epoch, 30, Buffer.from('z'), {
        full: true,
        upserts: big.slice(0, ENTRY_SLICE + 1),
        deletes: [],
      }),
    ).toEqual(expect.objectContaining({ ok: false, reason: 'fenced' }));
    expect((await store.entries(at)).length).toBe(big.length);
  });
});
