/** Fenced checkpoints against a real Redis: the newest claimant wins, zombies are refused. */
import type Redis from 'ioredis';
import { CheckpointStore } from './checkpoint-store';
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
});
