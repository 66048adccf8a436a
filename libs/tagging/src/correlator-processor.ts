/**
 * The correlator on the stream runtime: soc.correlation.inputs (keyed by correlation and
 * group-by values) → the correlation's firings as detections and risk contributions, like any
 * rule's, and — for a correlation of correlations — new inputs back onto the correlation topic.
 * Each partition owns its groups' windows (correlation-window.ts), checkpointed with its offsets,
 * so a crash or rebalance neither loses a group nor fires it twice. Group windows run on their
 * own firings' times only; the partition's watermark moves nothing.
 *
 * Deterministic for a given rule set and rule state: a firing's detection id derives from the
 * correlation, the group and the firings it consumed. The correlations come from the same
 * engine supplier as the tagger's rules, so a reload swaps both at once; an input for a
 * correlation no longer loaded is counted (`correlation_unknown`) and dropped.
 */
import {
  CorrelationInputSchema,
  correlationKey,
  decodeMessage,
  reject,
  deterministicId,
  eventTimeMs,
  FifoMap,
  parseEntityKey,
  entityKey,
  type CorrelationInput,
  type EntityRef,
  type TopicNames,
} from '@riskline/contracts';
import {
  admit,
  emptyGroupWindow,
  type CorrelationEntry,
  type CorrelationFiring,
  type CorrelationRule,
  type DetectionEngine,
  type GroupWindow,
} from '@riskline/detection';
import type { RuleStates } from '@riskline/rule-state';
import {
  processorHandle,
  type HandlerContext,
  type HandlerOutcome,
  type Output,
  type PartitionedProcessor,
} from '@riskline/stream-core';
import { correlationFeed } from './correlation-inputs';
import { detectionRecords } from './detection-record';
import type { RiskConfig } from './risk-config';
import type { EntityContextLookup } from './entity-contexts';
import { riskMessage } from './risk-message';
import { baseScore } from './scoring';

export interface CorrelatorState {
  /** Group windows by correlation key, least recently fed first. */
  readonly groups: FifoMap<string, GroupWindow>;
}

export const CORRELATOR_PROCESSOR = processorHandle<CorrelatorState, CorrelationInput>('correlator');

export interface CorrelatorInputs {
  readonly topics: TopicNames;
  readonly engine: () => DetectionEngine;
  readonly ruleStates: () => RuleStates;
  readonly risk: RiskConfig;
  /** Asset and identity context, for risk factors. */
  readonly contexts?: () => EntityContextLookup;
  /** Groups per partition; the least recently fed is forgotten beyond it (counted). */
  readonly maxGroups?: number;
  /** Firings per group window; the oldest are dropped beyond it (counted). */
  readonly maxEntries?: number;
}

const MAX_FIRING_ENTITIES = 64;

function entitiesOf(entries: readonly CorrelationEntry[]): EntityRef[] {
  const keys = new Set<string>();
  for (const e of entries) for (const k of e.entities) if (keys.size < MAX_FIRING_ENTITIES) keys.add(k);
  return [...keys].map(parseEntityKey);
}

function evidenceOf(rule: CorrelationRule, input: CorrelationInput, firing: CorrelationFiring) {
  return {
    correlation_type: rule.type,
    metric: firing.metric,
    group: Object.fromEntries(rule.groupBy.map((field, i) => [field, input.group[i] ?? null])),
    rules: [...new Set(firing.entries.map((e) => rule.rules[e.position]))],
    firings: firing.entries.length,
    first: firing.entries[0]!.ref,
    last: firing.entries[firing.entries.length - 1]!.ref,
  };
}

/** The correlation's risk message: its template filled from its group-by values. */
function messageFor(rule: CorrelationRule, input: CorrelationInput): { message?: string } {
  const group = Object.fromEntries(rule.groupBy.map((field, i) => [field, input.group[i]]));
  const message = riskMessage(rule.custom['risk_message'], rule.title, group);
  return message === undefined ? {} : { message };
}

