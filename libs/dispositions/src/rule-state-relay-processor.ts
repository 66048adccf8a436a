/**
 * Relays soc.rule-state (compacted, keyed by rule) onto soc.dispositions.by-rule as control
 * records keyed by the same rule, so the per-rule store sees operators' hand-set states in its
 * own partition loop, ordered with the rule's verdicts. It reads the table from its beginning
 * on first start (every hold in force is relayed) and keeps no state: the store's folding is
 * idempotent, so a record relayed twice after a crash decides nothing twice.
 */
import {
  decodeMessage,
  eventTimeMs,
  reject,
  RuleStateSchema,
  toEventTime,
  type Decoded,
  type RuleStateRelay,
  type TopicNames,
} from '@riskline/contracts';
import { processorHandle, type InputRecord, type PartitionedProcessor } from '@riskline/stream-core';

export interface RelayState {
  relayed: number;
}

export const RULE_STATE_RELAY_PROCESSOR = processorHandle<RelayState, RuleStateRelay>('rule-state-relay');

/** A rule-state record (or tombstone) as the control record it becomes, checked against its key. */
function decodeRelay(record: InputRecord): Decoded<RuleStateRelay> {
  const ruleId = record.key?.toString('utf8') ?? '';
  if (ruleId === '') return reject('schema_violation', 'a rule-state record must be keyed by its rule id');
  const tombstone = record.value === null;
  const decoded = tombstone ? null : decodeMessage(RuleStateSchema, record.value);
  if (decoded && !decoded.ok) return decoded;
  const state = decoded?.value ?? null;
  if (state && state.rule_id !== ruleId)
    return reject('schema_violation', `key '${ruleId}' is not the record's rule_id '${state.rule_id}'`);
  return {
    ok: true,
    value: {
      schema_version: 1,
      control: 'rule_state',
      rule_id: ruleId,
      state,
      relayed_at: state ? state.set_at : toEventTime(Number(record.timestamp)),
    },
  };
}

export function ruleStateRelayProcessor(
  topics: TopicNames,
): PartitionedProcessor<RelayState, RuleStateRelay> {
  return {
    name: RULE_STATE_RELAY_PROCESSOR.name,
    inputTopic: topics.ruleState,
    decode: decodeRelay,
    eventTime: (relay) => eventTimeMs(relay.relayed_at),
    createState: () => ({ relayed: 0 }),
    readsFromStart: true,
    handle: (state, relay) => {
      state.relayed++;
      return [{ topic: topics.dispositionsByRule, key: relay.rule_id, value: relay }];
    },
    snapshot: {
      version: 1,
      encode: (state) => state,
      decode: (encoded) => ({ relayed: Number((encoded as RelayState).relayed) || 0 }),
    },
  };
}
