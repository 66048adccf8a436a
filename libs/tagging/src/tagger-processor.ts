/**
 * The tagger on the stream runtime: each soc.events record is decoded as a JSON object (bad or
 * oversized ones go to soc.events.dlq), evaluated against the live rule set, and turned into
 * detections and keyed risk contributions. It keeps no per-partition state; the runtime still
 * gives it ordered processing, awaited outputs and offsets that survive restarts. Within the
 * runtime's span of the event, each firing is a child span whose context its detection and
 * contributions carry, so one trace follows an event to its incident.
 *
 * A firing of a rule that Sigma correlations consume is also written, once per consuming
 * correlation, to soc.correlation.inputs keyed by the correlation's group (see the correlator);
 * its own detection is emitted only if the rule generates (correlation-plan.ts).
 *
 * Deterministic for a given rule set and rule state: ids derive from the event's coordinates
 * (or own id), the rule id and version; rule-state expiry is judged at the event's time.
 * The rule set and rule states are suppliers, read per event: the service swaps in a reloaded
 * engine and folds soc.rule-state as it arrives; the offline CLI gives fixed ones.
 */
import { decodeJsonObject, guardJson, reject, type Decoded, type TopicNames } from '@riskline/contracts';
import { openEvent, readField, type DetectionEngine, type EventShapeSetting } from '@riskline/detection';
import { processorHandle, type Output, type PartitionedProcessor } from '@riskline/stream-core';
import { correlationFeed } from './correlation-inputs';
import { extractEntities } from './entities';
import type { EntityContextLookup } from './entity-contexts';
import { eventTimeOf } from './event-time';
import type { RiskConfig } from './risk-config';
import type { RuleStates } from '@riskline/rule-state';
import { eventIdOf, excludedOutcome, tagEvent } from './tag-event';

export type RawEvent = Record<string, unknown>;
export type TaggerState = Record<string, never>;

export const TAGGER_PROCESSOR = processorHandle<TaggerState, RawEvent>('tagger');

export interface TaggerInputs {
  readonly topics: TopicNames;
  readonly engine: () => DetectionEngine;
  readonly ruleStates: () => RuleStates;
  readonly risk: RiskConfig;
  readonly maxEventBytes: number;
  /** The shape events arrive in (`auto`: told apart per event); see event-shape.ts. */
  readonly shape?: EventShapeSetting;
  /** Asset and identity context (soc.assets, soc.identities), read per event like rule states. */
  readonly contexts?: () => EntityContextLookup;
}

/** A record's event as the rules read it: JSON decoded and guarded, its envelope opened. */
export function decodeEvent(
  bytes: Uint8Array | null | undefined,
  maxEventBytes: number,
  shape: EventShapeSetting = 'auto',
): Decoded<RawEvent> {
  const decoded = decodeJsonObject(bytes, { maxBytes: maxEventBytes });
  if (!decoded.ok) return decoded;
  const opened = openEvent(decoded.value, shape);
  if ('reason' in opened) return reject('wrong_shape', opened.reason);
  // An opened envelope (XML, a JSON string) is new structure: guarded like the record was.
  const structural = opened.event === decoded.value ? null : guardJson(opened.event);
  return structural ? { ok: false, rejection: structural } : { ok: true, value: opened.event };
}

export function taggerProcessor(inputs: TaggerInputs): PartitionedProcessor<TaggerState, RawEvent> {
  const { topics, engine, ruleStates, risk, maxEventBytes, shape = 'auto', contexts } = inputs;
  return {
    name: TAGGER_PROCESSOR.name,
    inputTopic: topics.events,
    decode: (record) => decodeEvent(record.value, maxEventBytes, shape),
    // A record without a Kafka timestamp (offline input) has no time to fall back on.
    eventTime: (event, record) => eventTimeOf(event, record.timestamp ? Number(record.timestamp) : NaN),
    createState: () => ({}),
    handle(_state, event, context) {
      const eventId = eventIdOf(event);
      const sourceRef = eventId ?? `${context.topic}/${context.partition}/${context.offset}`;
      const current = engine();
      const firings = current.evaluate(event, sourceRef);
      context.trace.setAttribute('riskline.firings', firings.length);
      if (firings.length === 0) return [];
      const states = ruleStates();
      const plan = current.correlations;
      const outputs: Output[] = [];
      const counted: string[] = [];
      // What correlations consume: every firing of an enabled rule, generated or not.
      const fed = firings.filter(
        (f) =>
          plan.usesOf(f.rule.id).length > 0 &&
          states.effective(f.rule.id, context.eventTimeMs).state !== 'disabled',
      );
      if (fed.length > 0) {
        const { entities } = extractEntities(event, risk);
        for (const f of fed) {
          const feed = correlationFeed(
            {
              ruleId: f.rule.id,
              eventTimeMs: context.eventTimeMs,
              ref: sourceRef,
              entities,
              field: (name) => readField(event, name),
            },
            plan.usesOf(f.rule.id),
          );
          for (const i of feed.inputs)
            outputs.push({ topic: topics.correlationInputs, key: i.key, value: i.value });
          for (let n = 0; n < feed.ungrouped; n++) counted.push('correlation_ungrouped');
        }
      }
      const tagged = tagEvent(
        event,
        firings.filter((f) => plan.generates(f.rule.id)),
        {
          topic: context.topic,
          partition: context.partition,
          offset: context.offset,
          eventTimeMs: context.eventTimeMs,
          ...(eventId ? { eventId } : {}),
        },
        risk,
        states,
        contexts?.(),
      );
      for (const e of tagged.excluded) counted.push(excludedOutcome(e));
      for (const d of tagged.detections) {
        const headers = context.trace.child('tagger.firing', {
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
      return counted.length > 0 ? { outputs, counted } : outputs;
    },
    snapshot: { version: 1, encode: () => ({}), decode: () => ({}) },
  };
}
