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
import { startRecordSpan, type Output, type PartitionedProcessor } from '@riskline/stream-runtime';
import { eventIdOf, eventTimeOf, tagEvent, type RiskConfig } from '@riskline/tagging';
import type { RuleRegistry } from './rule-registry';
import type { TaggerRuleStateReader } from './tagger-rule-states';

type RawEvent = Record<string, unknown>;

export function taggerProcessor(deps: {
  readonly topics: TopicNames;
  readonly registry: RuleRegistry;
  readonly ruleStates: TaggerRuleStateReader;
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
      const trace = startRecordSpan('tagger.evaluate', context.headers, {
        'messaging.destination.name': context.topic,
        'messaging.kafka.partition': context.partition,
        'messaging.kafka.offset': context.offset,
      });
      try {
        const firings = registry.engine.evaluate(event, sourceRef);
        trace.span.setAttribute('riskline.firings', firings.length);
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
        const outputs: Output[] = [];
        for (const d of tagged.detections) {
          const headers = trace.child('tagger.firing', {
            'riskline.rule.id': d.value.rule_id,
            'riskline.rule.level': d.value.level,
            'riskline.detection.id': d.value.detection_id,
          });
          outputs.push({ topic: topics.detections, key: d.key, value: d.value, headers });
          for (const c of tagged.contributions) {
            if (c.value.detection_id === d.value.detection_id)
              outputs.push({ topic: topics.riskContributions, key: c.key, value: c.value, headers });
          }
        }
        return outputs;
      } finally {
        trace.end();
      }
    },
    snapshot: { version: 1, encode: () => ({}), decode: () => ({}) },
  };
}
