/**
 * W3C trace context across Kafka, owned by the runtime: every processor's handling of a record
 * is one span (`<processor> process`) continuing the trace its producer put in the
 * `traceparent` header; an output carries that span's context, or — when the processor made it
 * from several records (an incident from contributions, a scorecard from verdicts) — the
 * context of a `<processor> emit` span with a link to each contributing record's trace. So a
 * trace viewer follows an event from soc.events to its incident through every stage, and an
 * incident points back at all the traces it was built from.
 *
 * Spans carry names, ids and coordinates, never event content. Without a configured SDK the
 * API is a no-op: outputs then pass the input's trace headers through unchanged, so the trace
 * id still travels and nothing is recorded.
 */
import {
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Link,
  type Span,
} from '@opentelemetry/api';

const tracer = trace.getTracer('riskline');
const TRACE_HEADERS = ['traceparent', 'tracestate'];

/** The tracing a handler sees: the record's span, and child spans for its own steps. */
export interface RecordTrace {
  /** This record's `traceparent` as it arrived, if any — what an output made later links to. */
  readonly traceparent: string | undefined;
  setAttribute(name: string, value: string | number | boolean): void;
  /** Starts and ends a child span (e.g. one rule firing); returns the headers for its outputs. */
  child(name: string, attributes: Attributes): Record<string, string>;
}

/** The runtime's side of a record's span. */
export interface RecordSpan extends RecordTrace {
  /** Headers for an output: this span's context, or an emit span's linking `links`. */
  headersFor(links: readonly string[] | undefined): Record<string, string>;
  fail(message: string): void;
  end(): void;
}

function injected(ctx: Context, fallback: Readonly<Record<string, string>>): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagation.inject(ctx, carrier);
  if (carrier['traceparent']) return carrier;
  return Object.fromEntries(
    TRACE_HEADERS.filter((h) => fallback[h] !== undefined).map((h) => [h, fallback[h]!]),
  );
}

/** A link to the trace a `traceparent` names; null when it names none. */
function linkTo(traceparent: string): Link | null {
  const spanContext = trace.getSpanContext(propagation.extract(ROOT_CONTEXT, { traceparent }));
  return spanContext ? { context: spanContext } : null;
}

export function startRecordSpan(
  processor: string,
  headers: Readonly<Record<string, string>>,
  attributes: Attributes,
): RecordSpan {
  const parent = propagation.extract(ROOT_CONTEXT, headers);
  const span: Span = tracer.startSpan(
    `${processor} process`,
    { kind: SpanKind.CONSUMER, attributes: { 'riskline.processor': processor, ...attributes } },
    parent,
  );
  const ctx = trace.setSpan(parent, span);
  return {
    traceparent: headers['traceparent'],
    setAttribute: (name, value) => span.setAttribute(name, value),
    child(name, childAttributes) {
      const childSpan = tracer.startSpan(name, { attributes: childAttributes }, ctx);
      const out = injected(trace.setSpan(ctx, childSpan), headers);
      childSpan.end();
      return out;
    },
    headersFor(links) {
      if (!links || links.length === 0) return injected(ctx, headers);
      const resolved = [...new Set(links)].map(linkTo).filter((l): l is Link => l !== null);
      const emit = tracer.startSpan(
        `${processor} emit`,
        { kind: SpanKind.PRODUCER, links: resolved, attributes: { 'riskline.links': resolved.length } },
        ctx,
      );
      const out = injected(trace.setSpan(ctx, emit), headers);
      emit.end();
      return out;
    },
    fail(message) {
      span.setStatus({ code: SpanStatusCode.ERROR, message });
    },
    end: () => span.end(),
  };
}
