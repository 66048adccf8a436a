/**
 * The attribution worker under the runtime's guarantee, on the real broker and Redis: 40k
 * observations of 400 attackers (redeliveries and late ones included), worker processes
 * SIGKILLed and instances added and removed mid-stream; the checkpointed profiles and every
 * state change and multi-actor suspicion produced equal an uninterrupted run's — a restart
 * neither loses nor re-emits a suspicion.
 */
import type { Admin, Kafka } from 'kafkajs';
import type Redis from 'ioredis';
import { encodeProfiles, type ProfileState } from '@riskline/attribution';
import type { AttributionEvent } from '@riskline/contracts';
import { connectRedis, createKafka, createRedis, silentLog } from '@riskline/stream-runtime';
import {
  checkpointedProgress,
  readTopic,
  referenceRun,
  type WorkerScenario,
} from '../../../libs/stream-runtime/src/testing/harness';
import { crashAndRebalance } from '../../../libs/stream-runtime/src/testing/ownership-scenario';
import { testBrokers, testRedisUrl, uniqueName } from '../../../libs/stream-runtime/src/testing/test-stack';
import { createProcessor, observationAt } from './testing/attribution-worker';

const PARTITIONS = 4;
const TOTAL = 40_000;

describe('attribution worker partition ownership (real Kafka + Redis)', () => {
  let kafka: Kafka;
  let admin: Admin;
  let redis: Redis;

  beforeAll(async () => {
    kafka = createKafka({ clientId: 'it-attribution', brokers: testBrokers(), log: silentLog });
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
      processorModule: 'apps/attribution-worker/src/testing/attribution-worker.ts',
      service: uniqueName('it-attribution'),
      inputTopic: uniqueName('it.attacker.observations'),
      outputTopic: uniqueName('it.attribution.events'),
      groupId: uniqueName('it.attribution.group'),
      partitions: PARTITIONS,
    };
    await crashAndRebalance(kafka, admin, s, TOTAL, observationAt);

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
        state: encodeProfiles(got.state as ProfileState),
      }).toEqual({ partition, nextOffset: expected.nextOffset, state: encodeProfiles(expected.state) });
    }
    const states = [...reference.progress.values()].map((p) => p.state);
    expect(states.reduce((n, st) => n + st.counters.duplicates, 0)).toBeGreaterThan(1000);

    const events = reference.outputs as AttributionEvent[];
    expect(events.filter((e) => e.type === 'multi_actor_suspected').length).toBeGreaterThan(50);
    const expected = new Set(events.map((e) => JSON.stringify(e)));
    expect(expected.size).toBe(events.length);
    const produced = [...(await readTopic(kafka, admin, s.outputTopic)).values()]
      .flat()
      .map((r) => r.value!.toString());
    expect(new Set(produced)).toEqual(expected);
  }, 400_000);
});
