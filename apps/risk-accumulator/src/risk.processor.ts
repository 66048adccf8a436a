/**
 * The risk accumulator on the stream runtime: soc.risk.contributions (keyed by entity, so an
 * entity's whole window lives in one partition) → soc.risk.incidents keyed by the same entity.
 * State, pruning timer and snapshots are libs/risk's; this file only adapts them.
 */
import {
  decodeMessage,
  eventTimeMs,
  RiskContributionSchema,
  type RiskContribution,
  type TopicNames,
} from '@riskline/contracts';
import {
  accumulate,
  decodeRiskState,
  emptyRiskState,
  encodeRiskState,
  expireEntities,
  RISK_SNAPSHOT_VERSION,
  type RiskSettings,
  type RiskState,
} from '@riskline/risk';
import type { PartitionedProcessor } from '@riskline/stream-runtime';

function traceHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  const traceparent = headers['traceparent'];
  return traceparent ? { traceparent } : {};
}

/** How often (in event time) aged-out entities are forgotten. */
export const EXPIRY_TIMER_MS = 60_000;

export function riskProcessor(
  topics: TopicNames,
  settings: RiskSettings,
): PartitionedProcessor<RiskState, RiskContribution> {
  return {
    name: 'risk-accumulator',
    inputTopic: topics.riskContributions,
    decode: (record) => decodeMessage(RiskContributionSchema, record.value),
    eventTime: (c) => eventTimeMs(c.event_time),
    createState: () => emptyRiskState(settings),
    handle: (state, c, context) =>
      accumulate(state, settings, c, context.eventTimeMs, context.watermarkMs).map((f) => ({
        topic: topics.riskIncidents,
        key: f.key,
        value: f.incident,
        headers: traceHeaders(context.headers),
      })),
    timer: {
      everyMs: EXPIRY_TIMER_MS,
      fire: (state, context) => {
        expireEntities(state, settings, context.watermarkMs);
        return [];
      },
    },
    snapshot: {
      version: RISK_SNAPSHOT_VERSION,
      encode: (state) => encodeRiskState(state),
      decode: (encoded, _partition, watermarkMs) => decodeRiskState(encoded, settings, watermarkMs),
    },
  };
}
