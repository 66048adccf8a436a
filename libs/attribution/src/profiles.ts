/**
 * The attribution state of one partition of soc.attacker.observations (keyed by attacker, so
 * an attacker's whole profile is here): per attacker a stub identity (UUIDv5 of the attacker
 * id — the same on every instance, replay and race), and per (identity, primitive) the
 * observation series and its current assessment. Pure: a function of (state, observation),
 * so a replay from a checkpoint yields the same profiles and the same events.
 *
 * `state_changed` is emitted only when a primitive's label changes (a first `unknown` is not a
 * change). A redelivered observation (same id) is applied once. Multi-actor suspicions are the
 * correlator's (correlator.ts); snapshots are profile-snapshot.ts'.
 */
import {
  deterministicId,
  FifoMap,
  SeenKeys,
  toEventTime,
  type AttackerObservation,
  type AttributionState,
  type StateChanged,
  type ValueKind,
} from '@riskline/contracts';
import { assess } from './mergers';
import { insertPoint, pointOf, trimSeries, type ObservationPoint } from './observation-series';
import type { AttributionSettings } from './settings';

export interface PrimitiveProfile {
  readonly kind: ValueKind;
  readonly series: ObservationPoint[];
  state: AttributionState | null;
  confidence: number;
  currentValue: unknown;
  count: number;
  lastChangeTs: number | null;
  lastObservationTs: number;
}

export interface IdentityProfile {
  readonly identityId: string;
  readonly primitives: Map<string, PrimitiveProfile>;
  /** The multi-actor primitives last reported, or null when re-armed. */
  suspected: readonly string[] | null;
  /** `ProfileState.touches` when last observed: the least-recently-observed order, stored per entry. */
  lastTouch: number;
}

export interface ProfileState {
  /** Attacker id → profile, least recently observed first. */
  readonly identities: FifoMap<string, IdentityProfile>;
  readonly seen: SeenKeys;
  /** Attackers observed since the correlator last ran. */
  readonly dirty: Set<string>;
  /** Attackers whose profile was set, changed or evicted since the last keyed checkpoint. */
  readonly changed: Set<string>;
  /** Observations applied so far, numbering `lastTouch`. */
  touches: number;
  counters: { observed: number; duplicates: number; evicted: number };
}

export function emptyProfileState(settings: AttributionSettings): ProfileState {
  return {
    identities: new FifoMap(),
    seen: new SeenKeys(settings.maxSeenIds),
    dirty: new Set(),
    changed: new Set(),
    touches: 0,
    counters: { observed: 0, duplicates: 0, evicted: 0 },
  };
}

export function identityIdOf(attackerId: string): string {
  return deterministicId('attacker-identity', attackerId);
}

export function kindOf(observation: AttackerObservation, settings: AttributionSettings): ValueKind {
  return observation.value_kind ?? settings.primitives.get(observation.primitive) ?? 'categorical';
}

/** Why an observation cannot be applied to this state, or null. Checked before any change. */
export function unusable(state: ProfileState, o: AttackerObservation, kind: ValueKind): string | null {
  if (kind === 'numeric' && (typeof o.value !== 'number' || !Number.isFinite(o.value)))
    return `primitive ${o.primitive} is numeric; value ${JSON.stringify(o.value)} is not a finite number`;
  const known = state.identities.get(o.attacker_id)?.primitives.get(o.primitive);
  if (known && known.kind !== kind)
    return `primitive ${o.primitive} of attacker ${o.attacker_id} is ${known.kind}; this observation says ${kind}`;
  return null;
}

function touch(state: ProfileState, settings: AttributionSettings, attackerId: string): IdentityProfile {
  let identity = state.identities.get(attackerId);
  if (!identity) {
    identity = { identityId: identityIdOf(attackerId), primitives: new Map(), suspected: null, lastTouch: 0 };
    if (state.identities.size >= settings.maxIdentities) {
      const [evicted] = state.identities.dropOldest()!;
      state.dirty.delete(evicted);
      state.changed.add(evicted);
      state.counters.evicted++;
    }
  }
  identity.lastTouch = state.touches++;
  state.identities.renew(attackerId, identity);
  state.dirty.add(attackerId);
  state.changed.add(attackerId);
  return identity;
}

/** Applies one observation at its event time; throws (before any change) when it is unusable. */
export function observe(
  state: ProfileState,
  settings: AttributionSettings,
  o: AttackerObservation,
  tsMs: number,
): StateChanged[] {
  if (state.seen.has(o.id)) {
    state.counters.duplicates++;
    return [];
  }
  const kind = kindOf(o, settings);
  const problem = unusable(state, o, kind);
  if (problem) throw new Error(problem);
  state.seen.add(o.id, tsMs);
  state.counters.observed++;
  const identity = touch(state, settings, o.attacker_id);
  let profile = identity.primitives.get(o.primitive);
  if (!profile) {
    profile = {
      kind,
      series: [],
      state: null,
      confidence: 0,
      currentValue: null,
      count: 0,
      lastChangeTs: null,
      lastObservationTs: tsMs,
    };
    identity.primitives.set(o.primitive, profile);
  }
  insertPoint(profile.series, pointOf(o.id, tsMs, o.value));
  trimSeries(profile.series, settings.history, kind === 'hash' ? settings.hash.windowMs : 0);
  profile.count++;
  profile.lastObservationTs = Math.max(profile.lastObservationTs, tsMs);
  const next = assess(kind, profile.series, settings);
  const old = profile.state;
  profile.confidence = next.confidence;
  profile.currentValue = next.currentValue;
  if (old === next.state || (old === null && next.state === 'unknown')) {
    profile.state = next.state;
    return [];
  }
  profile.state = next.state;
  profile.lastChangeTs = tsMs;
  return [
    {
      schema_version: 1,
      type: 'state_changed',
      identity_id: identity.identityId,
      primitive: o.primitive,
      old_state: old,
      new_state: next.state,
      current_value: next.currentValue,
      confidence: next.confidence,
      observation_count: profile.count,
      ts: toEventTime(tsMs),
    },
  ];
}
