/**
 * The attribution state's snapshot: identities as rows, series as [id, ts, value] tuples, with
 * the remembered observation ids, the attackers awaiting the correlator and the last reported
 * suspicions — everything a restored partition needs to go on exactly as before. Pure.
 */
import type { AttributionState, ValueKind } from '@riskline/contracts';
import { pointOf } from './observation-series';
import { emptyProfileState, identityIdOf, type IdentityProfile, type ProfileState } from './profiles';
import type { AttributionSettings } from './settings';

/** 1: identities as rows, series as [id, ts, value] tuples. */
export const PROFILE_SNAPSHOT_VERSION = 1;

type EncodedPrimitive = [
  primitive: string,
  kind: ValueKind,
  state: AttributionState | null,
  confidence: number,
  currentValue: unknown,
  count: number,
  lastChangeTs: number | null,
  lastObservationTs: number,
  series: [id: string, ts: number, value: unknown][],
];

export interface EncodedProfiles {
  readonly identities: [
    attackerId: string,
    suspected: readonly string[] | null,
    primitives: EncodedPrimitive[],
  ][];
  readonly seen: [string, number][];
  readonly seen_evicted: number;
  readonly dirty: string[];
  readonly counters: ProfileState['counters'];
}

export function encodeProfiles(state: ProfileState): EncodedProfiles {
  return {
    identities: [...state.identities].map(([attackerId, identity]) => [
      attackerId,
      identity.suspected,
      [...identity.primitives].map(([name, p]) => [
        name,
        p.kind,
        p.state,
        p.confidence,
        p.currentValue,
        p.count,
        p.lastChangeTs,
        p.lastObservationTs,
        p.series.map((o) => [o.id, o.ts, o.value] as [string, number, unknown]),
      ]),
    ]),
    seen: state.seen.entries(),
    seen_evicted: state.seen.evicted,
    dirty: [...state.dirty],
    counters: { ...state.counters },
  };
}

export function decodeProfiles(encoded: unknown, settings: AttributionSettings): ProfileState {
  const e = encoded as EncodedProfiles;
  if (!Array.isArray(e.identities) || !Array.isArray(e.seen) || !Array.isArray(e.dirty))
    throw new Error('not an attribution snapshot (identities, seen and dirty are required)');
  const state = emptyProfileState(settings);
  state.counters = { ...e.counters };
  for (const [attackerId, suspected, primitives] of e.identities) {
    const identity: IdentityProfile = {
      identityId: identityIdOf(attackerId),
      primitives: new Map(),
      suspected,
    };
    for (const [
      name,
      kind,
      label,
      confidence,
      currentValue,
      count,
      lastChangeTs,
      lastObservationTs,
      series,
    ] of primitives)
      identity.primitives.set(name, {
        kind,
        series: series.map(([id, ts, value]) => pointOf(id, ts, value)),
        state: label,
        confidence,
        currentValue,
        count,
        lastChangeTs,
        lastObservationTs,
      });
    state.identities.set(attackerId, identity);
  }
  for (const [id, ts] of e.seen) state.seen.add(id, ts);
  state.seen.evicted += e.seen_evicted ?? 0;
  for (const id of e.dirty) state.dirty.add(id);
  return state;
}
