/**
 * `riskline topics [--partitions N]` — creates every topic of the design (and each consumer's
 * DLQ) with its partition count and cleanup policy: what `npm run topics` and the Helm chart's
 * pre-install Job run. Idempotent; never changes an existing topic's partitions (that would
 * remap keys) and reports mismatches. Connects as the services do (KAFKA_BROKERS, KAFKA_SSL*,
 * KAFKA_SASL*; a bad combination exits 78 naming the variable). RISKLINE_PARTITIONS (or
 * --partitions) sets the keyed topics' count, default 12; RISKLINE_TOPIC_* rename topics.
 */
import { DEFAULT_KEYED_PARTITIONS, topicNames, topicPlan } from '@riskline/contracts';
import { ConfigError, ConnectionConfig, loadConfig } from '@riskline/service-host';
import { createKafka, describeKafkaError, ensureTopics, silentLog } from '@riskline/stream-runtime';
import type { Io } from './io';

export const TOPICS_USAGE = "riskline topics [--partitions N]   (create the design's topics; idempotent)";

const EX_CONFIG = 78;

export async function topicsCommand(argv: readonly string[], io: Io, env = process.env): Promise<number> {
  const flag = argv.indexOf('--partitions');
  const partitionsText =
    flag >= 0 ? (argv[flag + 1] ?? '') : (env['RISKLINE_PARTITIONS'] ?? String(DEFAULT_KEYED_PARTITIONS));
  const partitions = Number(partitionsText);
  if (!/^\d+$/.test(partitionsText) || partitions < 1 || partitions > 1000) {
    io.err(`RISKLINE_PARTITIONS: '${partitionsText}' must be an integer from 1 to 1000`);
    return EX_CONFIG;
  }
  let connection: ConnectionConfig;
  try {
    connection = loadConfig(ConnectionConfig, env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.err(`[topics] refusing to start: ${error.message}`);
    return EX_CONFIG;
  }
  const brokers = connection.KAFKA_BROKERS;
  const plan = topicPlan(topicNames(env), partitions);
  const admin = createKafka({
    clientId: 'riskline-topics',
    brokers,
    log: silentLog,
    retries: 2,
    security: connection.kafkaSecurity(),
  }).admin();
  try {
    await admin.connect();
    const report = await ensureTopics(admin, plan);
    io.out(`[topics] ${report.created.length} created, ${report.existing.length} already present`);
    for (const name of report.created) io.out(`[topics]   + ${name}`);
    for (const problem of report.mismatches) io.err(`[topics] ! ${problem}`);
    return 0;
  } catch (error) {
    io.err(`[topics] ${describeKafkaError(error, brokers)}`);
    return 1;
  } finally {
    await admin.disconnect();
  }
}
