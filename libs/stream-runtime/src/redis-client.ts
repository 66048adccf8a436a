/**
 * The Redis connection of a service. Commands fail fast while Redis is down (no offline queue),
 * so callers see the outage and retry on their own terms; reconnection goes on in the background.
 */
import type { ConnectionOptions } from 'node:tls';
import Redis from 'ioredis';
import type { LogSink } from './log-sink';

/** Credentials and TLS beyond what the URL carries (see the service host's ConnectionConfig). */
export interface RedisSecurity {
  readonly username?: string;
  readonly password?: string;
  readonly tls?: ConnectionOptions;
}

export function createRedis(
  url: string,
  log: LogSink,
  name = 'riskline',
  security: RedisSecurity = {},
): Redis {
  const redis = new Redis(url, {
    ...security,
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
