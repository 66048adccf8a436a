/**
 * The demo's asset and identity lists (demo/*.csv) published to soc.assets and soc.identities,
 * as `riskline context --publish` would, with names in the demo risk config's canonical forms.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Kafka } from 'kafkajs';
import type { TopicNames } from '@riskline/contracts';
import { contextRecordsFromCsv, parseRiskConfig } from '@riskline/tagging';

const DEMO_DIR = join(__dirname, '../../demo');

export async function publishDemoContext(
  kafka: Kafka,
  topics: TopicNames,
  riskConfigPath: string,
): Promise<number> {
  const risk = parseRiskConfig(readFileSync(riskConfigPath, 'utf8'), riskConfigPath);
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  let published = 0;
  try {
    for (const list of ['assets', 'identities'] as const) {
      const { records, problems } = contextRecordsFromCsv(
        readFileSync(join(DEMO_DIR, `${list}.csv`), 'utf8'),
        list,
        risk,
      );
      if (problems.length > 0) throw new Error(`demo/${list}.csv: ${problems.join('; ')}`);
      await producer.send({
        topic: topics[list],
        acks: -1,
        messages: records.map((r) => ({ key: r.key, value: JSON.stringify(r.value) })),
      });
      published += records.length;
    }
  } finally {
    await producer.disconnect();
  }
  return published;
}
