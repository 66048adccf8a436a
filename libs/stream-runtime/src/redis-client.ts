/**
 * The Redis connection of a service. Commands fail fast while Redis is down (no offline queue),
 * so callers see the outage and retry on their own terms; reconnection goes on in the background.
 */
import Redis from 'ioredis';
import type { LogSink } from './log-sink';

export function createRedis(url: string, log: LogSink, name = 'riskline'): Redis {
  const redis = new Redis(url, {
    connectionName: name,
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 3000,
    // A stalled Redis must fail a command, not hang a partition: callers retry later.
    commandTimeout: 5000,
    retryStrategy: (attempt) => Math.min(200 * attempt, 2000),
  });
  // Without a listener ioredis would print every reconnect failure; the monitor reports them.
  redis.on('error', (error: Error) => log.debug('redis connection error', { error: error.message }));
  return redis;
}

export function redisAddress(url: string): string {
  const { hostname, port } = new URL(url);
  return `${hostname}:${port || 6379}`;
}

export function describeRedisError(error: unknown, url: string): string {
  return `Redis at ${redisAddress(url)} unreachable: ${error instanceof Error ? error.message : String(error)}`;
}

/** Connects, rejecting with the socket's own error (ioredis reports only "Connection is closed"). */
export async function connectRedis(redis: Redis): Promise<void> {
  let cause: Error | null = null;
  const remember = (error: Error) => (cause ??= error);
  redis.on('error', remember);
  try {
    await redis.connect();
  } catch (error) {
    throw cause ?? error;
  } finally {
    redis.off('error', remember);
  }
}
