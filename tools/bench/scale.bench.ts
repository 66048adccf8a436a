/**
 * `npm run bench:scale` — throughput of 1, 2 and 4 instances (separate processes) of a stateful
 * service (the risk accumulator) and of the tagger over 12 partitions on the local broker: the
 * same pre-produced input, each instance count on fresh topics and a fresh group, timed from the
 * instances' start until the group has committed every record (offsets are committed after
 * each checkpoint). Ratios are against one instance in the same run. On a 2-core machine the
 * instances, the broker and Redis share two cores: this measures the runtime's scaling overhead
 * (rebalances, claims, checkpoints), not the speed-up a cluster of nodes would give.
 */
import { randomUUID } from 'node:crypto';
import { generateScenario } from '@riskline/scenario';
import { createKafka, ensureTopics, silentLog } from '@riskline/stream-runtime';
import {
  committedTotal,
  produceRange,
  startWorker,
  stopWorker,
  type MessageAt,
  type Worker,
  testBrokers,
  testRedisUrl,
} from '@riskline/stream-runtime/testing';
import { contributionAt } from '@riskline/risk/testing';

const PARTITIONS = 12;

const INSTANCES = [1, 2, 4];

async function measure(name: string, module: string, total: number, messageAt: MessageAt, instances: number) {
  const run = randomUUID().slice(0, 8);
  const s = {
    processorModule: module,
    service: `bench-scale-${name}-${run}`,
    inputTopic: `bench.scale.${name}.in.${run}`,
    outputTopic: `bench.scale.${name}.out.${run}`,
    groupId: `bench-scale-${name}-${run}`,
    partitions: PARTITIONS,
  };
  const kafka = createKafka({ clientId: 'bench-scale', brokers: testBrokers(), log: silentLog });
  const admin = kafka.admin();
  await admin.connect();
  await ensureTopics(
    admin,
    [s.inputTopic, `${s.inputTopic}.dlq`, s.outputTopic].map((topic) => ({
      name: topic,
      partitions: PARTITIONS,
      cleanupPolicy: 'delete' as const,
      isDlq: false,
    })),
  );
  await produceRange(kafka, s.inputTopic, 0, total, messageAt);
  const env = { KAFKA_BROKERS: testBrokers().join(','), REDIS_URL: testRedisUrl(), CHECKPOINT_MS: '1000' };
  const t0 = performance.now();
  const workers: Worker[] = Array.from({ length: instances }, () => startWorker(s, env));
  try {
    while ((await committedTotal(admin, s.groupId, s.inputTopic)) < total) {
      if (performance.now() - t0 > 600_000) throw new Error(`${name} x${instances}: not done in 10 min`);
      await new Promise((r) => setTimeout(r, 100));
    }
    return total / ((performance.now() - t0) / 1000);
  } finally {
    await Promise.all(workers.map((w) => stopWorker(w)));
    await admin.disconnect();
  }
}

async function main(): Promise<void> {
  const events = [...generateScenario({ seed: 11, events: 60_000 })].map((e) => ({
    key: String(e['Computer'] ?? e['src_ip'] ?? 'k'),
    value: JSON.stringify(e),
  }));
  const cases = [
    {
      name: 'risk',
      module: 'libs/risk/src/testing/risk-worker.ts',
      total: 200_000,
      at: (i: number) => contributionAt(i, 20_000),
    },
    {
      name: 'tagger',
      module: 'libs/tagging/src/testing/tagger-worker.ts',
      total: events.length,
      at: (i: number) => events[i]!,
    },
  ];
  const results: Record<string, Record<string, number>> = {};
  for (const c of cases) {
    const perCount: Record<string, number> = {};
    for (const n of INSTANCES)
      perCount[`x${n}_records_per_s`] = Math.round(await measure(c.name, c.module, c.total, c.at, n));
    for (const n of INSTANCES.slice(1))
      perCount[`x${n}_vs_x1`] = Number(
        (perCount[`x${n}_records_per_s`]! / perCount['x1_records_per_s']!).toFixed(2),
      );
    results[c.name] = perCount;
  }
  console.log(
    JSON.stringify(
      { partitions: PARTITIONS, cores: (await import('node:os')).cpus().length, ...results },
      null,
      2,
    ),
  );
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    console.error(error);
    process.exit(1);
  },
);
