/**
 * The disposition ingestor on the real broker and Redis, next to a real tagger: verdicts by
 * POST and by topic, per-rule scorecards, incident expansion, dedup, the DLQ, and the feedback
 * loop — enough false positives clip the rule and the tagger's next firing of it scores lower;
 * a rule an operator set by hand is never auto-clipped.
 */
import 'reflect-metadata';
import { resolve } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { Admin, Kafka } from 'kafkajs';
import {
  TOPIC_SPECS,
  topicEnvVar,
  topicNames,
  topicPlan,
  type DeadLetter,
  type Detection,
  type RiskContribution,
  type RuleScorecard,
  type RuleState,
  type TopicNames,
} from '@riskline/contracts';
import { createKafka, ensureTopics, silentLog } from '@riskline/stream-runtime';
import { TopicCollector, testBrokers, uniqueName } from '@riskline/stream-runtime/testing';
import { incidentFixture, verdictFixture } from '@riskline/dispositions/testing';
import { bootService, callApi, eventually } from '@riskline/service-host/testing';
import { TaggerConfig, TaggerModule } from '@riskline/app/tagger';
import { DispositionIngestorConfig } from './disposition-ingestor.config';
import { DispositionIngestorModule } from './disposition-ingestor.module';

const WHOAMI = 'riskline-discovery-whoami';
const INCIDENT_ID = '5b0c4d8e-2f6a-5c1b-9e3d-7a8b9c0d1e2f';

function whoamiEvent(id: string, at: string): Record<string, unknown> {
  return {
    event_id: id,
    '@timestamp': at,
    EventID: 1,
    Channel: 'Microsoft-Windows-Sysmon/Operational',
    Computer: 'WS-042',
    User: 'CORP\\admin1',
    Image: 'C:\\Windows\\System32\\whoami.exe',
    CommandLine: 'whoami',
  };
}

const verdict = verdictFixture;

