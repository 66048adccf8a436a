/**
 * The risk accumulator on the stream runtime: soc.risk.contributions (keyed by entity, so an
 * entity's whole window lives in one partition) → soc.risk.incidents keyed by the same entity.
 * State, pruning timer and snapshots are this library's; this file only adapts them. An
 * incident's span links each contribution's trace in its window. The service and
 * `riskline risk` / `riskline replay` run this same processor.
 */
import {
  decodeJsonObject,
  entityKey,
  eventTimeMs,
  IncidentVerdictSchema,
  reject,
  RiskContributionSchema,
  validatePlain,
  type Decoded,
  type IncidentVerdict,
  type RiskContribution,
  type TopicNames,
} from '@riskline/contracts';
import {
  processorHandle,
  type InputRecord,
  type KeyedSnapshot,
  type PartitionedProcessor,
} from '@riskline/stream-core';
import {
  accumulate,
  decodeRiskState,
  emptyRiskState,
  encodeRiskState,
  expireEntities,
  restoreCounters,
  RISK_SNAPSHOT_ALSO_READS,
  RISK_SNAPSHOT_VERSION,
  type RiskState,
} from './accumulator';
import { EntityTable } from './entity-table';
import type { RiskSettings } from './risk-policy';
import { applyIncidentVerdict } from './verdict-feedback';

/** How often (in event time) aged-out entities are forgotten. */
export const EXPIRY_TIMER_MS = 60_000;

/** What soc.risk.contributions carries: contributions, and analysts' verdicts on incidents. */
export type RiskRecord = RiskContribution | IncidentVerdict;

export function isIncidentVerdict(record: RiskRecord): record is IncidentVerdict {
  return 'control' in record;
}

export const RISK_PROCESSOR = processorHandle<RiskState, RiskRecord>('risk-accumulator');

/**
 * A record as the accumulator takes it: a contribution or a verdict, refused when it is keyed by
 * another entity than its own — it would land in another entity's partition and split its window.
 */
function decodeRiskRecord(record: InputRecord): Decoded<RiskRecord> {
  const plain = decodeJsonObject(record.value);
  if (!plain.ok) return plain;
  const decoded: Decoded<RiskRecord> =
    plain.value['control'] === undefined
      ? validatePlain(RiskContributionSchema, plain.value)
      : validatePlain(IncidentVerdictSchema, plain.value);
  if (!decoded.ok || record.key === null) return decoded;
  const key = record.key.toString('utf8');
  const own = entityKey(decoded.value.entity_type, decoded.value.entity_value);
  return key === own
    ? decoded
    : reject('schema_violation', `key '${key}' is not the record's entity '${own}'`);
}

export function riskProcessor(
  topics: TopicNames,
  settings: RiskSettings,
): PartitionedProcessor<RiskState, RiskRecord> {
  return {
    name: RISK_PROCESSOR.name,
    inputTopic: topics.riskContributions,
    decode: decodeRiskRecord,
    eventTime: (r) => eventTimeMs(isIncidentVerdict(r) ? r.incident_time : r.event_time),
    createState: () => emptyRiskState(settings),
    partitionedByKey: true,
    handle: (state, c, context) => {
      if (isIncidentVerdict(c)) return { counted: [applyIncidentVerdict(state, settings, c)] };
      const { outcome, fired, noted } = accumulate(
        state,
        settings,
        c,
        context.eventTimeMs,
        context.watermarkMs,
        context.trace.traceparent,
      );
      if (outcome === 'late')
        return {
          refused: {
            kind: 'late',
            message: `contribution at ${c.event_time} is older than every policy window of ${entityKey(c.entity_type, c.entity_value)}, whose time is later`,
          },
          counted: ['late'],
        };
      return {
        outputs: fired.map((f) => ({
          topic: topics.riskIncidents,
          key: f.key,
          value: f.incident,
          links: f.links,
        })),
        counted: outcome === 'counted' ? noted : [outcome, ...noted],
      };
    },
    timer: {
      everyMs: EXPIRY_TIMER_MS,
      fire: (state, context) => {
        expireEntities(state, settings, context.watermarkMs);
        return [];
      },
    },
    snapshot: {
      version: RISK_SNAPSHOT_VERSION,
      alsoReads: RISK_SNAPSHOT_ALSO_READS,
      encode: (state) => encodeRiskState(state),
      decode: (encoded) => decodeRiskState(encoded, settings),
      keyed: riskStateEntries(settings),
    },
  };
}

/**
 * The state as entries by entity key plus its counters, for keyed checkpoints (stream-core's
 * KeyedSnapshot): a checkpoint writes the entities changed since the last one.
 */
export function riskStateEntries(settings: RiskSettings): KeyedSnapshot<RiskState> {
  return {
    takeChanged: (state) => state.entities.takeChanged(),
    keys: (state) => state.entities.keys(),
    entry: (state, key) => state.entities.entry(key),
    rest: (state) => ({ counters: state.counters }),
    decode: (rest, entries) => {
      const { counters } = rest as { counters: Partial<RiskState['counters']> };
      const state: RiskState = { entities: new EntityTable(settings), counters: restoreCounters(counters) };
      for (const [key, entry] of entries) state.entities.restoreEntry(key, entry);
      state.counters.evicted += state.entities.capTo(settings.maxOpenEntities);
      return state;
    },
  };
}
