/**
 * `riskline context --assets <list.csv>... | --identities <list.csv>... [--risk-config <risk.yml>]
 * [--publish]` — turns asset and identity lists (Splunk ES lookup CSVs) into the context records
 * of soc.assets and soc.identities, names written as the tagger's risk config writes entities.
 * Without `--publish` each record is printed as a JSON line `{"topic", "key", "value"}`; with it
 * they are produced (acks from all replicas) to the topics, connecting as the services do
 * (KAFKA_BROKERS, KAFKA_SSL*, KAFKA_SASL*; a bad combination exits 78 naming the variable).
 * A list with any bad line is refused whole (exit 2), every problem named with its line.
 */
import { topicNames } from '@riskline/contracts';
import { ConfigError, ConnectionConfig, loadConfig } from '@riskline/service-host';
import { createKafka, describeKafkaError, silentLog } from '@riskline/stream-runtime';
import { parseRiskConfig } from '@riskline/tagging';
import { parseCommandLine, UsageError } from './command-line';
import { readContextList } from './context-lists';
import { InputError } from './input-files';
import type { Io } from './io';
import { settingsFromFile } from './settings-file';

export const CONTEXT_USAGE =
  'usage: riskline context (--assets <list.csv>... | --identities <list.csv>...) [--risk-config <risk.yml>] [--publish]';

const EX_CONFIG = 78;
const OPTIONS = { assets: 'list', identities: 'list', 'risk-config': 'string', publish: 'boolean' } as const;

export async function contextCommand(argv: readonly string[], io: Io, env = process.env): Promise<number> {
  let options;
  try {
    options = parseCommandLine(argv, OPTIONS);
    if (options.assets.length === 0 && options.identities.length === 0)
      throw new UsageError('--assets or --identities is required');
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`${error.message}\n${CONTEXT_USAGE}`);
    return 2;
  }
  const topics = topicNames(env);
  const messages: { topic: string; key: string; value: unknown }[] = [];
  let excluded = 0;
  try {
    const risk = settingsFromFile(options['risk-config'], parseRiskConfig, 'risk config');
    for (const list of ['assets', 'identities'] as const)
      for (const path of options[list]) {
        const read = readContextList(path, list, risk);
        excluded += read.excluded;
        for (const r of read.records) messages.push({ topic: topics[list], key: r.key, value: r.value });
      }
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    io.err(`riskline context: ${error.message}`);
    return 2;
  }
  if (!options.publish) {
    for (const m of messages) io.out(JSON.stringify(m));
    io.err(`context records: ${messages.length}, names excluded by the risk config: ${excluded}`);
    return 0;
  }
  let connection: ConnectionConfig;
  try {
    connection = loadConfig(ConnectionConfig, env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.err(`[context] refusing to start: ${error.message}`);
    return EX_CONFIG;
  }
  const producer = createKafka({
    clientId: 'riskline-context',
    brokers: connection.KAFKA_BROKERS,
    log: silentLog,
    retries: 2,
    security: connection.kafkaSecurity(),
  }).producer({ idempotent: true, maxInFlightRequests: 1 });
  try {
    await producer.connect();
    const byTopic = new Map<string, { key: string; value: string }[]>();
    for (const m of messages)
      byTopic.set(m.topic, [...(byTopic.get(m.topic) ?? []), { key: m.key, value: JSON.stringify(m.value) }]);
    await producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, msgs]) => ({ topic, messages: msgs })),
    });
    for (const [topic, msgs] of byTopic) io.out(`[context] ${msgs.length} records → ${topic}`);
    return 0;
  } catch (error) {
    io.err(`[context] ${describeKafkaError(error, connection.KAFKA_BROKERS)}`);
    return 1;
  } finally {
    await producer.disconnect();
  }
}
