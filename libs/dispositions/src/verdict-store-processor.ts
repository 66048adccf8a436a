/**
 * Stage 2, the per-rule store on the stream runtime: soc.dispositions.by-rule (keyed by rule)
 * → scorecards on the compacted soc.rule-scorecards and auto-clip states on soc.rule-state,
 * both keyed by rule. Counting, windows and hysteresis are this library's verdict store.
 *
 * `operatorHolds` says whether an operator's hand-set state is in force for a rule: then an
 * auto-clip record is withheld (the store's own clip state still flips, so replays agree).
 */
import {
  decodeMessage,
  eventTimeMs,
  RuleDispositionSchema,
  type RuleDisposition,
  type TopicNames,
} from '@riskline/contracts';
import { processorHandle, type Output, type PartitionedProcessor } from '@riskline/stream-core';
import type { DispositionSettings } from './settings';
import {
  countVerdict,
  decodeDispositionState,
  DISPOSITION_SNAPSHOT_VERSION,
  emptyDispositionState,
  encodeDispositionState,
  expireVerdicts,
  type DispositionState,
  type StoreOutput,
} from './verdict-store';

/** How often (in event time) buckets that left the window are dropped. */
export const EXPIRY_TIMER_MS = 3_600_000;

export const VERDICT_STORE_PROCESSOR = processorHandle<DispositionState, RuleDisposition>(
  'disposition-store',
);

export type OperatorHolds = (ruleId: string, atMs: number) => boolean;

export function verdictStoreProcessor(
  topics: TopicNames,
  settings: DispositionSettings,
  operatorHolds: OperatorHolds = () => false,
): PartitionedProcessor<DispositionState, RuleDisposition> {
  const toOutputs = (changes: readonly StoreOutput[], atMs: number): Output[] =>
    changes.flatMap((change): Output[] => {
      if (change.kind === 'scorecard')
        return [{ topic: topics.ruleScorecards, key: change.scorecard.rule_id, value: change.scorecard }];
      if (operatorHolds(change.ruleState.rule_id, atMs)) return [];
      return [{ topic: topics.ruleState, key: change.ruleState.rule_id, value: change.ruleState }];
    });
  return {
    name: VERDICT_STORE_PROCESSOR.name,
    inputTopic: topics.dispositionsByRule,
    decode: (record) => decodeMessage(RuleDispositionSchema, record.value),
    eventTime: (r) => eventTimeMs(r.timestamp),
    createState: () => emptyDispositionState(settings),
    partitionedByKey: true,
    handle: (state, record, context) => {
      const { outcome, changes } = countVerdict(state, settings, record, context.eventTimeMs);
      if (outcome === 'late')
        return {
          refused: {
            kind: 'late',
            message: `verdict at ${record.timestamp} is older than rule ${record.rule_id}'s window, whose time is later`,
          },
          counted: ['late'],
        };
      return {
        outputs: toOutputs(changes, context.watermarkMs),
        counted: outcome === 'counted' ? [] : [outcome],
      };
    },
    timer: {
      everyMs: EXPIRY_TIMER_MS,
      fire: (state, context) =>
        toOutputs(expireVerdicts(state, settings, context.watermarkMs), context.watermarkMs),
    },
    snapshot: {
      version: DISPOSITION_SNAPSHOT_VERSION,
      encode: (state) => encodeDispositionState(state, settings),
      decode: (encoded) => decodeDispositionState(encoded, settings),
    },
  };
}
