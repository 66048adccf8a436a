/**
 * The attribution worker on two real instances sharing the partitions of one observations
 * topic: observations become state changes and a multi-actor suspicion; either instance answers
 * for any attacker, forwarding to the owner; bad observations go to the DLQ with the reason.
 */
import type { Admin, Kafka } from 'kafkajs';
import {
  TOPIC_SPECS,
  topicEnvVar,
  topicNames,
  topicPlan,
  type AttributionEvent,
  type DeadLetter,
  type TopicNames,
} from '@riskline/contracts';
import { identityIdOf } from '@riskline/attribution';
import { createKafka, ensureTopics, silentLog } from '@riskline/stream-runtime';
import { bootService, callApi, eventually, type BootedService } from '@riskline/service-host/testing';
import { TopicCollector, testBrokers, uniqueName } from '@riskline/stream-runtime/testing';
import { AttributionWorkerConfig } from './attribution-worker.config';
import { AttributionWorkerModule } from './attribution-worker.module';

const T0 = Date.UTC(2026, 4, 1, 9);
const ATTACKERS = Array.from({ length: 8 }, (_, i) => `actor-${i}`);

function observation(attacker: string, primitive: string, value: unknown, minute: number, id?: string) {
  return {
    schema_version: 1,
    id: id ?? `${attacker}-${primitive}-${minute}`,
    attacker_id: attacker,
    primitive,
    value,
    ts: new Date(T0 + minute * 60_000).toISOString(),
    confidence: 0.9,
  };
}

