/**
 * The attribution state's snapshots — everything a restored partition needs to go on exactly as
 * before: profiles, the remembered observation ids, the attackers awaiting the correlator and
 * the last reported suspicions. Pure.
 * - Whole state (version 1, still restored): identities as rows in least-recently-observed
 *   order, series as [id, ts, value] tuples.
 * - Keyed (stream-core's KeyedSnapshot): one entry per attacker (`a:<attacker id>`, carrying
 *   its `lastTouch` so the order is rebuilt) and per chunk of remembered ids (`s:<chunk>`), so
 *   a checkpoint writes the attackers observed and the id chunks touched since the last one.
 *   A restore parses only each attacker's head; its primitives are decoded on first read.
 */
import type { AttributionState, ValueKind } from '@riskline/contracts';
import { FifoMap, SeenKeys } from '@riskline/contracts';
import type { KeyedSnapshot } from '@riskline/stream-core';
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

function encodePrimitives(identity: IdentityProfile): EncodedPrimitive[] {
  return [...identity.primitives].map(([name, p]) => [
    name,
    p.kind,
    p.state,
    p.confidence,
    p.currentValue,
    p.count,
    p.lastChangeTs,
    p.lastObservationTs,
    p.series.map((o) => [o.id, o.ts, o.value] as [string, number, unknown]),
  ]);
}

function decodePrimitives(primitives: EncodedPrimitive[]): IdentityProfile['primitives'] {
  const decoded: IdentityProfile['primitives'] = new Map();
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
    decoded.set(name, {
      kind,
      series: series.map(([id, ts, value]) => pointOf(id, ts, value)),
      state: label,
      confidence,
      currentValue,
      count,
      lastChangeTs,
      lastObservationTs,
    });
  return decoded;
}

function decodeIdentity(
  attackerId: string,
  suspected: readonly string[] | null,
  primitives: EncodedPrimitive[],
  lastTouch: number,
): IdentityProfile {
  return {
    identityId: identityIdOf(attackerId),
    primitives: decodePrimitives(primitives),
    suspected,
    lastTouch,
  };
}

/**
 * Primitives JSON of restored profiles not read since: a restore parses only each entry's head,
 * and a full checkpoint writes an unread profile's primitives back as they came.
 */
const unreadPrimitives = new WeakMap<IdentityProfile, string>();

/** A restored profile whose primitives and identity id are worked out on first read. */
function lazyIdentity(
  attackerId: string,
  suspected: readonly string[] | null,
  primitivesJson: string,
  lastTouch: number,
): IdentityProfile {
  let primitives: IdentityProfile['primitives'] | null = null;
  // A UUIDv5 costs a SHA-1: ~50 ms for 10k attackers, most of which a restore never reads.
  let identityId: string | null = null;
  const identity: IdentityProfile = {
    get identityId() {
      return (identityId ??= identityIdOf(attackerId));
    },
    get primitives() {
      if (primitives === null) {
        primitives = decodePrimitives(JSON.parse(primitivesJson) as EncodedPrimitive[]);
        unreadPrimitives.delete(identity);
      }
      return primitives;
    },
    suspected,
    lastTouch,
  };
  unreadPrimitives.set(identity, primitivesJson);
  return identity;
}

export function encodeProfiles(state: ProfileState): EncodedProfiles {
  return {
    identities: [...state.identities].map(([attackerId, identity]) => [
      attackerId,
      identity.suspected,
      encodePrimitives(identity),
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
  // Rows are least recently observed first: their index is their order.
  for (const [attackerId, suspected, primitives] of e.identities)
    state.identities.set(attackerId, decodeIdentity(attackerId, suspected, primitives, state.touches++));
  for (const [id, ts] of e.seen) state.seen.add(id, ts);
  state.seen.evicted += e.seen_evicted ?? 0;
  for (const id of e.dirty) state.dirty.add(id);
  return state;
}

const ATTACKER = 'a:';

interface ProfileRest {
  readonly touches: number;
  readonly seen_evicted: number;
  readonly dirty: string[];
  readonly counters: ProfileState['counters'];
}

/**
 * An attacker's entry: its head, `[lastTouch, suspected]` as JSON, a line break, then its
 * primitives as JSON — two texts, so a restore can order and hold profiles from their heads
 * alone (JSON never contains a raw line break).
 */
type AttackerHead = [lastTouch: number, suspected: readonly string[] | null];

function attackerEntry(identity: IdentityProfile): string {
  const head: AttackerHead = [identity.lastTouch, identity.suspected];
  const primitives = unreadPrimitives.get(identity) ?? JSON.stringify(encodePrimitives(identity));
  return `${JSON.stringify(head)}\n${primitives}`;
}

function splitEntry(entry: string): [AttackerHead, string] {
  const cut = entry.indexOf('\n');
  if (cut < 0) throw new Error('not an attribution attacker entry (head and primitives are required)');
  return [JSON.parse(entry.slice(0, cut)) as AttackerHead, entry.slice(cut + 1)];
}

/** The state as entries by attacker and by chunk of remembered ids, plus a small rest. */
export function profileEntries(settings: AttributionSettings): KeyedSnapshot<ProfileState> {
  return {
    takeChanged: (state) => {
      const changed = [...state.changed].map((id) => ATTACKER + id);
      state.changed.clear();
      return [...changed, ...state.seen.takeChangedEntries()];
    },
    keys: (state) => [...[...state.identities.keys()].map((id) => ATTACKER + id), ...state.seen.entryNames()],
    entry: (state, key) => {
      if (SeenKeys.isEntry(key)) return state.seen.entry(key);
      const identity = state.identities.get(key.slice(ATTACKER.length));
      return identity && attackerEntry(identity);
    },
    rest: (state): ProfileRest => ({
      touches: state.touches,
      seen_evicted: state.seen.evicted,
      dirty: [...state.dirty],
      counters: { ...state.counters },
    }),
    decode: (rest, entries) => {
      const r = rest as ProfileRest;
      if (!Array.isArray(r?.dirty) || typeof r.touches !== 'number')
        throw new Error('not a keyed attribution snapshot (touches and dirty are required)');
      const attackers: [string, AttackerHead, string][] = [];
      const chunks: string[] = [];
      for (const [key, entry] of entries) {
        if (SeenKeys.isEntry(key)) chunks.push(entry);
        else if (key.startsWith(ATTACKER)) attackers.push([key.slice(ATTACKER.length), ...splitEntry(entry)]);
        else throw new Error(`unknown attribution snapshot entry '${key}'`);
      }
      const identities = new FifoMap<string, IdentityProfile>();
      attackers.sort(([, a], [, b]) => a[0] - b[0]);
      for (const [attackerId, [lastTouch, suspected], primitives] of attackers)
        identities.set(attackerId, lazyIdentity(attackerId, suspected, primitives, lastTouch));
      return {
        identities,
        seen: SeenKeys.fromEntries(settings.maxSeenIds, chunks, r.seen_evicted),
        dirty: new Set(r.dirty),
        changed: new Set(),
        touches: r.touches,
        counters: { ...r.counters },
      };
    },
  };
}
