/**
 * The hostile-input suite: a tagger and a risk accumulator on the real broker and Redis, fed
 * what a hostile producer or a broken sensor sends. Every case asserts the record's fate (its
 * DLQ record and kind, or its re-route), that the same partition then processes a canary, and
 * that other partitions are unaffected; the far-future and backfill cases assert exactly the
 * incidents a clean run over the same entities gives (the pure accumulator over the clean
 * contributions).
 */
import 'reflect-metadata';
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { ConfigResourceTypes, type Admin, type Kafka, type Message, type Producer } from 'kafkajs';
import {
  deterministicId,
  dlqTopic,
  entityKey,
  topicNames,
  topicPlan,
  type DeadLetter,
  type Detection,
  type RiskContribution,
  type RiskIncident,
  type TopicNames,
} from '@riskline/contracts';
import { accumulate, emptyRiskState, parseRiskSettings } from '@riskline/risk';
import { bootService, TEST_API_TOKEN } from '@riskline/service-host/testing';
import { createKafka, ensureTopics, partitionOfKey, silentLog } from '@riskline/stream-runtime';
import { TopicCollector, type Collected, testBrokers, uniqueName } from '@riskline/stream-runtime/testing';
import { RiskAccumulatorConfig, RiskAccumulatorModule } from '@riskline/app/risk-accumulator';
import { TaggerConfig, TaggerModule } from '@riskline/app/tagger';

const TOKEN = TEST_API_TOKEN;
const PARTITIONS = 4;
const MINUTE = 60_000;
const DAY = 86_400_000;
const INCIDENT_MAX_BYTES = 3000;
const CONTRIBUTION_DLQ_MAX_BYTES = 20_000;
const SYSMON = 'Microsoft-Windows-Sysmon/Operational';
const settings = parseRiskSettings('');
// Event times are recent wall-clock times: the record timestamps the producer sets are now, and
// event times may not lead them by more than the allowed skew.
const NOW = Math.floor(Date.now() / MINUTE) * MINUTE;

/** A user name whose entity key belongs to `partition` under the project's partitioner. */
function userOn(partition: number, prefix: string): string {
  for (let i = 0; ; i++) {
    const name = `${prefix}-${i}`;
    if (partitionOfKey(Buffer.from(entityKey('user', name)), PARTITIONS) === partition) return name;
  }
}

function contribution(
  user: string,
  n: number,
  atMs: number,
  score: number,
  rule = `rule-${n % 5}`,
): RiskContribution {
  const detection = deterministicId('hostile-detection', user, n, atMs);
  return {
    schema_version: 1,
    contribution_id: deterministicId('contribution', detection, user),
    detection_id: detection,
    entity_type: 'user',
    entity_value: user,
    event_time: new Date(atMs).toISOString(),
    score,
    confidence: 1,
    rule_id: rule,
    rule_version: 1,
    level: 'high',
    tactics: ['discovery'],
    techniques: [],
  };
}

function keyed(c: RiskContribution, partition?: number): Message & { partition?: number } {
  return {
    key: entityKey(c.entity_type, c.entity_value),
    value: JSON.stringify(c),
    ...(partition === undefined ? {} : { partition }),
  };
}

/** The incidents a clean, uninterrupted run over these contributions gives (pure accumulator). */
function cleanRunIncidents(contributions: readonly RiskContribution[]): string[] {
  const state = emptyRiskState(settings);
  let now = -Infinity;
  const ids: string[] = [];
  for (const c of contributions) {
    const ts = Date.parse(c.event_time);
    now = Math.max(now, ts);
    ids.push(...accumulate(state, settings, c, ts, now).fired.map((f) => f.incident.risk_incident_id));
  }
  return ids;
}

function proc(id: string | null, atMs: number, host: string, user: string, image: string, recordId?: number) {
  return {
    ...(id === null ? {} : { event_id: id }),
    ...(recordId === undefined ? {} : { EventRecordID: recordId }),
    '@timestamp': new Date(atMs).toISOString(),
    EventID: 1,
    Channel: SYSMON,
    Computer: host,
    User: user,
    Image: image,
    CommandLine: image,
  };
}

const WHOAMI = 'C:\\Windows\\System32\\whoami.exe';

