/**
 * Configuration every Riskline service shares. Services extend it with their own keys.
 * Defaults match the local stack that `npm start` brings up.
 */
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { ConnectionConfig } from './connection-config';
import { EnvInt } from './env-transforms';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevelName = (typeof LOG_LEVELS)[number];

export class ServiceConfig extends ConnectionConfig {
  // class-validator runs the decorator nearest the property first; with stopAtFirstError the
  // type check must come first so "eighty" is reported as not an integer, not as out of range.
  @EnvInt()
  @Min(1)
  @Max(65535)
  @IsInt({ message: 'HTTP_PORT must be an integer' })
  HTTP_PORT = 8080;

  @IsIn(LOG_LEVELS, { message: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}` })
  LOG_LEVEL: LogLevelName = 'info';

  /** Identifies this instance in logs, client ids and (later) partition ownership. */
  @IsString()
  @Matches(/^[A-Za-z0-9._-]{1,64}$/, { message: 'INSTANCE_ID must be 1-64 of letters, digits, . _ -' })
  INSTANCE_ID: string = process.env['HOSTNAME'] || `pid-${process.pid}`;

  /** Bearer token for the /api routes. Required: an API without it would be open to anyone. */
  @IsString()
  @Matches(/^[A-Za-z0-9._~+/=-]{16,256}$/, { message: 'RISKLINE_API_TOKEN must be 16-256 token characters' })
  RISKLINE_API_TOKEN!: string;

  /** Largest HTTP request body accepted (413 beyond it). */
  @EnvInt()
  @Min(1024)
  @Max(64 * 1024 * 1024)
  @IsInt({ message: 'MAX_BODY_BYTES must be an integer' })
  MAX_BODY_BYTES = 1024 * 1024;

  /** Stateful services: checkpoint each owned partition at least this often (ms)… */
  @EnvInt()
  @Min(100)
  @Max(600_000)
  @IsInt({ message: 'CHECKPOINT_INTERVAL_MS must be an integer' })
  CHECKPOINT_INTERVAL_MS = 5000;

  /** …or after this many records, whichever comes first. */
  @EnvInt()
  @Min(1)
  @IsInt({ message: 'CHECKPOINT_EVERY_RECORDS must be an integer' })
  CHECKPOINT_EVERY_RECORDS = 10_000;

  /** This instance's base URL as other instances reach it (request routing to partition owners). */
  @IsOptional()
  @Matches(/^https?:\/\/[^\s/]+$/, { message: 'ADVERTISED_URL must be like http://host:port' })
  ADVERTISED_URL?: string;

  /** Consumer groups are `<prefix>-<processor>`; a separate prefix gives a separate deployment. */
  @Matches(/^[A-Za-z0-9._-]{1,100}$/, {
    message: 'CONSUMER_GROUP_PREFIX must be 1-100 of letters, digits, . _ -',
  })
  CONSUMER_GROUP_PREFIX = 'riskline';

  /**
   * Largest lead of a record's event time over its Kafka timestamp (ms); a record further ahead
   * is refused to the DLQ as `event_time_skew`, so one bad clock cannot move a partition's time.
   */
  @EnvInt()
  @Min(0)
  @Max(7 * 24 * 3_600_000)
  @IsInt({ message: 'MAX_EVENT_TIME_SKEW_MS must be an integer' })
  MAX_EVENT_TIME_SKEW_MS = 3_600_000;

  /** A partition with records waiting and no progress for this long is stalled (/readyz 503). */
  @EnvInt()
  @Min(1000)
  @Max(3_600_000)
  @IsInt({ message: 'STALL_AFTER_MS must be an integer' })
  STALL_AFTER_MS = 60_000;

  /**
   * Owned partitions whose batches are handled at once (a partition's own stay in order): one
   * partition's wait for its outputs' acks overlaps another's work. Opt-in (default 1): see
   * docs/benchmarks.md for what it buys and the stall seen at 4.
   */
  @EnvInt()
  @Min(1)
  @Max(64)
  @IsInt({ message: 'PARTITIONS_CONCURRENTLY must be an integer' })
  PARTITIONS_CONCURRENTLY = 1;

  /** Where a partition without a checkpoint starts reading. */
  @IsIn(['earliest', 'latest'], { message: 'CONSUMER_RESET_POLICY must be earliest or latest' })
  CONSUMER_RESET_POLICY: 'earliest' | 'latest' = 'earliest';
}
