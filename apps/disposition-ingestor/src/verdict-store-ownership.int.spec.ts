/**
 * The verdict store under the runtime's guarantee, on the real broker and Redis: 40k per-rule
 * verdicts (with redeliveries and late ones) over 200 rules, worker processes SIGKILLed and
 * instances added and removed mid-stream; the checkpointed counts and seen keys, and every
 * scorecard and auto-clip record produced, equal an uninterrupted run's.
 */
import type { Admin, Kafka } from 'kafkajs';
import type Redis from 'ioredis';
import { encodeDispositionState, type DispositionState } from '@riskline/dispositions';
import { connectRedis, createKafka, createRedis, silentLog } from '@riskline/stream-runtime';
import {
  checkpointedProgress,
  readTopic,
  referenceRun,
  type WorkerScenario,
} from '../../../libs/stream-runtime/src/testing/harness';
import { crashAndRebalance } from '../../../libs/stream-runtime/src/testing/ownership-scenario';
import { testBrokers, testRedisUrl, uniqueName } from '../../../libs/stream-runtime/src/testing/test-stack';
import { createProcessor, ruleVerdictAt, TEST_SETTINGS } from './testing/verdict-store-worker';

const PARTITIONS = 4;
const TOTAL = 40_000;

describe('verdict store partition ownership (real Kafka + Redis)', () => {
  let kafka: Kafka;
  let admin: Admin;
  let redis: Redis;

  beforeAll(async () => {
    kafka = createKafka({ clientId: 'it-verdicts', brokers: testBrokers(), log: silentLog });
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
      processorModule: 'apps/disposition-ingestor/src/testing/verdict-store-worker.ts',
      service: uniqueName('it-verdicts'),
      inputTopic: uniqueName('it.dispositions.by-rule'),
      outputTopic: uniqueName('it.rule-feedback'),
      groupId: uniqueName('it.verdicts.group'),
      partitions: PARTITIONS,
    };
    await crashAndRebalance(kafka, admin, s, TOTAL, ruleVerdictAt);

    const processor = createProcessor({
      SERVICE: s.service,
      INPUT_TOPIC: s.inputTopic,
      OUTPUT_TOPIC: s.outputTopic,
    });
    const reference = referenceRun(processor, await readTopic(kafka, admin, s.inputTopic));
    const checkpointed = await checkpointedProgress(redis, processor, PARTITIONS);
    for (const [partition, expected] of reference.progress) {
      const got = checkpointed.get(partition)!;
      expect({
        partition,
        nextOffset: got.nextOffset,
        state: encodeDispositionState(got.state as DispositionState, TEST_SETTINGS),
      }).toEqual({
        partition,
        nextOffset: expected.nextOffset,
        state: encodeDispositionState(expected.state, TEST_SETTINGS),
      });
    }
    const states = [...reference.progress.values()].map((p) => p.state);
    expect(states.reduce((n, st) => n + st.counters.duplicates, 0)).toBeGreaterThan(1000);
    expect(states.reduce((n, st) => n + st.counters.late, 0)).toBeGreaterThan(100);

    const expected = new Set(reference.outputs.map((o) => JSON.stringify(o)));
    const clips = reference.outputs.filter((o) => (o as { origin?: string }).origin === 'auto_clip');
    expect(clips.filter((c) => (c as { state: string }).state === 'clipped').length).toBeGreaterThan(10);
    expect(clips.filter((c) => (c as { state: string }).state === 'enabled').length).toBeGreaterThan(10);
    const produced = [...(await readTopic(kafka, admin, s.outputTopic)).values()]
      .flat()
      .map((r) => r.value!.toString());
    expect(new Set(produced)).toEqual(expected);
  }, 400_000);
});
