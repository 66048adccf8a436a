/**
 * W3C trace context across Kafka: the span of a record's processing continues the trace its
 * producer put in the `traceparent` header, and every output carries a child's context, so one
 * trace follows an event from soc.events to its incident. Spans carry names and ids, never
 * event content. Without a configured SDK the API is a no-op; outputs then pass the input's
 * trace headers through unchanged, so the trace id still travels.
 */
import {
  propagation,
  ROOT_CONTEXT,
  trace,
  type Attributes,
  type Context,
  type Span,
} from '@opentelemetry/api';

const tracer = trace.getTracer('riskline');
const TRACE_HEADERS = ['traceparent', 'tracestate'];

export interface RecordSpan {
  readonly span: Span;
  readonly context: Context;
  /** Starts and ends a child span (e.g. one rule firing); returns the headers for its outputs. */
  child(name: string, attributes: Attributes): Record<string, string>;
  end(): void;
}

function headersFor(ctx: Context, fallback: Readonly<Record<string, string>>): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagation.inject(ctx, carrier);
  if (carrier['traceparent']) return carrier;
  return Object.fromEntries(
    TRACE_HEADERS.filter((h) => fallback[h] !== undefined).map((h) => [h, fallback[h]!]),
  );
}

export function startRecordSpan(
  name: string,
  headers: Readonly<Record<string, string>>,
  attributes: Attributes,
): RecordSpan {
  const parent = propagation.extract(ROOT_CONTEXT, headers);
  const span = tracer.startSpan(name, { attributes }, parent);
  const ctx = trace.setSpan(parent, span);
  return {
    span,
    context: ctx,
    child(childName, childAttributes) {
      const childSpan = tracer.startSpan(childName, { attributes: childAttributes }, ctx);
      const out = headersFor(trace.setSpan(ctx, childSpan), headers);
      childSpan.end();
      return out;
    },
    end: () => span.end(),
  };
}
