/**
 * One kafkajs client per process, logging through the service's structured logger. Connection
 * failures are described by broker address ("127.0.0.1:9092: connect ECONNREFUSED"), because
 * that is what an operator needs to act on — never as a stack trace.
 */
import type { ConnectionOptions } from 'node:tls';
import { Kafka, logLevel, type KafkaConfig, type logCreator, type SASLOptions } from 'kafkajs';
import type { LogSink } from './log-sink';

/** TLS and SASL for the brokers (see the service host's ConnectionConfig). */
export interface KafkaSecurity {
  readonly ssl?: ConnectionOptions;
  readonly sasl?: SASLOptions;
}

export interface KafkaClientOptions {
  readonly security?: KafkaSecurity;
  readonly clientId: string;
  readonly brokers: readonly string[];
  readonly log: LogSink;
  readonly connectionTimeoutMs?: number;
  readonly requestTimeoutMs?: number;
  /** Connection attempts before an operation fails; probes use 0 so they answer promptly. */
  readonly retries?: number;
  /** Probes report through the dependency monitor and keep kafkajs itself silent. */
  readonly quiet?: boolean;
}

function toLogSink(log: LogSink): logCreator {
  return () =>
    ({ namespace, level, log: entry }) => {
      const { message, timestamp: _t, logger: _l, stack: _s, ...fields } = entry as Record<string, unknown>;
      const text = namespace ? `kafkajs ${namespace}: ${String(message)}` : `kafkajs: ${String(message)}`;
      if (level === logLevel.ERROR) log.error(text, fields);
      else if (level === logLevel.WARN) log.warn(text, fields);
      else if (level === logLevel.INFO) log.info(text, fields);
      else log.debug(text, fields);
    };
}

// Keys are partitioned by kafkajs' default (Java-compatible murmur2) partitioner on purpose, so
// producers in any language agree on which partition owns an entity; its v2 migration notice
// is noise here.
process.env['KAFKAJS_NO_PARTITIONER_WARNING'] ??= '1';

/** Producer retries for outputs that must not be lost: keep trying (idempotence dedups). */
export const UNLIMITED_RETRIES = { retries: Number.MAX_SAFE_INTEGER, maxRetryTime: 30_000 };

export function createKafka(options: KafkaClientOptions): Kafka {
  const config: KafkaConfig = {
    clientId: options.clientId,
    brokers: [...options.brokers],
    connectionTimeout: options.connectionTimeoutMs ?? 3000,
    requestTimeout: options.requestTimeoutMs ?? 30000,
    // kafkajs logs each failed connection attempt at ERROR; the dependency monitor reports
    // reachability once per transition instead, so only WARN and above from kafkajs itself.
    logLevel: options.quiet ? logLevel.NOTHING : logLevel.WARN,
    logCreator: toLogSink(options.log),
    retry: { initialRetryTime: 300, retries: options.retries ?? 8 },
    ...(options.security?.ssl ? { ssl: options.security.ssl } : {}),
    ...(options.security?.sasl ? { sasl: options.security.sasl } : {}),
  };
  return new Kafka(config);
}

/** "broker 127.0.0.1:9092: connect ECONNREFUSED 127.0.0.1:9092" for any kafkajs failure. */
export function describeKafkaError(error: unknown, brokers: readonly string[]): string {
  const seen = new Set<unknown>();
  let current: unknown = error;
  let broker: string | undefined;
  const messages: string[] = [];
  while (current && typeof current === 'object' && !seen.has(current)) {
    seen.add(current);
    const e = current as { message?: string; broker?: string; originalError?: unknown; cause?: unknown };
    broker ??= e.broker;
    if (e.message && !messages.includes(e.message)) messages.push(e.message);
    current = e.originalError ?? e.cause;
  }
  const where = broker ?? brokers.join(',');
  const what = messages.at(-1) ?? String(error);
  return `Kafka broker ${where} unreachable: ${what}`;
}
