/** The Redis client against a real Redis: round trip, fail-fast when unreachable, address in the error. */
import { connectRedis, createRedis, describeRedisError } from './redis-client';
import { silentLog } from './log-sink';
import { testRedisUrl, uniqueName } from './testing/test-stack';

describe('Redis client (real Redis)', () => {
  it('writes and reads back, binary-safe', async () => {
    const redis = createRedis(testRedisUrl(), silentLog);
    await connectRedis(redis);
    const key = uniqueName('it:redis');
    const value = Buffer.from([0, 1, 2, 255, 254]);
    await redis.set(key, value, 'EX', 60);
    expect((await redis.getBuffer(key))?.equals(value)).toBe(true);
    await redis.del(key);
    expect(await redis.get(key)).toBeNull();
    await redis.quit();
  });

  it('fails fast with the address when Redis is unreachable', async () => {
    const url = 'redis://127.0.0.1:1';
    const redis = createRedis(url, silentLog);
    const error = await connectRedis(redis).then(
      () => null,
      (e: unknown) => e,
    );
    redis.disconnect();
    expect(error).not.toBeNull();
    expect(describeRedisError(error, url)).toMatch(/^Redis at 127\.0\.0\.1:1 unreachable: .*ECONNREFUSED/);
  });
});