export function correlatorProcessor(
  inputs: CorrelatorInputs,
): PartitionedProcessor<CorrelatorState, CorrelationInput> {
  const { topics, engine, ruleStates, risk, contexts } = inputs;
  const maxGroups = inputs.maxGroups ?? 100_000;
  const maxEntries = inputs.maxEntries ?? 10_000;

  /** The correlation's firing as outputs: its detection, contributions and chained inputs. */
  const fire = (
    rule: CorrelationRule,
    input: CorrelationInput,
    firing: CorrelationFiring,
    context: HandlerContext,
  ): { outputs: Output[]; counted: string[] } => {
    const counted: string[] = ['correlation_fired'];
    const atMs = firing.entries[firing.entries.length - 1]!.t;
    const key = correlationKey(rule.id, input.group);
    const detectionId = deterministicId(
      'detection',
      'correlation',
      key,
      firing.entries[0]!.ref,
      firing.entries[firing.entries.length - 1]!.ref,
      firing.entries.length,
    );
    const entities = entitiesOf(firing.entries);
    const outputs: Output[] = [];
    const plan = engine().correlations;
    const state = ruleStates().effective(rule.id, atMs);
    if (state.state === 'disabled') counted.push('correlation_suppressed');
    else if (plan.generates(rule.id)) {
      const confidence = Math.min(1, state.confidenceMax);
      const score = Number((baseScore(rule, risk).score * confidence).toFixed(6));
      const records = detectionRecords(
        {
          detectionId,
          rule,
          version: 1,
          confidence,
          score,
          eventTimeMs: atMs,
          source: { topic: context.topic, partition: context.partition, offset: context.offset },
          entities,
          evidence: evidenceOf(rule, input, firing),
          ...messageFor(rule, input),
          ...(contexts ? { contexts: contexts() } : {}),
        },
        risk,
      );
      outputs.push({ topic: topics.detections, key: records.detection.key, value: records.detection.value });
      for (const c of records.contributions)
        outputs.push({ topic: topics.riskContributions, key: c.key, value: c.value });
    }
    if (state.state !== 'disabled') {
      const groupValue = new Map(rule.groupBy.map((field, i) => [field, input.group[i]]));
      const feed = correlationFeed(
        { ruleId: rule.id, eventTimeMs: atMs, ref: detectionId, entities, field: (f) => groupValue.get(f) },
        plan.usesOf(rule.id),
      );
      for (const i of feed.inputs)
        outputs.push({ topic: topics.correlationInputs, key: i.key, value: i.value });
      for (let n = 0; n < feed.ungrouped; n++) counted.push('correlation_ungrouped');
    }
    return { outputs, counted };
  };

  return {
    name: CORRELATOR_PROCESSOR.name,
    inputTopic: topics.correlationInputs,
    decode: (record) => {
      const decoded = decodeMessage(CorrelationInputSchema, record.value);
      if (!decoded.ok) return decoded;
      // A group's window lives in one partition only if every input for it carries its key.
      const expected = correlationKey(decoded.value.correlation_id, decoded.value.group);
      const key = record.key?.toString('utf8') ?? null;
      return key === expected
        ? decoded
        : reject(
            'schema_violation',
            `record key ${JSON.stringify(key)} is not the input's correlation key ${JSON.stringify(expected)} (the topic is keyed by correlation and group)`,
          );
    },
    eventTime: (input) => eventTimeMs(input.event_time),
    createState: () => ({ groups: new FifoMap() }),
    partitionedByKey: true,
    handle(state, input, context): HandlerOutcome {
      const rule = engine().correlations.correlation(input.correlation_id);
      if (!rule || input.group.length !== rule.groupBy.length) return { counted: ['correlation_unknown'] };
      const key = correlationKey(rule.id, input.group);
      const window = state.groups.get(key) ?? emptyGroupWindow();
      const entry: CorrelationEntry = {
        t: context.eventTimeMs,
        position: input.position,
        value: input.value ?? null,
        ref: input.ref,
        entities: input.entities.map((e) => entityKey(e.type, e.value)),
      };
      const admission = admit(window, rule, entry, maxEntries);
      if (admission.outcome === 'late') return { counted: ['correlation_late'] };
      const counted: string[] = [];
      for (let n = 0; n < admission.dropped; n++) counted.push('correlation_window_full');
      // Kept even when a firing emptied it: the group's latest time still judges lateness.
      state.groups.renew(key, window);
      while (state.groups.size > maxGroups) {
        state.groups.delete(state.groups.oldest()![0]);
        counted.push('correlation_group_evicted');
      }
      if (!admission.fired) return { counted };
      const fired = fire(rule, input, admission.fired, context);
      return { outputs: fired.outputs, counted: [...counted, ...fired.counted] };
    },
    snapshot: {
      version: 1,
      encode: (state) => [...state.groups].map(([key, w]) => [key, w.latestMs, w.entries]),
      decode: (encoded) => {
        const groups = new FifoMap<string, GroupWindow>();
        for (const [key, latestMs, entries] of encoded as [string, number, CorrelationEntry[]][])
          groups.set(key, { latestMs, entries });
        return { groups };
      },
    },
  };
}
