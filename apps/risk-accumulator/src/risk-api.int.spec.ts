/**
 * The risk read API on two real instances sharing the partitions of one contributions topic:
 * contributions become incidents and open entities; either instance answers for any entity,
 * forwarding to the owner; the API wants a bearer token.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import type { Admin, Kafka } from 'kafkajs';
import {
  deterministicId,
  entityKey,
  topicNames,
  topicPlan,
  type RiskIncident,
  type TopicNames,
} from '@riskline/contracts';
import { JsonLogger, loadConfig, ServiceHostModule } from '@riskline/service-host';
import { createKafka, ensureTopics, silentLog } from '@riskline/stream-runtime';
import { TopicCollector, testBrokers, testRedisUrl, uniqueName } from '@riskline/stream-runtime/testing';
import { RiskAccumulatorConfig } from './risk-accumulator.config';
import { RiskAccumulatorModule } from './risk-accumulator.module';

const TOKEN = 'risk-test-token-0123456789';
const USERS = Array.from({ length: 12 }, (_, i) => `user${i}`);

describe('risk accumulator API (two instances, real Kafka + Redis)', () => {
  const run = uniqueName('it-risk-api');
  const env: Record<string, string> = {};
  let topics: TopicNames;
  let kafka: Kafka;
  let admin: Admin;
  let collector: TopicCollector;
  const apps: { app: INestApplication; base: string }[] = [];

  async function startInstance(port: number): Promise<void> {
    const config = loadConfig(RiskAccumulatorConfig, {
      KAFKA_BROKERS: testBrokers().join(','),
      REDIS_URL: testRedisUrl(),
      RISKLINE_API_TOKEN: TOKEN,
      CONSUMER_GROUP_PREFIX: run,
      HTTP_PORT: String(port),
      INSTANCE_ID: `i${port}`,
    });
    const logger = new JsonLogger('risk-it', 'warn', () => undefined);
    const app = await NestFactory.create(
      RiskAccumulatorModule.forRoot(
        config,
        ServiceHostModule.forRoot({ service: 'risk-accumulator', config, logger }),
      ),
      { logger: false },
    );
    await app.listen(port, '127.0.0.1');
    apps.push({ app, base: `http://127.0.0.1:${port}` });
  }

  async function get(base: string, path: string, token = TOKEN) {
    const response = await fetch(`${base}${path}`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  beforeAll(async () => {
    for (const id of ['RISK_CONTRIBUTIONS', 'RISK_INCIDENTS'] as const) {
      env[`RISKLINE_TOPIC_${id}`] = uniqueName(`it.riskapi.${id.toLowerCase()}`);
      process.env[`RISKLINE_TOPIC_${id}`] = env[`RISKLINE_TOPIC_${id}`];
    }
    topics = topicNames(process.env);
    kafka = createKafka({ clientId: 'it-risk-api', brokers: testBrokers(), log: silentLog });
    admin = kafka.admin();
    await admin.connect();
    await ensureTopics(
      admin,
      topicPlan(topics, 6).filter((t) => Object.values(env).some((name) => t.name.startsWith(name))),
    );
    collector = new TopicCollector(kafka, [topics.riskIncidents]);
    await collector.start();
    await startInstance(18191);
    await startInstance(18192);
  }, 120_000);

  afterAll(async () => {
    for (const { app } of apps) await app.close();
    await collector.stop();
    await admin.disconnect();
    for (const key of Object.keys(env)) delete process.env[key];
  });

  it('raises incidents and answers for any entity from either instance', async () => {
    const producer = kafka.producer();
    await producer.connect();
    const t0 = Date.UTC(2026, 4, 1);
    const messages = USERS.flatMap((user, u) =>
      [0, 1, 2].map((k) => {
        const detection = deterministicId('it-detection', user, k);
        return {
          key: entityKey('user', user),
          value: JSON.stringify({
            schema_version: 1,
            contribution_id: deterministicId('contribution', detection, user),
            detection_id: detection,
            entity_type: 'user',
            entity_value: user,
            event_time: new Date(t0 + k * 60_000).toISOString(),
            score: u === 0 ? 50 : 10,
            confidence: 1,
            rule_id: `rule-${k}`,
            rule_version: 1,
            level: 'high',
            tactics: ['discovery'],
            techniques: [],
          }),
        };
      }),
    );
    await producer.send({ topic: topics.riskContributions, messages });
    await producer.disconnect();

    await collector.waitFor(
      (r) => r.some((x) => (x.value as RiskIncident).entity_value === 'user0'),
      60_000,
      'the user0 incident',
    );
    const incident = collector
      .of(topics.riskIncidents)
      .map((r) => r.value as RiskIncident)
      .find((i) => i.entity_value === 'user0')!;
    expect(incident).toEqual(
      expect.objectContaining({
        policy: 'score-24h',
        trigger: 'score',
        score: 100,
        result_count: 2,
        source_count: 2,
        kind: 'incident_opened',
        revision: 1,
      }),
    );
    expect(
      collector.of(topics.riskIncidents).filter((r) => (r.value as RiskIncident).entity_value !== 'user0'),
    ).toEqual([]);

    // Each instance lists only what it owns; together they hold all twelve.
    const deadline = Date.now() + 30_000;
    let lists: { total: number; entities: { entity_value: string }[] }[] = [];
    do {
      lists = (await Promise.all(apps.map(({ base }) => get(base, '/api/v1/risk?limit=100')))).map(
        (r) => r.body as never,
      );
    } while (
      lists.reduce((n, l) => n + l.total, 0) < USERS.length &&
      Date.now() < deadline &&
      (await new Promise((r) => setTimeout(r, 200))) === undefined
    );
    expect(lists.map((l) => l.total).every((n) => n > 0)).toBe(true);
    expect(lists.flatMap((l) => l.entities.map((e) => e.entity_value)).sort()).toEqual([...USERS].sort());

    const high = await get(apps[0]!.base, '/api/v1/risk?min_score=100');
    expect(
      (high.body as { entities: { entity_value: string }[] }).entities.map((e) => e.entity_value),
    ).toEqual(lists[0]!.entities.some((e) => e.entity_value === 'user0') ? ['user0'] : []);

    for (const user of USERS) {
      for (const { base } of apps) {
        const answer = await get(base, `/api/v1/risk/user/${user}`);
        expect({ user, status: answer.status }).toEqual({ user, status: 200 });
        expect(answer.body).toEqual(
          expect.objectContaining({
            entity_type: 'user',
            entity_value: user,
            result_count: 3,
            score: user === 'user0' ? 150 : 30,
            normalized_score: expect.any(Number),
            risk_level: expect.stringMatching(/^(unknown|low|moderate|high|critical)$/),
            severity: user === 'user0' ? 'medium' : 'low',
          }),
        );
      }
    }
    // The window's contents, from either instance (the owner's answer is forwarded as it is).
    for (const { base } of apps) {
      const withWindow = await get(base, '/api/v1/risk/user/user0?contributions=true');
      const policy = (
        withWindow.body as {
          policies: {
            window_ms: number;
            score_threshold: number | null;
            contributions: { score: number; rule_id: string; event_time: string }[];
          }[];
        }
      ).policies[0]!;
      expect(policy.contributions).toHaveLength(3);
      expect(policy.contributions.reduce((sum, c) => sum + c.score, 0)).toBe(150);
      expect(policy.window_ms).toBeGreaterThan(0);
      const times = policy.contributions.map((c) => Date.parse(c.event_time));
      expect([...times].sort((a, b) => a - b)).toEqual(times);
    }
    expect(
      ((await get(apps[0]!.base, '/api/v1/risk/user/user1')).body as { policies: object[] }).policies[0],
    ).not.toHaveProperty('contributions');
    expect((await get(apps[0]!.base, '/api/v1/risk/user/user1?contributions=maybe')).status).toBe(400);
    expect((await get(apps[1]!.base, '/api/v1/risk/user/nobody')).status).toBe(404);
    expect((await get(apps[1]!.base, '/api/v1/risk/User%20X/x')).status).toBe(400);
    expect((await get(apps[0]!.base, '/api/v1/risk', '')).status).toBe(401);
  }, 120_000);
});
