/**
 * `npm run topics` — creates every topic of the design (and each consumer's DLQ) with its
 * partition count and cleanup policy. Idempotent; never changes an existing topic's partitions.
 * Environment: KAFKA_BROKERS, RISKLINE_PARTITIONS (keyed topics, default 12), RISKLINE_TOPIC_*.
 */
import { DEFAULT_KEYED_PARTITIONS, topicNames, topicPlan } from '@riskline/contracts';
import { createKafka, describeKafkaError, ensureTopics, silentLog } from '@riskline/stream-runtime';

export async function createTopics(env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const brokers = (env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(',').map((b) => b.trim());
  const partitionsText = env['RISKLINE_PARTITIONS'] ?? String(DEFAULT_KEYED_PARTITIONS);
  const partitions = Number(partitionsText);
  if (!Number.isInteger(partitions) || partitions < 1 || partitions > 1000) {
    console.error(`RISKLINE_PARTITIONS: '${partitionsText}' must be an integer from 1 to 1000`);
    return 78;
  }
  const plan = topicPlan(topicNames(env), partitions);
  const admin = createKafka({ clientId: 'riskline-topics', brokers, log: silentLog, retries: 2 }).admin();
  try {
    await admin.connect();
    const report = await ensureTopics(admin, plan);
    console.log(`[topics] ${report.created.length} created, ${report.existing.length} already present`);
    for (const name of report.created) console.log(`[topics]   + ${name}`);
    for (const problem of report.mismatches) console.warn(`[topics] ! ${problem}`);
    return 0;
  } catch (error) {
    console.error(`[topics] ${describeKafkaError(error, brokers)}`);
    return 1;
  } finally {
    await admin.disconnect();
  }
}

if (require.main === module) {
  void createTopics().then((code) => (process.exitCode = code));
}
