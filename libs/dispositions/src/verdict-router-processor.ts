/**
 * Stage 1, the repartition step: soc.dispositions (any key) → soc.dispositions.by-rule keyed by
 * rule_id, one record per judged rule. Incident verdicts without a rule expand through the
 * incident index; an incident it does not hold goes to soc.dispositions.dlq with the reason.
 * A verdict on an incident the index holds is also fed back to the risk accumulator, as an
 * IncidentVerdict on soc.risk.contributions keyed by the incident's entity (verdict-feedback.ts
 * in libs/risk says what it does there).
 *
 * The only state is the shared incident index, which is not the partition's: a replay may
 * expand against a fuller index, and that is safe because every per-rule record carries its
 * dedup key — the store counts each once however often it is routed.
 */
import {
  decodeMessage,
  DispositionSchema,
  entityKey,
  eventTimeMs,
  toEventTime,
  type Disposition,
  type IncidentVerdict,
  type TopicNames,
} from '@riskline/contracts';
import { processorHandle, type Output, type PartitionedProcessor } from '@riskline/stream-core';
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
      const headers = traceparent ? { headers: { traceparent } } : {};
      const outputs: Output[] = expansion.records.map((record) => ({
        topic: topics.dispositionsByRule,
        key: record.rule_id,
        value: record,
        ...headers,
      }));
      const subject = d.incident_id === undefined ? undefined : incidents.subjectOf(d.incident_id);
      if (subject) {
        const feedback: IncidentVerdict = {
          schema_version: 1,
          control: 'incident_verdict',
          risk_incident_id: d.incident_id!,
          policy: subject.policy,
          entity_type: subject.entityType,
          entity_value: subject.entityValue,
          verdict: d.verdict,
          incident_time: toEventTime(subject.atMs),
          analyst: d.analyst,
        };
        const key = entityKey(subject.entityType, subject.entityValue);
        // Stamped with the incident's time, not the verdict's: the accumulator judges the record
        // by its event time, which must not lead its Kafka timestamp (event-time skew guard).
        outputs.push({
          topic: topics.riskContributions,
          key,
          value: feedback,
          timestamp: String(subject.atMs),
          ...headers,
        });
      }
      return outputs;
    },
    snapshot: {
      version: 1,
      encode: (state) => state,
      decode: (encoded) => ({ routed: Number((encoded as RouterState).routed) || 0 }),
    },
  };
}
