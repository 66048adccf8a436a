/**
 * Stage 2, the per-rule store on the stream runtime: soc.dispositions.by-rule (keyed by rule)
 * → scorecards on the compacted soc.rule-scorecards and auto-clip states on soc.rule-state,
 * both keyed by rule. Counting, windows and hysteresis are this library's verdict store.
 *
 * The by-rule topic carries two kinds of record: per-rule verdicts, and relayed rule-state
 * control records (`control: 'rule_state'`, see rule-state-relay-processor) that tell the store
 * of an operator's hand-set state in order with the verdicts. While one holds a rule, the
 * store's auto-clip records for it are withheld; when it is lifted, auto-clip resumes — both
 * decided here, in `handle` and the timer, so a replay from the log decides the same.
 */
import {
  decodeJsonObject,
  eventTimeMs,
  RuleDispositionSchema,
  RuleStateRelaySchema,
  validatePlain,
  type Decoded,
  type RuleDisposition,
  type RuleStateRelay,
  type TopicNames,
} from '@riskline/contracts';
import {
  processorHandle,
  type HandlerOutcome,
  type InputRecord,
  type Output,
  type PartitionedProcessor,
} from '@riskline/stream-core';
import { applyRuleStateRelay, releaseExpiredHolds } from './operator-holds';
import type { DispositionSettings } from './settings';
import {
  countVerdict,
  emptyDispositionState,
  expireVerdicts,
  type DispositionState,
  type StoreOutput,
} from './verdict-store';
import {
  decodeDispositionState,
  dispositionEntries,
  DISPOSITION_SNAPSHOT_VERSION,
  encodeDispositionState,
} from './verdict-store-snapshot';

/** How often (in event time) buckets that left the window are dropped. */
export const EXPIRY_TIMER_MS = 3_600_000;

/** What soc.dispositions.by-rule carries. */
export type ByRuleRecord = RuleDisposition | RuleStateRelay;

export function isRuleStateRelay(record: ByRuleRecord): record is RuleStateRelay {
  return 'control' in record;
}

export const VERDICT_STORE_PROCESSOR = processorHandle<DispositionState, ByRuleRecord>('disposition-store');

function decodeByRule(record: InputRecord): Decoded<ByRuleRecord> {
  const plain = decodeJsonObject(record.value);
  if (!plain.ok) return plain;
  return plain.value['control'] === undefined
    ? validatePlain(RuleDispositionSchema, plain.value)
    : validatePlain(RuleStateRelaySchema, plain.value);
}

export function verdictStoreProcessor(
  topics: TopicNames,
  settings: DispositionSettings,
): PartitionedProcessor<DispositionState, ByRuleRecord> {
  // A rule's scorecard is a table row (soc.rule-scorecards is compacted): of several in one
  // batch only the last is produced. Rule states are not: the relay acts on each.
  const scorecards = new WeakSet<object>();
  const toOutputs = (state: DispositionState, changes: readonly StoreOutput[], atMs: number): Output[] =>
    changes.flatMap((change): Output[] => {
      if (change.kind === 'scorecard') {
        scorecards.add(change.scorecard);
        return [{ topic: topics.ruleScorecards, key: change.scorecard.rule_id, value: change.scorecard }];
      }
      if (state.operator.heldByOperator(change.ruleState.rule_id, atMs)) return [];
      return [{ topic: topics.ruleState, key: change.ruleState.rule_id, value: change.ruleState }];
    });

  const handleVerdict = (
    state: DispositionState,
    record: RuleDisposition,
    eventTime: number,
    watermarkMs: number,
  ): HandlerOutcome => {
    const { outcome, changes } = countVerdict(state, settings, record, eventTime);
    if (outcome === 'late')
      return {
        refused: {
          kind: 'late',
          message: `verdict at ${record.timestamp} is older than rule ${record.rule_id}'s window, whose time is later`,
        },
        counted: ['late'],
      };
    const resumed = releaseExpiredHolds(state, settings, watermarkMs, record.rule_id);
    return {
      outputs: toOutputs(state, [...resumed, ...changes], watermarkMs),
      counted: outcome === 'counted' ? [] : [outcome],
    };
  };

  return {
    name: VERDICT_STORE_PROCESSOR.name,
    inputTopic: topics.dispositionsByRule,
    decode: decodeByRule,
    eventTime: (r) => eventTimeMs(isRuleStateRelay(r) ? r.relayed_at : r.timestamp),
    createState: () => emptyDispositionState(settings),
    partitionedByKey: true,
    tableKey: (output) => (scorecards.has(output.value) ? `scorecard:${String(output.key)}` : null),
    handle: (state, record, context) =>
      isRuleStateRelay(record)
        ? {
            outputs: toOutputs(
              state,
              applyRuleStateRelay(state, settings, record, context.watermarkMs),
              context.watermarkMs,
            ),
            counted: ['rule_state_relay'],
          }
        : handleVerdict(state, record, context.eventTimeMs, context.watermarkMs),
    timer: {
      everyMs: EXPIRY_TIMER_MS,
      fire: (state, context) =>
        toOutputs(
          state,
          [
            ...releaseExpiredHolds(state, settings, context.watermarkMs),
            ...expireVerdicts(state, settings, context.watermarkMs),
          ],
          context.watermarkMs,
        ),
    },
    snapshot: {
      version: DISPOSITION_SNAPSHOT_VERSION,
      encode: (state) => encodeDispositionState(state, settings),
      decode: (encoded) => decodeDispositionState(encoded, settings),
      keyed: dispositionEntries(settings),
    },
  };
}