describe('disposition ingestor (real Kafka + Redis, with a tagger)', () => {
  const run = uniqueName('it-disp');
  let topics: TopicNames;
  let kafka: Kafka;
  let admin: Admin;
  let collector: TopicCollector;
  const apps: INestApplication[] = [];
  let ingestor = '';
  /** A second instance sharing the ingestor's partitions. */
  let peer = '';
  let tagger = '';

  const api = (
    base: string,
    method: string,
    path: string,
    body?: unknown,
    options?: { token?: string | null; contentType?: string },
  ) => callApi(base, method, path, body, options);

  async function produce(topic: string, messages: { key: string; value: unknown }[]): Promise<void> {
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic,
      messages: messages.map((m) => ({ key: m.key, value: JSON.stringify(m.value) })),
    });
    await producer.disconnect();
  }

  const scorecard = (rule: string) =>
    collector
      .of(topics.ruleScorecards)
      .map((r) => r.value as RuleScorecard)
      .filter((s) => s.rule_id === rule)
      .at(-1);
  const ruleStates = (rule: string) =>
    collector
      .of(topics.ruleState)
      .map((r) => r.value as RuleState | null)
      .filter((s): s is RuleState => s?.rule_id === rule);
  const waitTotal = (rule: string, total: number) =>
    collector.waitFor(() => scorecard(rule)?.counts.total === total, 30_000, `${rule} total ${total}`);

  beforeAll(async () => {
    for (const spec of TOPIC_SPECS) process.env[topicEnvVar(spec.id)] = uniqueName(`it.disp.${spec.id}`);
    topics = topicNames(process.env);
    kafka = createKafka({ clientId: 'it-disp', brokers: testBrokers(), log: silentLog });
    admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin, topicPlan(topics, 3));
    collector = new TopicCollector(kafka, [
      topics.ruleScorecards,
      topics.ruleState,
      topics.detections,
      topics.riskContributions,
      `${topics.dispositions}.dlq`,
    ]);
    await collector.start();
    const taggerService = await bootService({
      service: 'tagger',
      configClass: TaggerConfig,
      appModule: TaggerModule.forRoot,
      env: {
        CONSUMER_GROUP_PREFIX: `${run}-tagger`,
        RULES_DIRS: resolve(__dirname, '../../../rules'),
        RULES_POLL_MS: '200',
      },
    });
    apps.push(taggerService.app);
    const [first, second] = await Promise.all(
      [18651, 18652].map((port) =>
        bootService({
          service: 'disposition-ingestor',
          configClass: DispositionIngestorConfig,
          appModule: DispositionIngestorModule.forRoot,
          port,
          env: { CONSUMER_GROUP_PREFIX: `${run}-ingestor`, INCIDENT_LOOKUP_WAIT_MS: '2000' },
        }),
      ),
    );
    apps.push(first!.app, second!.app);
    ingestor = first!.base;
    peer = second!.base;
    tagger = taggerService.base;
  }, 180_000);

  afterAll(async () => {
    for (const app of apps.reverse()) await app.close();
    await collector.stop();
    await admin.disconnect();
    for (const spec of TOPIC_SPECS) delete process.env[topicEnvVar(spec.id)];
  }, 60_000);

  it('answers 401 without a token and 400 only for a body of no known shape', async () => {
    expect(
      (await api(ingestor, 'POST', '/api/v1/dispositions', verdict({ rule_id: 'x' }), { token: null }))
        .status,
    ).toBe(401);
    expect(
      (await api(ingestor, 'GET', '/api/v1/dispositions', undefined, { token: 'wrong-token-0123456789' }))
        .status,
    ).toBe(401);
    const garbage = await api(ingestor, 'POST', '/api/v1/dispositions', 'not json, not ndjson', {
      contentType: 'text/plain',
    });
    expect(garbage.status).toBe(400);
    expect(garbage.body.fields).toBeDefined();
  });

  it('accepts, rejects with reasons, and counts a redelivery once', async () => {
    const body = [
      verdict({ rule_id: 'rule-api', fingerprint: 'det-1' }),
      verdict({ rule_id: 'rule-api', fingerprint: 'det-2', verdict: 'maybe' }),
      verdict({ rule_id: 'rule-api', fingerprint: 'det-3', timestamp: 'last tuesday' }),
      verdict({ rule_id: 'rule-api', fingerprint: 'det-4', note: 'n'.repeat(3000) }),
      verdict({ scope: 'incident', incident_id: 'no-such-incident' }),
      verdict({ rule_id: 'rule-api', fingerprint: 'det-1' }),
      verdict({ rule_id: 'rule-api', fingerprint: 'det-5', verdict: 'true_positive' }),
    ];
    const first = await api(ingestor, 'POST', '/api/v1/dispositions', body);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({
      accepted: 2,
      duplicate: 1,
      rejected: 4,
      errors: [
        { index: 1, reason: expect.stringMatching(/verdict/) },
        { index: 2, reason: expect.stringMatching(/timestamp/) },
        { index: 3, reason: expect.stringMatching(/note/) },
        { index: 4, reason: expect.stringMatching(/unknown incident 'no-such-incident'/) },
      ],
    });
    await waitTotal('rule-api', 2);
    // NDJSON, redelivered: both already counted.
    const ndjson = `${JSON.stringify(body[0])}\n${JSON.stringify(body[6])}\n`;
    // The answer is what the partitions' owners have counted; the store counts once regardless.
    await eventually(
      async () => {
        const again = await api(ingestor, 'POST', '/api/v1/dispositions', ndjson, {
          contentType: 'application/x-ndjson',
        });
        return again.body.duplicate === 2 && again.body.accepted === 0;
      },
      30_000,
      'both reported as duplicates',
    );
    // Redelivered on the topic itself (bypassing the API's check): still counted once.
    await produce(topics.dispositions, [
      { key: 'x', value: body[0] },
      { key: 'y', value: body[0] },
    ]);
    await produce(topics.dispositions, [
      { key: 'z', value: verdict({ rule_id: 'rule-api', fingerprint: 'det-6' }) },
    ]);
    await waitTotal('rule-api', 3);
    expect(scorecard('rule-api')).toMatchObject({
      counts: { true_positive: 1, false_positive: 2, benign_true_positive: 0, total: 3 },
      fp_ratio: null,
      min_sample: 5,
    });
  });

  it('refuses a far-future verdict and caps the error list of a hostile batch, with a count', async () => {
    const future = await api(ingestor, 'POST', '/api/v1/dispositions', [
      verdict({ rule_id: 'rule-future', fingerprint: 'det-f', timestamp: '9999-12-31T00:00:00Z' }),
    ]);
    expect(future.body).toEqual({
      accepted: 0,
      duplicate: 0,
      rejected: 1,
      errors: [{ index: 0, reason: expect.stringMatching(/in the future \(allowed: 3600 s\)/) }],
    });
    const empties = await api(
      ingestor,
      'POST',
      '/api/v1/dispositions',
      Array.from({ length: 1000 }, () => ({})),
    );
    expect(empties.status).toBe(200);
    expect(empties.body.rejected).toBe(1000);
    expect(empties.body.errors).toHaveLength(100);
    expect(empties.body.errors_omitted).toBe(900);
  });

  it('answers from either instance: duplicates counted on the other one, and the scorecards', async () => {
    const spread = Array.from({ length: 12 }, (_, i) =>
      verdict({ rule_id: `rule-spread-${i}`, fingerprint: `s-${i}` }),
    );
    expect((await api(ingestor, 'POST', '/api/v1/dispositions', spread)).body).toMatchObject({
      accepted: 12,
    });
    for (let i = 0; i < 12; i++) await waitTotal(`rule-spread-${i}`, 1);
    await eventually(
      async () => (await api(peer, 'POST', '/api/v1/dispositions', spread)).body.duplicate === 12,
      30_000,
      'the peer reports all 12 as duplicates',
    );
    const owned = await Promise.all(
      [ingestor, peer].map(
        async (base) => (await api(base, 'GET', '/api/v1/dispositions')).body.rules.length,
      ),
    );
    expect(owned[0]).toBe(owned[1]);
    expect((await api(peer, 'GET', '/api/v1/dispositions/rule-spread-7')).body).toMatchObject({
      rule_id: 'rule-spread-7',
      counts: { false_positive: 1, total: 1 },
    });
    for (let i = 0; i < 12; i++) expect(scorecard(`rule-spread-${i}`)!.counts.total).toBe(1);
  });

  it('takes a batch larger than the default body limit, as JSON and as NDJSON', async () => {
    const batch = Array.from({ length: 3000 }, (_, i) =>
      verdict({
        rule_id: `rule-batch-${i % 3}`,
        fingerprint: `batch-${i}`,
        note: 'bulk import from case management',
      }),
    );
    expect(JSON.stringify(batch).length).toBeGreaterThan(200 * 1024);
    const json = await api(ingestor, 'POST', '/api/v1/dispositions', batch.slice(0, 1500));
    expect(json.body).toMatchObject({ accepted: 1500, rejected: 0 });
    const ndjson = batch
      .slice(1500)
      .map((v) => JSON.stringify(v))
      .join('\n');
    const lines = await api(ingestor, 'POST', '/api/v1/dispositions', ndjson, {
      contentType: 'application/x-ndjson',
    });
    expect(lines.body).toMatchObject({ accepted: 1500, rejected: 0 });
    for (const rule of ['rule-batch-0', 'rule-batch-1', 'rule-batch-2']) await waitTotal(rule, 1000);
  }, 60_000);

  it('expands an incident verdict to every contributing rule, and dead-letters an unknown incident', async () => {
    const incident = incidentFixture(INCIDENT_ID, ['rule-inc-a', 'rule-inc-b']);
    await produce(topics.riskIncidents, [{ key: 'user:alice', value: incident }]);
    const posted = await api(
      ingestor,
      'POST',
      '/api/v1/dispositions',
      verdict({ scope: 'incident', incident_id: INCIDENT_ID, verdict: 'benign_true_positive' }),
    );
    expect(posted.body).toMatchObject({ accepted: 1, rejected: 0 });
    await waitTotal('rule-inc-a', 1);
    await waitTotal('rule-inc-b', 1);
    expect(scorecard('rule-inc-a')!.counts.benign_true_positive).toBe(1);

    const unknown = verdict({ scope: 'incident', incident_id: 'never-raised' });
    await produce(topics.dispositions, [{ key: 'k', value: unknown }]);
    await collector.waitFor(
      () => collector.of(`${topics.dispositions}.dlq`).length > 0,
      30_000,
      'dead letter',
    );
    const letter = collector.of(`${topics.dispositions}.dlq`)[0]!.value as DeadLetter;
    expect(letter.reason.message).toMatch(/unknown incident 'never-raised'/);
    expect(letter.payload.encoding).toBe('utf8');
    expect(JSON.parse(letter.payload.data)).toEqual(unknown);

    // Operators see it in /metrics (unauthenticated, Prometheus text) on the instance that routed it.
    const metrics = await Promise.all(
      [ingestor, peer].map(async (base) => {
        const response = await fetch(`${base}/metrics`);
        expect(response.headers.get('content-type')).toMatch(/^text\/plain;.*version=0\.0\.4/);
        return response.text();
      }),
    );
    const deadLetters = metrics
      .flatMap((text) => text.split('\n'))
      .filter(
        (l) =>
          l.startsWith(
            `riskline_dead_letters_total{processor="disposition-router",topic="${topics.dispositions}",partition="`,
          ) && l.includes(',kind="handler_error"}'),
      );
    expect(deadLetters.map((l) => Number(l.split(' ').at(-1))).reduce((a, b) => a + b, 0)).toBe(1);
    expect(metrics.join('\n')).toMatch(/riskline_checkpoint_seconds_count\{processor="disposition-store",/);
  });

  it('clips a noisy rule automatically, and the tagger then scores its firings lower', async () => {
    await produce(topics.events, [{ key: 'e1', value: whoamiEvent('before-clip', '2026-03-01T08:00:00Z') }]);
    const detection = (id: string) =>
      collector
        .of(topics.detections)
        .map((r) => r.value as Detection)
        .find((d) => d.source.event_id === id);
    await collector.waitFor(() => detection('before-clip') !== undefined, 30_000, 'first detection');
    const before = detection('before-clip')!;
    expect(before.confidence).toBe(1);

    const fps = Array.from({ length: 5 }, (_, i) => verdict({ rule_id: WHOAMI, fingerprint: `whoami-${i}` }));
    expect((await api(ingestor, 'POST', '/api/v1/dispositions', fps)).body).toMatchObject({ accepted: 5 });
    await waitTotal(WHOAMI, 5);
    expect(scorecard(WHOAMI)!.fp_ratio).toBe(1);
    await collector.waitFor(() => ruleStates(WHOAMI).length > 0, 30_000, 'auto-clip record');
    expect(ruleStates(WHOAMI)[0]).toMatchObject({
      state: 'clipped',
      origin: 'auto_clip',
      confidence_max: 0.25,
      reason: expect.stringMatching(
        /false-positive ratio 1\.00 \(5 false positives of 5 verdicts, last 30d\)/,
      ),
    });
    const listed = await api(ingestor, 'GET', '/api/v1/dispositions');
    expect(listed.body).toMatchObject({ window_days: 30, numerator: 'fp_only', min_sample: 5 });
    await eventually(
      async () =>
        (await api(ingestor, 'GET', `/api/v1/dispositions/${WHOAMI}`)).body.rule_state?.state === 'clipped',
      30_000,
      'GET shows the clip',
    );

    await eventually(
      async () => {
        const rules = (await api(tagger, 'GET', '/api/v1/rules')).body.rules as {
          id: string;
          state: string;
        }[];
        return rules.find((r) => r.id === WHOAMI)?.state === 'clipped';
      },
      30_000,
      'tagger applies the clip',
    );
    await produce(topics.events, [{ key: 'e2', value: whoamiEvent('after-clip', '2026-03-01T11:00:00Z') }]);
    await collector.waitFor(() => detection('after-clip') !== undefined, 30_000, 'second detection');
    const after = detection('after-clip')!;
    expect(after.confidence).toBe(0.25);
    expect(after.score).toBeLessThan(before.score);
    const contributions = collector
      .of(topics.riskContributions)
      .map((r) => r.value as RiskContribution)
      .filter((c) => c.detection_id === after.detection_id);
    expect(contributions.length).toBeGreaterThan(0);
    expect(contributions.every((c) => c.score === after.score)).toBe(true);
  });

  it('never overrides a state an operator set by hand', async () => {
    // A tombstone has only Kafka's timestamp for its time, so this rule's verdicts and hold are
    // on the same clock: the hour before now, not the fixtures' fixed day.
    const now = Date.now();
    const operator: RuleState = {
      schema_version: 1,
      rule_id: 'rule-operator',
      state: 'enabled',
      reason: 'reviewed: keep at full confidence',
      set_by: 'soc-lead',
      set_at: new Date(now - 3_600_000).toISOString(),
      origin: 'operator',
    };
    await produce(topics.ruleState, [{ key: 'rule-operator', value: operator }]);
    await collector.waitFor(() => ruleStates('rule-operator').length === 1, 30_000, 'operator state');
    // The relay puts the hold on the by-rule topic ahead of the verdicts only if it is given time.
    await new Promise((r) => setTimeout(r, 3000));
    const fps = Array.from({ length: 6 }, (_, i) =>
      verdict({
        rule_id: 'rule-operator',
        fingerprint: `op-${i}`,
        timestamp: new Date(now - 60_000).toISOString(),
      }),
    );
    await api(ingestor, 'POST', '/api/v1/dispositions', fps);
    await waitTotal('rule-operator', 6);
    expect(scorecard('rule-operator')!.fp_ratio).toBe(1);
    await new Promise((r) => setTimeout(r, 1500));
    expect(ruleStates('rule-operator')).toEqual([expect.objectContaining({ origin: 'operator' })]);

    // The operator lifts the state: the store still judges the rule noisy, so auto-clip resumes.
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: topics.ruleState, messages: [{ key: 'rule-operator', value: null }] });
    await producer.disconnect();
    await collector.waitFor(() => ruleStates('rule-operator').length === 2, 30_000, 'auto-clip resumed');
    expect(ruleStates('rule-operator')[1]).toMatchObject({
      state: 'clipped',
      origin: 'auto_clip',
      reason: expect.stringMatching(/false-positive ratio 1\.00 \(6 false positives of 6 verdicts/),
    });
  });
});
