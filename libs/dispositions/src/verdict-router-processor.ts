/**
 * Stage 1, the repartition step: soc.dispositions (any key) → soc.dispositions.by-rule keyed by
 * rule_id, one record per judged rule. Incident verdicts without a rule expand through the
 * incident index; an incident it does not hold goes to soc.dispositions.dlq with the reason.
 *
 * The only state is the shared incident index, which is not the partition's: a replay may
 * expand against a fuller index, and that is safe because every per-rule record carries its
 * dedup key — the store counts each once however often it is routed.
 */
import {
  decodeMessage,
  DispositionSchema,
  eventTimeMs,
  type Disposition,
  type TopicNames,
} from '@riskline/contracts';
import { processorHandle, type PartitionedProcessor } from '@riskline/stream-core';
import { expandDisposition, type IncidentLookup } from './expansion';

export interface RouterState {
  routed: number;
}

export const VERDICT_ROUTER_PROCESSOR = processorHandle<RouterState, Disposition>('disposition-router');

export function verdictRouterProcessor(
  topics: TopicNames,
  incidents: IncidentLookup,
): PartitionedProcessor<RouterState, Disposition> {
  return {
    name: VERDICT_ROUTER_PROCESSOR.name,
    inputTopic: topics.dispositions,
    decode: (record) => decodeMessage(DispositionSchema, record.value),
    eventTime: (d) => eventTimeMs(d.timestamp),
    createState: () => ({ routed: 0 }),
    handle: (state, d, context) => {
      const expansion = expandDisposition(d, incidents);
      if (!expansion.ok) throw new Error(expansion.reason);
      state.routed += expansion.records.length;
      const traceparent = context.headers['traceparent'];
      return expansion.records.map((record) => ({
        topic: topics.dispositionsByRule,
        key: record.rule_id,
        value: record,
        ...(traceparent ? { headers: { traceparent } } : {}),
      }));
    },
    snapshot: {
      version: 1,
      encode: (state) => state,
      decode: (encoded) => ({ routed: Number((encoded as RouterState).routed) || 0 }),
    },
  };
}
