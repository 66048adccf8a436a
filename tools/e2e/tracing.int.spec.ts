/**
 * One trace from an event to its incident, through the real services: the tagger and the risk
 * accumulator run as processes exporting spans by OTLP/HTTP (configured only by the standard
 * OTEL_* variables) to a receiver this test runs. Each honeypot event of the demo's attacker
 * arrives with its own trace; the incident must carry the trace of the contribution that fired
 * it, that trace must hold the tagger's and the accumulator's spans, and the incident's emit
 * span must link the trace of every event it was built from.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { TOPIC_SPECS, topicEnvVar, topicNames, topicPlan } from '@riskline/contracts';
import { generateScenario } from '@riskline/scenario';
import { createKafka, ensureTopics, silentLog } from '@riskline/stream-runtime';
import { TopicCollector, testBrokers, testRedisUrl, uniqueName } from '@riskline/stream-runtime/testing';
import { launchService, REPO_ROOT, stopServices } from './service-process';

interface ReceivedSpan {
  readonly service: string;
  readonly name: string;
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string;
  readonly links: readonly { traceId: string }[];
}

interface OtlpExport {
  resourceSpans?: {
    resource?: { attributes?: { key: string; value: { stringValue?: string } }[] };
    scopeSpans?: { spans?: Omit<ReceivedSpan, 'service'>[] }[];
  }[];
}

/** An OTLP/HTTP (JSON) trace receiver: every span exported to it, with its service name. */
async function startReceiver(): Promise<{ server: Server; url: string; spans: ReceivedSpan[] }> {
  const spans: ReceivedSpan[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.url === '/v1/traces') {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as OtlpExport;
        for (const rs of body.resourceSpans ?? []) {
          const service =
            rs.resource?.attributes?.find((a) => a.key === 'service.name')?.value.stringValue ?? '';
          for (const ss of rs.scopeSpans ?? [])
            for (const span of ss.spans ?? []) spans.push({ ...span, service, links: span.links ?? [] });
        }
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, spans };
}

const ATTACKER = '203.0.113.77';

describe('tracing through the services (real Kafka, Redis and an OTLP/HTTP receiver)', () => {
  it('follows one trace from an event to its incident, which links every contributing trace', async () => {
    const receiver = await startReceiver();
    const prefix = uniqueName('it.trace');
    const env: Record<string, string> = Object.fromEntries(
      TOPIC_SPECS.map((spec) => [topicEnvVar(spec.id), `${prefix}.${spec.defaultName}`]),
    );
    const topics = topicNames(env);
    const kafka = createKafka({ clientId: 'it-trace', brokers: testBrokers(), log: silentLog });
    const admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin, topicPlan(topics));
    const common = {
      ...env,
      KAFKA_BROKERS: testBrokers().join(','),
      REDIS_URL: testRedisUrl(),
      RISKLINE_API_TOKEN: 'it-trace-token-0123456789',
      CONSUMER_GROUP_PREFIX: prefix,
      LOG_LEVEL: 'warn',
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_TRACES_EXPORTER: 'otlp',
      OTEL_METRICS_EXPORTER: 'none',
      OTEL_LOGS_EXPORTER: 'none',
      OTEL_BSP_SCHEDULE_DELAY: '200',
    };
    const services = [
      launchService('tagger', { ...common, HTTP_PORT: '18191', RULES_DIRS: join(REPO_ROOT, 'rules') }),
      launchService('risk-accumulator', { ...common, HTTP_PORT: '18192' }),
    ];
    const collector = new TopicCollector(kafka, [topics.riskIncidents]);
    try {
      await collector.start();
      const attack = [...generateScenario({ events: 0 })].filter((e) => e['src_ip'] === ATTACKER);
      expect(attack.length).toBeGreaterThanOrEqual(3);
      const sent = attack.map((event) => ({ event, traceId: randomBytes(16).toString('hex') }));
      const producer = kafka.producer();
      await producer.connect();
      await producer.send({
        topic: topics.events,
        messages: sent.map(({ event, traceId }) => ({
          partition: 0,
          value: JSON.stringify(event),
          headers: { traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` },
        })),
      });
      await producer.disconnect();

      const deadline = Date.now() + 120_000;
      const incident = () =>
        collector.records.find((r) => r.key === `src_ip:${ATTACKER}` && r.topic === topics.riskIncidents);
      const emitOf = (spanId: string) => receiver.spans.find((s) => s.spanId === spanId);
      while (Date.now() < deadline) {
        const found = incident();
        if (found && emitOf(found.headers['traceparent']!.split('-')[2]!)) break;
        await new Promise((r) => setTimeout(r, 250));
      }
      const found = incident();
      expect(found).toBeDefined();
      const [, traceId, spanId] = found!.headers['traceparent']!.split('-') as [string, string, string];

      // The incident's trace is one of the events': tagger and accumulator spans are both in it.
      const sentTraces = new Set(sent.map((s) => s.traceId));
      expect(sentTraces.has(traceId)).toBe(true);
      const inTrace = receiver.spans.filter((s) => s.traceId === traceId);
      expect(new Set(inTrace.map((s) => `${s.service}: ${s.name}`))).toEqual(
        new Set([
          'riskline-tagger: tagger process',
          'riskline-tagger: tagger.firing',
          'riskline-risk-accumulator: risk-accumulator process',
          'riskline-risk-accumulator: risk-accumulator emit',
        ]),
      );
      const accumulatorProcess = inTrace.find((s) => s.name === 'risk-accumulator process')!;
      const firing = inTrace.find((s) => s.name === 'tagger.firing')!;
      expect(accumulatorProcess.parentSpanId).toBe(firing.spanId);

      // The emit span the incident carries links every trace the incident was built from.
      const emit = emitOf(spanId)!;
      expect(emit.name).toBe('risk-accumulator emit');
      expect(emit.parentSpanId).toBe(accumulatorProcess.spanId);
      const linked = new Set(emit.links.map((l) => l.traceId));
      expect(linked.size).toBeGreaterThanOrEqual(3);
      for (const t of linked) expect(sentTraces.has(t)).toBe(true);
      expect(linked.has(traceId)).toBe(true);
      const refs = (found!.value as { refs: unknown[] }).refs;
      expect(linked.size).toBe(refs.length);
    } finally {
      await collector.stop();
      await stopServices(services);
      await admin.disconnect();
      receiver.server.close();
    }
  }, 240_000);
});
