/**
 * The readiness checks of a service: Kafka answers a describeCluster through a long-lived admin
 * client, Redis is connected and answers PING. Each failure is described by address.
 */
import type { Admin } from 'kafkajs';
import type Redis from 'ioredis';
import {
  connectRedis,
  createKafka,
  describeKafkaError,
  describeRedisError,
  silentLog,
  type KafkaSecurity,
} from '@riskline/stream-runtime';
import type { DependencyCheck } from './dependency-monitor';

export interface Check {
  readonly check: DependencyCheck;
  readonly describe: (error: unknown) => string;
  readonly close: () => Promise<void>;
}

/** Uses a client of its own with no retries, so a probe answers within its timeout. */
export function kafkaCheck(
  clientId: string,
  brokers: readonly string[],
  security: KafkaSecurity = {},
): Check {
  const kafka = createKafka({
    security,
    clientId: `${clientId}-probe`,
    brokers,
    log: silentLog,
    retries: 0,
    quiet: true,
    requestTimeoutMs: 3000,
  });
  let admin: Admin | null = null;
  return {
    check: async () => {
      try {
        if (!admin) {
          admin = kafka.admin();
          await admin.connect();
        }
        await admin.describeCluster();
      } catch (error) {
        const stale = admin;
        admin = null;
        await stale?.disconnect().catch(() => undefined);
        throw error;
      }
    },
    describe: (error) => describeKafkaError(error, brokers),
    close: async () => {
      await admin?.disconnect().catch(() => undefined);
      admin = null;
    },
  };
}

export function redisCheck(redis: Redis, url: string): Check {
  let lastError: Error | null = null;
  redis.on('error', (error: Error) => (lastError = error));
  redis.on('ready', () => (lastError = null));
  return {
    check: async () => {
      if (redis.status === 'wait' || redis.status === 'end') {
        await connectRedis(redis);
      }
      if (redis.status !== 'ready') throw lastError ?? new Error(`connection is ${redis.status}`);
      await redis.ping();
    },
    describe: (error) => describeRedisError(error, url),
    close: async () => {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