describe('attribution worker (two instances, real Kafka + Redis)', () => {
  const run = uniqueName('it-attr-api');
  let topics: TopicNames;
  let kafka: Kafka;
  let admin: Admin;
  let collector: TopicCollector;
  const instances: BootedService[] = [];

  async function produce(messages: { key: string; value: unknown }[]): Promise<void> {
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic: topics.attackerObservations,
      messages: messages.map((m) => ({
        key: m.key,
        value: typeof m.value === 'string' ? m.value : JSON.stringify(m.value),
      })),
    });
    await producer.disconnect();
  }

  beforeAll(async () => {
    for (const spec of TOPIC_SPECS) process.env[topicEnvVar(spec.id)] = uniqueName(`it.attr.${spec.id}`);
    topics = topicNames(process.env);
    kafka = createKafka({ clientId: 'it-attr', brokers: testBrokers(), log: silentLog });
    admin = kafka.admin();
    await admin.connect();
    await ensureTopics(
      admin,
      topicPlan(topics, 4).filter(
        (t) => t.name.startsWith(topics.attackerObservations) || t.name === topics.attributionEvents,
      ),
    );
    collector = new TopicCollector(kafka, [topics.attributionEvents, `${topics.attackerObservations}.dlq`]);
    await collector.start();
    for (const port of [18641, 18642])
      instances.push(
        await bootService({
          service: 'attribution-worker',
          configClass: AttributionWorkerConfig,
          appModule: AttributionWorkerModule.forRoot,
          port,
          env: { CONSUMER_GROUP_PREFIX: run, INSTANCE_ID: `i${port}` },
        }),
      );
  }, 180_000);

  afterAll(async () => {
    for (const { app } of instances) await app.close();
    await collector.stop();
    await admin.disconnect();
    for (const spec of TOPIC_SPECS) delete process.env[topicEnvVar(spec.id)];
  }, 60_000);

  it('merges observations, suspects multiple actors, and answers from either instance', async () => {
    const messages = ATTACKERS.flatMap((attacker, a) =>
      Array.from({ length: 5 }, (_, n) => [
        {
          key: attacker,
          value: observation(
            attacker,
            'motor.input_modality',
            a === 0 ? ['typed', 'pasted'][n % 2] : 'typed',
            n,
          ),
        },
        {
          key: attacker,
          value: observation(
            attacker,
            'motor.keyboard_layout',
            a === 0 ? ['en-US', 'de-DE'][n % 2] : 'en-US',
            n,
          ),
        },
        {
          key: attacker,
          value: observation(attacker, 'timing.inter_command_ms', [5000, 5050, 4970, 5020, 5010][n], n),
        },
      ]).flat(),
    );
    // A redelivery, and a later observation that moves every partition's event time past the correlator's minute.
    await produce([...messages, messages[0]!]);
    await produce(
      ATTACKERS.map((attacker) => ({
        key: attacker,
        value: observation(attacker, 'tooling.ssh_client_hash', 'h0', 10),
      })),
    );

    const events = () => collector.of(topics.attributionEvents).map((r) => r.value as AttributionEvent);
    // Each attacker's last observation (a first hash: null → stable) marks its partition done.
    await collector.waitFor(
      () =>
        ATTACKERS.every((attacker) =>
          events().some(
            (e) =>
              e.type === 'state_changed' &&
              e.identity_id === identityIdOf(attacker) &&
              e.primitive === 'tooling.ssh_client_hash',
          ),
        ),
      60_000,
      'every attacker fully processed',
    );
    const suspicions = events().filter((e) => e.type === 'multi_actor_suspected');
    expect(suspicions).toEqual([
      expect.objectContaining({
        identity_id: identityIdOf('actor-0'),
        primitives: ['motor.input_modality', 'motor.keyboard_layout'],
        // The minute-4 timer fires once the modality's 5th observation arrives: the layout has
        // alternated 4 times then (share 0.5), the modality 5 (0.6, the cap).
        confidence: 0.55,
        ts: new Date(T0 + 4 * 60_000).toISOString(),
      }),
    ]);
    expect(events()).toContainEqual(
      expect.objectContaining({
        type: 'state_changed',
        identity_id: identityIdOf('actor-3'),
        primitive: 'motor.input_modality',
        old_state: 'unknown',
        new_state: 'stable',
        observation_count: 3,
      }),
    );

    for (const attacker of ATTACKERS) {
      for (const { base } of instances) {
        const answer = await callApi(base, 'GET', `/api/v1/attackers/${attacker}/attribution`);
        expect(answer.status).toBe(200);
        expect(answer.body.identity_id).toBe(identityIdOf(attacker));
        const modality = answer.body.primitives.find(
          (p: { primitive: string }) => p.primitive === 'motor.input_modality',
        );
        expect(modality).toMatchObject({
          state: attacker === 'actor-0' ? 'multi_actor' : 'stable',
          observation_count: 5,
          last_observation_ts: new Date(T0 + 4 * 60_000).toISOString(),
        });
        const timing = answer.body.primitives.find(
          (p: { primitive: string }) => p.primitive === 'timing.inter_command_ms',
        );
        expect(timing.state).toBe('stable');
        expect(timing.confidence).toBeCloseTo(0.995, 3);
      }
    }
    expect((await callApi(instances[0]!.base, 'GET', '/api/v1/attackers/nobody/attribution')).status).toBe(
      404,
    );
    expect(
      (
        await callApi(instances[1]!.base, 'GET', '/api/v1/attackers/actor-0/attribution', undefined, {
          token: null,
        })
      ).status,
    ).toBe(401);
  });

  it('sends unusable observations to the DLQ with the reason', async () => {
    await produce([
      { key: 'actor-1', value: observation('actor-2', 'motor.input_modality', 'typed', 20) },
      { key: 'actor-1', value: observation('actor-1', 'timing.inter_command_ms', 'slow', 21) },
      { key: 'actor-1', value: { ...observation('actor-1', 'Not A Primitive!', 'x', 22) } },
      { key: 'actor-1', value: '{"truncated": ' },
    ]);
    await collector.waitFor(
      () => collector.of(`${topics.attackerObservations}.dlq`).length >= 4,
      30_000,
      'dead letters',
    );
    const reasons = collector
      .of(`${topics.attackerObservations}.dlq`)
      .map((r) => (r.value as DeadLetter).reason.message);
    expect(reasons).toEqual([
      expect.stringMatching(/record key "actor-1" is not the observation's attacker_id 'actor-2'/),
      expect.stringMatching(/numeric; value "slow" is not a finite number/),
      expect.stringMatching(/primitive/),
      expect.stringMatching(/invalid JSON/),
    ]);
    await eventually(
      async () =>
        (await callApi(instances[0]!.base, 'GET', '/api/v1/attackers/actor-1/attribution')).status === 200,
      10_000,
      'the worker still answers',
    );
  });
});
