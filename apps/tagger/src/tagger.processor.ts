/**
 * The tagger on the stream runtime: each soc.events record is decoded as a JSON object (bad or
 * oversized ones go to soc.events.dlq), evaluated against the live rule set, and turned into
 * detections and keyed risk contributions. It keeps no per-partition state; the runtime still
 * gives it ordered processing, awaited outputs and offsets that survive restarts. Outputs carry
 * the input's trace context header, so one trace follows an event to its incident.
 *
 * Deterministic for a given rule set and rule state: ids derive from the event's coordinates
 * (or own id), the rule id and version; rule-state expiry is judged at the event's time.
 */
import { decodeJsonObject, type TopicNames } from '@riskline/contracts';
import type { Output, PartitionedProcessor } from '@riskline/stream-runtime';
import { eventIdOf, eventTimeOf, tagEvent, type RiskConfig } from '@riskline/tagging';
import type { RuleRegistry } from './rule-registry';
import type { RuleStateReader } from './rule-state-reader';

type RawEvent = Record<string, unknown>;

const TRACE_HEADERS = ['traceparent', 'tracestate'];

export function taggerProcessor(deps: {
  readonly topics: TopicNames;
  readonly registry: RuleRegistry;
  readonly ruleStates: RuleStateReader;
  readonly risk: RiskConfig;
  readonly maxEventBytes: number;
}): PartitionedProcessor<Record<string, never>, RawEvent> {
  const { topics, registry, ruleStates, risk, maxEventBytes } = deps;
  return {
    name: 'tagger',
    inputTopic: topics.events,
    decode: (record) => decodeJsonObject(record.value, { maxBytes: maxEventBytes }),
    eventTime: (event, record) => eventTimeOf(event, Number(record.timestamp)),
    createState: () => ({}),
    handle(_state, event, context) {
      const eventId = eventIdOf(event);
      const sourceRef = eventId ?? `${context.topic}/${context.partition}/${context.offset}`;
      const firings = registry.engine.evaluate(event, sourceRef);
      if (firings.length === 0) return [];
      const tagged = tagEvent(
        event,
        firings,
        {
          topic: context.topic,
          partition: context.partition,
          offset: context.offset,
          eventTimeMs: context.eventTimeMs,
          ...(eventId ? { eventId } : {}),
        },
        risk,
        ruleStates.states,
      );
      const headers = Object.fromEntries(
        TRACE_HEADERS.filter((h) => context.headers[h]).map((h) => [h, context.headers[h]!]),
      );
      const outputs: Output[] = [];
      for (const d of tagged.detections)
        outputs.push({ topic: topics.detections, key: d.key, value: d.value, headers });
      for (const c of tagged.contributions)
        outputs.push({ topic: topics.riskContributions, key: c.key, value: c.value, headers });
      return outputs;
    },
    snapshot: { version: 1, encode: () => ({}), decode: () => ({}) },
  };
}
