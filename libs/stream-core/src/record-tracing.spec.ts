/**
 * Tracing is the runtime's: with a real tracer provider and W3C propagator, applyRecords makes
 * every processor's handling of a record a span continuing the record's trace, gives outputs
 * that span's context, links an output made from several records to each of their traces, and
 * marks a refused record's span as an error. Without a provider, trace headers pass through.
 */
import { propagation, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { decodeJsonObject } from '@riskline/contracts';
import { applyRecords } from './apply-records';
import { freshProgress } from './partition-progress';
import type { InputRecord, PartitionedProcessor } from './processor';

const traceparent = (traceId: string, spanId = 'b7ad6b7169203331') => `00-${traceId}-${spanId}-01`;
const T1 = '0af7651916cd43dd8448eb211c80319c';
const T2 = '1bf7651916cd43dd8448eb211c80319d';
const T3 = '2cf7651916cd43dd8448eb211c80319e';

/** Echoes each message; `{"links": true}` emits one output linking every trace seen so far. */
function echoProcessor(): PartitionedProcessor<{ seen: string[] }, Record<string, unknown>> {
  return {
    name: 'echo',
    inputTopic: 'in',
    decode: (record) => decodeJsonObject(record.value, { maxBytes: 1024 }),
    eventTime: () => Date.parse('2026-01-01T00:00:00Z'),
    createState: () => ({ seen: [] }),
    handle(state, message, context) {
      if (context.trace.traceparent) state.seen.push(context.trace.traceparent);
      if (message['fail']) throw new Error('refused by the test');
      return [
        {
          topic: 'out',
          key: null,
          value: message,
          ...(message['links'] ? { links: [...state.seen] } : {}),
        },
      ];
    },
    snapshot: { version: 1, encode: (s) => s, decode: (e) => e as { seen: string[] } },
  };
}

function record(offset: number, value: object, headers: Record<string, string>): InputRecord {
  return {
    topic: 'in',
    partition: 3,
    offset: String(offset),
    key: null,
    value: Buffer.from(JSON.stringify(value)),
    timestamp: String(Date.parse('2026-01-01T00:00:00Z')),
    headers,
  };
}

describe('record tracing (runtime-owned)', () => {
  describe('with a tracer provider', () => {
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
    beforeEach(() => exporter.reset());

    it('makes each record one span continuing its trace, and outputs carry that span', () => {
      const { outputs } = applyRecords(echoProcessor(), freshProgress({ seen: [] }, 0), [
        record(0, { n: 1 }, { traceparent: traceparent(T1) }),
        record(1, { n: 2 }, {}),
      ]);
      const spans = exporter.getFinishedSpans();
      expect(spans.map((s) => s.name)).toEqual(['echo process', 'echo process']);
      const [first, second] = spans;
      expect(first!.spanContext().traceId).toBe(T1);
      expect(first!.parentSpanContext?.spanId).toBe('b7ad6b7169203331');
      expect(first!.attributes).toEqual(
        expect.objectContaining({
          'riskline.processor': 'echo',
          'messaging.destination.name': 'in',
          'messaging.destination.partition.id': '3',
          'messaging.kafka.offset': 0,
        }),
      );
      // A record without a trace starts one.
      expect(second!.parentSpanContext).toBeUndefined();
      expect(outputs.map((o) => o.headers?.['traceparent']?.split('-').slice(1, 3))).toEqual([
        [T1, first!.spanContext().spanId],
        [second!.spanContext().traceId, second!.spanContext().spanId],
      ]);
    });

    it('links an output made from several records to each of their traces', () => {
      const { outputs } = applyRecords(echoProcessor(), freshProgress({ seen: [] }, 0), [
        record(0, { n: 1 }, { traceparent: traceparent(T1) }),
        record(1, { n: 2 }, { traceparent: traceparent(T2) }),
        record(2, { links: true }, { traceparent: traceparent(T3) }),
      ]);
      const emit = exporter.getFinishedSpans().find((s) => s.name === 'echo emit')!;
      expect(emit.links.map((l) => l.context.traceId)).toEqual([T1, T2, T3]);
      expect(emit.spanContext().traceId).toBe(T3);
      const linked = outputs.at(-1)!;
      expect(linked.headers?.['traceparent']).toContain(emit.spanContext().spanId);
      expect(linked).not.toHaveProperty('links');
    });

    it('marks the span of a refused record as an error with the reason', () => {
      applyRecords(echoProcessor(), freshProgress({ seen: [] }, 0), [
        record(0, { fail: true }, { traceparent: traceparent(T1) }),
      ]);
      const [span] = exporter.getFinishedSpans();
      expect(span!.status).toEqual({ code: 2, message: 'handler_error: refused by the test' });
    });
  });

  it('passes trace headers through unchanged when no provider is configured', () => {
    const { outputs } = applyRecords(echoProcessor(), freshProgress({ seen: [] }, 0), [
      record(0, { links: true }, { traceparent: traceparent(T1), tracestate: 'a=b' }),
    ]);
    expect(outputs[0]!.headers).toEqual({ traceparent: traceparent(T1), tracestate: 'a=b' });
  });
});