describe('hostile input (tagger + risk accumulator, real Kafka + Redis)', () => {
  const run = uniqueName('it-hostile');
  const env: Record<string, string> = {};
  let topics: TopicNames;
  let kafka: Kafka;
  let admin: Admin;
  let producer: Producer;
  let collector: TopicCollector;
  const apps: INestApplication[] = [];
  let tagger = '';
  let risk = '';

  const shared = {
    CONSUMER_GROUP_PREFIX: run,
  };

  beforeAll(async () => {
    for (const id of [
      'EVENTS',
      'DETECTIONS',
      'RISK_CONTRIBUTIONS',
      'RISK_INCIDENTS',
      'RULE_STATE',
      'CORRELATION_INPUTS',
      'ASSETS',
      'IDENTITIES',
    ] as const) {
      env[`RISKLINE_TOPIC_${id}`] = uniqueName(`it.hostile.${id.toLowerCase()}`);
      process.env[`RISKLINE_TOPIC_${id}`] = env[`RISKLINE_TOPIC_${id}`];
    }
    topics = topicNames(process.env);
    kafka = createKafka({ clientId: 'it-hostile', brokers: testBrokers(), log: silentLog });
    admin = kafka.admin();
    await admin.connect();
    await ensureTopics(
      admin,
      topicPlan(topics, PARTITIONS).filter((t) => Object.values(env).some((name) => t.name.startsWith(name))),
    );
    // Small limits make "an output too large for its topic" cheap to reach.
    await admin.alterConfigs({
      validateOnly: false,
      resources: [
        {
          type: ConfigResourceTypes.TOPIC,
          name: topics.riskIncidents,
          configEntries: [{ name: 'max.message.bytes', value: String(INCIDENT_MAX_BYTES) }],
        },
        {
          type: ConfigResourceTypes.TOPIC,
          name: dlqTopic(topics.riskContributions),
          configEntries: [{ name: 'max.message.bytes', value: String(CONTRIBUTION_DLQ_MAX_BYTES) }],
        },
      ],
    });
    producer = kafka.producer();
    await producer.connect();
    collector = new TopicCollector(kafka, [
      topics.detections,
      topics.riskContributions,
      topics.riskIncidents,
      dlqTopic(topics.events),
      dlqTopic(topics.riskContributions),
      dlqTopic(topics.assets),
    ]);
    await collector.start();
    const taggerService = await bootService({
      service: 'tagger',
      configClass: TaggerConfig,
      appModule: (config, host) => TaggerModule.forRoot(config, host),
      env: { ...shared, RULES_DIRS: resolve(__dirname, '../../rules') },
    });
    const riskService = await bootService({
      service: 'risk-accumulator',
      configClass: RiskAccumulatorConfig,
      appModule: (config, host) => RiskAccumulatorModule.forRoot(config, host),
      env: shared,
    });
    apps.push(taggerService.app, riskService.app);
    tagger = taggerService.base;
    risk = riskService.base;
  }, 180_000);

  afterAll(async () => {
    for (const app of apps) await app.close();
    await producer?.disconnect();
    await collector?.stop();
    await admin?.disconnect();
    for (const key of Object.keys(env)) delete process.env[key];
  });

  const incidentsOf = (user: string) =>
    collector
      .of(topics.riskIncidents)
      .map((r) => r.value as RiskIncident)
      .filter((i) => i.entity_value === user);
  const letters = (topic: string) =>
    collector.of(dlqTopic(topic)).map((r) => ({ record: r, letter: r.value as DeadLetter }));
  const letterWhere = (topic: string, match: (l: DeadLetter, r: Collected) => boolean) =>
    letters(topic).find(({ letter, record }) => match(letter, record));

  /** Waits for `count` incident records of `user` (an episode's opening and its updates each count). */
  async function waitForIncident(user: string, count = 1): Promise<RiskIncident[]> {
    await collector.waitFor(
      () => incidentsOf(user).length >= count,
      60_000,
      `${count} incident record(s) for ${user}`,
    );
    return incidentsOf(user);
  }

  async function waitForLetter(topic: string, match: (l: DeadLetter, r: Collected) => boolean, what: string) {
    await collector.waitFor(() => letterWhere(topic, match) !== undefined, 60_000, what);
    return letterWhere(topic, match)!;
  }

  async function metrics(base: string): Promise<string> {
    return (await fetch(`${base}/metrics`)).text();
  }

  /** Four contributions of 25 for a fresh user on `partition`: one incident when the partition moves. */
  function canary(partition: number, prefix: string, atMs = NOW - 10 * MINUTE) {
    const user = userOn(partition, prefix);
    return { user, contributions: [0, 1, 2, 3].map((n) => contribution(user, n, atMs + n * 1000, 25)) };
  }

  it("refuses a far-future contribution as event_time_skew and gives the entity the clean run's incidents", async () => {
    const victim = userOn(0, 'future');
    const poison = contribution(victim, 99, Date.parse('9999-12-31T00:00:00Z'), 50);
    const clean = [0, 1, 2, 3, 4].map((n) => contribution(victim, n, NOW - 30 * MINUTE + n * MINUTE, 25));
    const other = canary(1, 'future-other');
    await producer.send({
      topic: topics.riskContributions,
      messages: [poison, ...clean, ...other.contributions].map((c) => keyed(c)),
    });
    const { letter } = await waitForLetter(
      topics.riskContributions,
      (l) => l.reason.kind === 'event_time_skew' && l.payload.data.includes(victim),
      'the far-future contribution in the DLQ',
    );
    expect(letter.source.partition).toBe(0);
    expect(letter.reason.message).toMatch(/ahead of the record's timestamp/);
    const expected = cleanRunIncidents(clean);
    const incidents = await waitForIncident(victim, expected.length);
    expect(incidents.map((i) => i.risk_incident_id)).toEqual(expected);
    expect(await waitForIncident(other.user)).toHaveLength(1);
  }, 90_000);

  it("judges a backfill on its own timeline: last year's contributions beside live ones raise the clean run's incidents", async () => {
    const live = userOn(2, 'live');
    const old = userOn(2, 'backfill');
    const lastYear = NOW - 365 * DAY;
    const liveOnes = [0, 1].map((n) => contribution(live, n, NOW - MINUTE + n, 10));
    const backfill = [0, 1, 2, 3, 4, 5].map((n) => contribution(old, n, lastYear + n * MINUTE, 20));
    await producer.send({ topic: topics.riskContributions, messages: liveOnes.map((c) => keyed(c)) });
    await producer.send({ topic: topics.riskContributions, messages: backfill.map((c) => keyed(c)) });
    const expected = cleanRunIncidents(backfill);
    const incidents = await waitForIncident(old, expected.length);
    expect(incidents.map((i) => i.risk_incident_id)).toEqual(expected);
    expect(incidents[0]!.window_end).toBe(new Date(lastYear + 4 * MINUTE).toISOString());
  }, 90_000);

  it('refuses a contribution late for its own entity as late, counted, and the partition goes on', async () => {
    const user = userOn(3, 'late');
    const first = contribution(user, 0, NOW - 5 * MINUTE, 10);
    const late = contribution(user, 1, NOW - 8 * DAY, 10);
    const next = contribution(user, 2, NOW - 4 * MINUTE, 95);
    await producer.send({
      topic: topics.riskContributions,
      messages: [first, late, next].map((c) => keyed(c)),
    });
    const { letter } = await waitForLetter(
      topics.riskContributions,
      (l) => l.reason.kind === 'late' && l.payload.data.includes(late.contribution_id),
      'the late contribution in the DLQ',
    );
    expect(letter.reason.message).toMatch(/older than every policy window/);
    expect((await waitForIncident(user))[0]!.score).toBe(105);
    expect(await metrics(risk)).toMatch(
      /riskline_records_total\{processor="risk-accumulator",[^}]*outcome="late"\} [1-9]/,
    );
  }, 90_000);

  it('dead-letters a contribution keyed by another entity and a malformed verdict; a forged verdict is only counted', async () => {
    const victim = userOn(2, 'victim');
    const misKeyed = contribution(victim, 0, NOW - 6 * MINUTE, 90);
    const forged = {
      schema_version: 1,
      control: 'incident_verdict',
      risk_incident_id: deterministicId('no-such-incident', victim),
      policy: 'score-24h',
      entity_type: 'user',
      entity_value: victim,
      verdict: 'false_positive',
      incident_time: new Date(NOW - 6 * MINUTE).toISOString(),
      analyst: 'mallory',
    };
    await producer.send({
      topic: topics.riskContributions,
      messages: [
        { ...keyed(misKeyed), key: entityKey('user', 'someone-else') },
        { key: entityKey('user', victim), value: JSON.stringify(forged) },
        {
          key: entityKey('user', victim),
          value: JSON.stringify({ schema_version: 1, control: 'incident_verdict' }),
        },
      ],
    });
    const { letter } = await waitForLetter(
      topics.riskContributions,
      (l) => l.payload.data.includes(misKeyed.contribution_id),
      'the mis-keyed contribution in the DLQ',
    );
    expect([letter.reason.kind, letter.reason.message]).toEqual([
      'schema_violation',
      `key 'user:someone-else' is not the record's entity '${entityKey('user', victim)}'`,
    ]);
    const malformed = await waitForLetter(
      topics.riskContributions,
      (l) => l.reason.kind === 'schema_violation' && /IncidentVerdict/.test(l.reason.message),
      'the malformed verdict in the DLQ',
    );
    expect(malformed.letter.reason.message).toMatch(/risk_incident_id/);
    // The partition goes on, and the forged verdict suppresses nothing: the victim still alerts.
    const { user, contributions } = canary(2, 'after-verdicts');
    await producer.send({ topic: topics.riskContributions, messages: contributions.map((c) => keyed(c)) });
    expect((await waitForIncident(user))[0]!.score).toBe(100);
    expect(await metrics(risk)).toMatch(
      /riskline_records_total\{processor="risk-accumulator",[^}]*outcome="verdict_unmatched"\} [1-9]/,
    );
  }, 90_000);

  it('dead-letters an asset record keyed by another entity, and applies a valid one', async () => {
    const record = {
      schema_version: 1,
      entity_type: 'host',
      entity_value: 'ws-hostile',
      criticality: 'critical',
    };
    await producer.send({
      topic: topics.assets,
      messages: [
        { key: 'host:someone-else', value: JSON.stringify(record) },
        { key: 'host:ws-hostile', value: JSON.stringify({ ...record, criticality: 'apocalyptic' }) },
        { key: 'host:ws-hostile', value: JSON.stringify(record) },
      ],
    });
    const misKeyed = await waitForLetter(
      topics.assets,
      (l) => /not the record's entity 'host:ws-hostile'/.test(l.reason.message),
      'the mis-keyed asset record in soc.assets.dlq',
    );
    expect(misKeyed.letter.reason.kind).toBe('schema_violation');
    await waitForLetter(
      topics.assets,
      (l) => /criticality/.test(l.reason.message),
      'the bad criticality in the DLQ',
    );
  }, 90_000);

  it('re-routes a record produced to the wrong partition (a CRC32 producer), so the entity is never split', async () => {
    const user = userOn(3, 'routed');
    const contributions = [0, 1, 2, 3].map((n) => contribution(user, n, NOW - 20 * MINUTE + n * 1000, 25));
    // Two arrive where librdkafka's default partitioner might have put them, two where they belong.
    await producer.send({
      topic: topics.riskContributions,
      messages: contributions.map((c, n) => keyed(c, n < 2 ? 0 : 3)),
    });
    const incidents = await waitForIncident(user);
    expect(incidents).toHaveLength(1);
    expect(incidents[0]!.score).toBe(100);
    const routed = collector.of(topics.riskContributions).filter((r) => r.key === entityKey('user', user));
    expect(routed.filter((r) => r.partition === 3)).toHaveLength(4);
    expect(await metrics(risk)).toMatch(
      /riskline_records_total\{processor="risk-accumulator",[^}]*partition="0",outcome="re_routed"\} [2-9]/,
    );
  }, 90_000);

  it('dead-letters the input of an incident too large for its topic (output_refused) and moves on, other partitions untouched', async () => {
    const user = userOn(1, 'huge');
    // 40 contributions of 2.5 under long rule ids: the incident's refs are far over 3000 bytes.
    const many = Array.from({ length: 40 }, (_, n) =>
      contribution(user, n, NOW - 50 * MINUTE + n * 1000, 2.5, `rule-with-a-rather-long-identifier-${n}`),
    );
    const sameBatch = canary(2, 'huge-neighbour');
    await producer.send({
      topic: topics.riskContributions,
      messages: [...many, ...sameBatch.contributions].map((c) => keyed(c)),
    });
    const { letter } = await waitForLetter(
      topics.riskContributions,
      (l) => l.reason.kind === 'output_refused' && l.payload.data.includes(user),
      'the refused output in the DLQ',
    );
    expect(letter.source.partition).toBe(1);
    expect(letter.reason.message).toMatch(/max\.message\.bytes|too large|MESSAGE_TOO_LARGE/i);
    expect(await waitForIncident(sameBatch.user)).toHaveLength(1);
    const after = canary(1, 'huge-after');
    await producer.send({
      topic: topics.riskContributions,
      messages: after.contributions.map((c) => keyed(c)),
    });
    // The canary on the partition that refused an output still raises its incident.
    expect(await waitForIncident(after.user)).toHaveLength(1);
    expect(incidentsOf(user)).toEqual([]);
  }, 120_000);

  it('truncates a dead letter too large for its DLQ topic, keeping its size and SHA-256, and keeps the key byte-exact', async () => {
    const payload = Buffer.concat([Buffer.from('{"x":"'), Buffer.alloc(15_000, 0x01), Buffer.from('"}')]);
    const key = Buffer.from([0xff, 0xfe, 0x41]);
    const partition = partitionOfKey(key, PARTITIONS);
    await producer.send({ topic: topics.riskContributions, messages: [{ key, value: payload, partition }] });
    const { letter, record } = await waitForLetter(
      topics.riskContributions,
      (l) => l.payload.truncated === true && l.payload.bytes === payload.length,
      'the truncated dead letter',
    );
    expect(letter.reason.kind).toBe('invalid_json');
    expect(letter.reason.message).toMatch(/truncated to fit the DLQ topic/);
    expect(letter.payload.sha256).toBe(createHash('sha256').update(payload).digest('hex'));
    expect(Buffer.byteLength(JSON.stringify(letter))).toBeLessThanOrEqual(CONTRIBUTION_DLQ_MAX_BYTES);
    expect(record.rawKey).toEqual(key);
    expect(letter.source).toEqual(
      expect.objectContaining({ key: key.toString('base64'), key_encoding: 'base64' }),
    );
    const next = canary(partition, 'after-truncated');
    await producer.send({
      topic: topics.riskContributions,
      messages: next.contributions.map((c) => keyed(c)),
    });
    expect(await waitForIncident(next.user)).toHaveLength(1);
  }, 90_000);

  it('refuses an unbounded score, and the risk API answers whatever the state', async () => {
    const user = userOn(0, 'infinite');
    const poison = { ...contribution(user, 0, NOW - MINUTE, 1), score: 1e308 };
    await producer.send({ topic: topics.riskContributions, messages: [keyed(poison)] });
    const { letter } = await waitForLetter(
      topics.riskContributions,
      (l) => l.reason.kind === 'schema_violation' && l.payload.data.includes(user),
      'the unbounded score in the DLQ',
    );
    expect(letter.reason.fields?.map((f) => f.path)).toContain('score');
    const response = await fetch(`${risk}/api/v1/risk?limit=500`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(response.status).toBe(200);
  }, 90_000);

  it('dead-letters a 900 KB event of control bytes (truncated) and the tagger partition then processes a canary', async () => {
    const huge = Buffer.concat([
      Buffer.from('{"CommandLine":"'),
      Buffer.alloc(900_000, 0x02),
      Buffer.from('"}'),
    ]);
    await producer.send({ topic: topics.events, messages: [{ key: 'k', value: huge, partition: 1 }] });
    const { letter } = await waitForLetter(
      topics.events,
      (l) => l.payload.bytes === huge.length,
      'the huge event in the DLQ',
    );
    expect(letter.payload.truncated).toBe(true);
    expect(letter.payload.sha256).toBe(createHash('sha256').update(huge).digest('hex'));
    await producer.send({
      topic: topics.events,
      messages: [
        {
          key: 'k',
          partition: 1,
          value: JSON.stringify(proc('canary-1', NOW - MINUTE, 'WS-1', 'CORP\\c1', WHOAMI)),
        },
      ],
    });
    await collector.waitFor(
      () =>
        collector.of(topics.detections).some((r) => (r.value as Detection).source.event_id === 'canary-1'),
      60_000,
      'the canary detection',
    );
  }, 90_000);

  it('refuses event times out of the contract or too far ahead at the tagger, never a handler error', async () => {
    await producer.send({
      topic: topics.events,
      messages: [
        {
          key: 'k',
          partition: 2,
          value: JSON.stringify(
            proc('far-future', Date.parse('9999-12-31T00:00:00Z'), 'WS-1', 'CORP\\f', WHOAMI),
          ),
        },
        {
          key: 'k',
          partition: 2,
          value: JSON.stringify({ ...proc('huge-ts', NOW, 'WS-1', 'CORP\\h', WHOAMI), '@timestamp': 1e20 }),
        },
        {
          key: 'k',
          partition: 2,
          value: JSON.stringify(proc('canary-2', NOW - MINUTE, 'WS-1', 'CORP\\c2', WHOAMI)),
        },
      ],
    });
    const skew = await waitForLetter(
      topics.events,
      (l) => l.payload.data.includes('far-future'),
      'the far-future event',
    );
    expect(skew.letter.reason.kind).toBe('event_time_skew');
    const range = await waitForLetter(
      topics.events,
      (l) => l.payload.data.includes('huge-ts'),
      'the 1e20 event',
    );
    expect(range.letter.reason.kind).toBe('schema_violation');
    await collector.waitFor(
      () =>
        collector.of(topics.detections).some((r) => (r.value as Detection).source.event_id === 'canary-2'),
      60_000,
      'the canary detection',
    );
  }, 90_000);

  it("keeps two hosts' Windows events with the same record id apart, so both count", async () => {
    const user = 'CORP\\shared-4242';
    const events = ['WS-A', 'WS-B'].map((host) => proc(null, NOW - 2 * MINUTE, host, user, WHOAMI, 4242));
    await producer.send({
      topic: topics.events,
      messages: events.map((e) => ({ key: 'k', value: JSON.stringify(e) })),
    });
    await collector.waitFor(
      () =>
        collector
          .of(topics.detections)
          .filter((r) => (r.value as Detection).entities.some((e) => e.value.includes('shared-4242')))
          .length >= 2,
      60_000,
      'two detections',
    );
    const ids = collector
      .of(topics.detections)
      .map((r) => r.value as Detection)
      .filter((d) => d.entities.some((e) => e.value.includes('shared-4242')))
      .map((d) => d.detection_id);
    expect(new Set(ids).size).toBe(2);
  }, 90_000);

  it('answers hostile HTTP with 400, 405 and no banner, and can tombstone any rule id', async () => {
    const auth = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    const tooDeep = await fetch(`${tagger}/api/v1/rules/riskline-discovery-whoami/state`, {
      method: 'POST',
      headers: auth,
      body: `{"state":"disabled","reason":${deep}}`,
    });
    expect(tooDeep.status).toBe(400);
    const longId = await fetch(`${tagger}/api/v1/rules/${'x'.repeat(10_000)}/state`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ state: 'disabled', reason: 'test' }),
    });
    expect(longId.status).toBe(400);
    expect(JSON.stringify(await longId.json())).toMatch(/id/);
    const tombstone = await fetch(`${tagger}/api/v1/rules/${'x'.repeat(10_000)}/state`, {
      method: 'DELETE',
      headers: auth,
    });
    expect(tombstone.status).toBe(202);
    const wrongMethod = await fetch(`${risk}/api/v1/risk`, { method: 'POST', headers: auth, body: '{}' });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toMatch(/GET/);
    expect(wrongMethod.headers.get('x-powered-by')).toBeNull();
    const listed = (await (await fetch(`${tagger}/api/v1/rules`, { headers: auth })).json()) as {
      rules: { source: string }[];
    };
    expect(listed.rules.every((r) => !r.source.startsWith('/'))).toBe(true);
  }, 60_000);

  it('counts each dead letter once', async () => {
    const text = await metrics(risk);
    const total = text
      .split('\n')
      .filter((l) => l.startsWith('riskline_dead_letters_total{processor="risk-accumulator"'))
      .reduce((sum, l) => sum + Number(l.split(' ').at(-1)), 0);
    expect(total).toBe(letters(topics.riskContributions).length);
  });
});
