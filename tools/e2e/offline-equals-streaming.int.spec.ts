/**
 * The promise of the design: the same domain code serves the streaming services and the
 * offline replay. The demo scenario's events go once through the real tagger and risk
 * accumulator processes on the real broker and Redis, and once through `riskline replay` with
 * no cluster; every detection, contribution and incident must be the same — same ids, same
 * contents — and neither side may have one the other lacks.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TOPIC_SPECS, topicEnvVar, topicNames, topicPlan } from '@riskline/contracts';
import { generateScenario } from '@riskline/scenario';
import { createKafka, ensureTopics, silentLog } from '@riskline/stream-runtime';
import { TopicCollector, testBrokers, testRedisUrl, uniqueName } from '@riskline/stream-runtime/testing';
import { launchService, REPO_ROOT as root, stopServices } from './service-process';

const EVENTS = 6000;

const idOf = (kind: string, value: Record<string, unknown>) =>
  String(
    kind === 'detection'
      ? value['detection_id']
      : kind === 'contribution'
        ? value['contribution_id']
        : value['risk_incident_id'],
  );

function byId(records: readonly { kind: string; value: Record<string, unknown> }[]) {
  const map = new Map<string, Record<string, unknown>>();
  for (const r of records) map.set(`${r.kind}:${idOf(r.kind, r.value)}`, r.value);
  return map;
}

describe('offline replay equals the streaming services (real Kafka and Redis)', () => {
  it('gives the same detections, contributions and incidents, ids and contents', async () => {
    const prefix = uniqueName('it.same');
    const env: Record<string, string> = Object.fromEntries(
      TOPIC_SPECS.map((spec) => [topicEnvVar(spec.id), `${prefix}.${spec.defaultName}`]),
    );
    const topics = topicNames(env);
    const events = [...generateScenario({ events: EVENTS })];
    const dir = mkdtempSync(join(tmpdir(), 'riskline-same-'));
    const file = join(dir, 'events.jsonl');
    writeFileSync(file, events.map((e) => JSON.stringify(e)).join('\n'));

    // Offline, no cluster: the command as a user runs it, with the services' topic names.
    const out = execFileSync(
      process.execPath,
      ['bin/riskline.js', 'replay', '--rules', 'rules', '--events', file],
      {
        cwd: root,
        env: { ...process.env, ...env },
        encoding: 'utf8',
        maxBuffer: 256 * 1024 * 1024,
        stdio: ['ignore', 'pipe', 'ignore'],
      },
    );
    const offline = byId(
      out
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { kind: string; value: Record<string, unknown> }),
    );
    const offlineKinds = [...offline.keys()].map((k) => k.split(':')[0]);
    expect(offlineKinds.filter((k) => k === 'incident').length).toBeGreaterThan(0);

    // Streaming, through the services.
    const kafka = createKafka({ clientId: 'it-same', brokers: testBrokers(), log: silentLog });
    const admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin, topicPlan(topics));
    const common = {
      ...env,
      KAFKA_BROKERS: testBrokers().join(','),
      REDIS_URL: testRedisUrl(),
      RISKLINE_API_TOKEN: 'it-same-token-0123456789',
      CONSUMER_GROUP_PREFIX: prefix,
      LOG_LEVEL: 'warn',
    };
    const services = [
      launchService('tagger', { ...common, HTTP_PORT: '18181', RULES_DIRS: join(root, 'rules') }),
      launchService('risk-accumulator', { ...common, HTTP_PORT: '18182' }),
    ];
    const collector = new TopicCollector(kafka, [
      topics.detections,
      topics.riskContributions,
      topics.riskIncidents,
    ]);
    try {
      await collector.start();
      const producer = kafka.producer();
      await producer.connect();
      for (let i = 0; i < events.length; i += 500)
        await producer.send({
          topic: topics.events,
          // One partition: the file's order is then the order the tagger sees, as offline.
          messages: events.slice(i, i + 500).map((e) => ({ partition: 0, value: JSON.stringify(e) })),
        });
      await producer.disconnect();
      const kindOf = (topic: string) =>
        topic === topics.detections
          ? 'detection'
          : topic === topics.riskContributions
            ? 'contribution'
            : 'incident';
      const streamed = () =>
        byId(
          collector.records.map((r) => ({
            kind: kindOf(r.topic),
            value: r.value as Record<string, unknown>,
          })),
        );
      const deadline = Date.now() + 150_000;
      while (streamed().size < offline.size && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 500));
      // A little longer: anything the services produce beyond the offline run must show up too.
      await new Promise((r) => setTimeout(r, 3000));
      const streaming = streamed();
      expect([...streaming.keys()].sort()).toEqual([...offline.keys()].sort());
      for (const [id, value] of offline) expect({ id, value: streaming.get(id) }).toEqual({ id, value });
    } finally {
      await collector.stop();
      await stopServices(services);
      await admin.disconnect();
    }
  }, 300_000);
});
