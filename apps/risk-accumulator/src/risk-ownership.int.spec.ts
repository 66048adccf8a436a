/**
 * The risk accumulator under the runtime's guarantee, on the real broker and Redis: 100k
 * contributions over 10k entities, worker processes killed with SIGKILL and instances added
 * and removed mid-stream; the checkpointed windows and the set of incidents equal an
 * uninterrupted run's (the pure processor over each partition's log).
 */
import type { Admin, Kafka } from 'kafkajs';
import type Redis from 'ioredis';
import type { RiskIncident } from '@riskline/contracts';
import { decodeRiskState, encodeRiskState, type RiskState } from '@riskline/risk';
import { connectRedis, createKafka, createRedis, silentLog } from '@riskline/stream-runtime';
import {
  checkpointedProgress,
  readTopic,
  referenceRun,
  type WorkerScenario,
} from '../../../libs/stream-runtime/src/testing/harness';
import { crashAndRebalance } from '../../../libs/stream-runtime/src/testing/ownership-scenario';
import { testBrokers, testRedisUrl, uniqueName } from '../../../libs/stream-runtime/src/testing/test-stack';
import { contributionAt, createProcessor, TEST_SETTINGS } from './testing/risk-worker';

const PARTITIONS = 6;
const ENTITIES = 10_000;
const TOTAL = 100_000;

describe('risk accumulator partition ownership (real Kafka + Redis)', () => {
  let kafka: Kafka;
  let admin: Admin;
  let redis: Redis;

  beforeAll(async () => {
    kafka = createKafka({ clientId: 'it-risk', brokers: testBrokers(), log: silentLog });
    admin = kafka.admin();
    await admin.connect();
    redis = createRedis(testRedisUrl(), silentLog);
    await connectRedis(redis);
  });

  afterAll(async () => {
    await admin.disconnect();
    await redis.quit();
  });

  it('equals an uninterrupted run after crashes and 1 → 2 → 1 instances', async () => {
    const s: WorkerScenario = {
      processorModule: 'apps/risk-accumulator/src/testing/risk-worker.ts',
      service: uniqueName('it-risk'),
      inputTopic: uniqueName('it.risk.contributions'),
      outputTopic: uniqueName('it.risk.incidents'),
      groupId: uniqueName('it.risk.group'),
      partitions: PARTITIONS,
    };
    await crashAndRebalance(kafka, admin, s, TOTAL, (i) => contributionAt(i, ENTITIES));

    const processor = createProcessor({
      SERVICE: s.service,
      INPUT_TOPIC: s.inputTopic,
      OUTPUT_TOPIC: s.outputTopic,
    });
    const reference = referenceRun(processor, await readTopic(kafka, admin, s.inputTopic));
    const checkpointed = await checkpointedProgress(redis, processor, PARTITIONS);
    for (const [partition, expected] of reference.progress) {
      const restoredReference = decodeRiskState(
        JSON.parse(JSON.stringify(encodeRiskState(expected.state))),
        TEST_SETTINGS,
        expected.watermarkMs,
      );
      const got = checkpointed.get(partition)!;
      expect({
        partition,
        nextOffset: got.nextOffset,
        state: encodeRiskState(got.state as RiskState),
      }).toEqual({
        partition,
        nextOffset: expected.nextOffset,
        state: encodeRiskState(restoredReference),
      });
    }
    const expected = new Map(
      (reference.outputs as RiskIncident[]).map((i) => [i.risk_incident_id, JSON.stringify(i)]),
    );
    expect(expected.size).toBe(reference.outputs.length);
    expect(expected.size).toBeGreaterThan(100);
    const produced = [...(await readTopic(kafka, admin, s.outputTopic)).values()]
      .flat()
      .map((r) => JSON.parse(r.value!.toString()) as RiskIncident);
    expect(new Set(produced.map((i) => i.risk_incident_id))).toEqual(new Set(expected.keys()));
    expect(produced.filter((i) => expected.get(i.risk_incident_id) !== JSON.stringify(i))).toEqual([]);
  }, 400_000);
});
