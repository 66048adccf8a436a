/**
 * The attribution worker on the stream runtime: soc.attacker.observations (keyed by attacker
 * id, so an attacker's whole profile lives in one partition) → soc.attribution.events keyed by
 * the identity. An observation keyed by anything but its attacker id would split a profile
 * across partitions, so it is refused to the DLQ, as is one the mergers cannot use. Mergers,
 * correlator and snapshots are this library's.
 */
import {
  AttackerObservationSchema,
  decodeMessage,
  eventTimeMs,
  reject,
  type AttackerObservation,
  type AttributionEvent,
  type TopicNames,
} from '@riskline/contracts';
import { processorHandle, type Output, type PartitionedProcessor } from '@riskline/stream-core';
import { correlate } from './correlator';
import { decodeProfiles, encodeProfiles, profileEntries, PROFILE_SNAPSHOT_VERSION } from './profile-snapshot';
import { emptyProfileState, observe, type ProfileState } from './profiles';
import type { AttributionSettings } from './settings';

export const ATTRIBUTION_PROCESSOR = processorHandle<ProfileState, AttackerObservation>('attribution-worker');

export function attributionProcessor(
  topics: TopicNames,
  settings: AttributionSettings,
): PartitionedProcessor<ProfileState, AttackerObservation> {
  const toOutputs = (events: readonly AttributionEvent[], headers: Record<string, string> = {}): Output[] =>
    events.map((event) => ({
      topic: topics.attributionEvents,
      key: event.identity_id,
      value: event,
      headers,
    }));
  return {
    name: ATTRIBUTION_PROCESSOR.name,
    partitionedByKey: true,
    inputTopic: topics.attackerObservations,
    decode: (record) => {
      const decoded = decodeMessage(AttackerObservationSchema, record.value);
      const key = record.key?.toString('utf8') ?? null;
      if (decoded.ok && key !== decoded.value.attacker_id)
        return reject(
          'schema_violation',
          `record key ${JSON.stringify(key)} is not the observation's attacker_id '${decoded.value.attacker_id}' (the topic is keyed by attacker id)`,
        );
      return decoded;
    },
    eventTime: (o) => eventTimeMs(o.ts),
    createState: () => emptyProfileState(settings),
    handle: (state, o, context) => {
      const traceparent = context.headers['traceparent'];
      return toOutputs(observe(state, settings, o, context.eventTimeMs), traceparent ? { traceparent } : {});
    },
    timer: {
      everyMs: settings.correlatorEveryMs,
      fire: (state, context) => toOutputs(correlate(state, settings, context.firesAtMs)),
    },
    snapshot: {
      version: PROFILE_SNAPSHOT_VERSION,
      encode: (state) => encodeProfiles(state),
      decode: (encoded) => decodeProfiles(encoded, settings),
      keyed: profileEntries(settings),
    },
  };
}
