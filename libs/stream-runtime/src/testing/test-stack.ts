/**
 * Connection settings for integration tests: the real broker and Redis that `npm test` brings
 * up (or KAFKA_BROKERS / REDIS_URL). Topic and group names are unique per run so tests never
 * see each other's data.
 */
import { randomUUID } from 'node:crypto';

export const testBrokers = (): string[] => (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(',');
export const testRedisUrl = (): string => process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
export const uniqueName = (prefix: string): string => `${prefix}.${randomUUID().slice(0, 8)}`;
