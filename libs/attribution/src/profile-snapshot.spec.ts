import {
  validatePlain,
  AttackerObservationSchema,
  type AttackerObservation,
  type AttributionEvent,
} from '@riskline/contracts';
import { runWithCrashes, writeKeyedCheckpoint } from '@riskline/stream-core/testing';
import { correlate } from './correlator';
import { decodeProfiles, encodeProfiles, profileEntries } from './profile-snapshot';
import { emptyProfileState, observe, type ProfileState } from './profiles';
import { parseAttributionSettings } from './settings';

/** Small bounds, so identities are evicted and remembered ids span several chunks and expire. */
const settings = { ...parseAttributionSettings(''), maxIdentities: 6, maxSeenIds: 2500 };
const keyed = profileEntries(settings);
const T0 = Date.UTC(2026, 6, 1);

function observationOf(id: string, attacker: string, primitive: string, value: unknown, tsMs: number) {
  const decoded = validatePlain(AttackerObservationSchema, {
    schema_version: 1,
    id,
    attacker_id: attacker,
    primitive,
    value,
    ts: new Date(tsMs).toISOString(),
    confidence: 0.9,
  });
  if (!decoded.ok) throw new Error(decoded.rejection.message);
  return decoded.value;
}

function observation(i: number): AttackerObservation {
  const primitive = ['motor.input_modality', 'motor.keyboard_layout', 'timing.inter_command_ms'][
    Math.floor(i / 9) % 3
  ]!;
  const value = primitive.startsWith('timing')
    ? 300 + (i % 5) * 40
    : ['A', 'B'][Math.floor(i / (i < 2000 ? 27 : 500)) % 2];
  // Five regular attackers and a stream of rare ones, which the bound of six evicts.
  const attacker = i % 11 === 10 ? `rare-${i % 7}` : `apt-${i % 5}`;
  return observationOf(`obs-${i}`, attacker, primitive, value, T0 + i * 30_000);
}

/** 4,000 observations, every 13th followed by a redelivery of an earlier one. */
const stream = Array.from({ length: 4000 }, (_, i) => observation(i)).flatMap((o, i) =>
  i % 13 === 12 ? [o, observation(i - 11)] : [o],
);

type Store = Map<string, string>;
const checkpoint = (state: ProfileState, store: Store) => writeKeyedCheckpoint(keyed, state, store);

/** The stream with a checkpoint every 50 observations and the correlator every 40; see runWithCrashes. */
function run(crashAt: number[]) {
  const { state, outputs } = runWithCrashes<ProfileState, AttributionEvent>({
    keyed,
    createState: () => emptyProfileState(settings),
    length: stream.length,
    checkpointEvery: 50,
    crashAt,
    step: (s, i) => {
      const o = stream[i]!;
      const events: AttributionEvent[] = observe(s, settings, o, Date.parse(o.ts));
      return i % 40 === 39 ? [...events, ...correlate(s, settings, Date.parse(o.ts))] : events;
    },
  });
  return { events: outputs, state: encodeProfiles(state) };
}

describe('keyed attribution snapshot', () => {
  it('restores from incremental entries exactly: the restored state goes on as the original', () => {
    const whole = run([]);
    expect(whole.events.some((e) => e.type === 'state_changed')).toBe(true);
    expect(whole.events.some((e) => e.type === 'multi_actor_suspected')).toBe(true);
    expect(whole.state.seen.length).toBeGreaterThan(1024);
    expect(run([77, 1333, 2990, 4200])).toEqual(whole);
  });

  it('writes only the attackers observed and the id chunks touched since the last checkpoint', () => {
    const state = emptyProfileState(settings);
    const store: Store = new Map();
    for (const o of stream.slice(0, 3000)) observe(state, settings, o, Date.parse(o.ts));
    expect(checkpoint(state, store).written).toBeGreaterThan(6);
    const o = stream[3000]!;
    observe(state, settings, o, Date.parse(o.ts));
    expect(checkpoint(state, store).written).toBeLessThanOrEqual(4);
  });

  it('restores a whole-state (version 1) snapshot in the same least-recently-observed order', () => {
    const state = emptyProfileState(settings);
    for (const o of stream.slice(0, 500)) observe(state, settings, o, Date.parse(o.ts));
    const restored = decodeProfiles(JSON.parse(JSON.stringify(encodeProfiles(state))), settings);
    expect([...restored.identities.keys()]).toEqual([...state.identities.keys()]);
    expect(encodeProfiles(restored)).toEqual(encodeProfiles(state));
  });

  it("writes a suspicion reported after the attacker's last checkpoint, so a restore does not report it again", () => {
    const state = emptyProfileState(settings);
    const store: Store = new Map();
    const apply = (id: string, primitive: string, value: string, minute: number) =>
      observe(
        state,
        settings,
        observationOf(id, 'apt-x', primitive, value, T0 + minute * 60_000),
        T0 + minute * 60_000,
      );
    ['A', 'B', 'A', 'B', 'A'].forEach((v, i) => {
      apply(`m${i}`, 'motor.input_modality', v, i);
      apply(`k${i}`, 'motor.keyboard_layout', v, i);
    });
    checkpoint(state, store);
    expect(correlate(state, settings, T0 + 10 * 60_000)).toHaveLength(1);
    const { rest } = checkpoint(state, store);
    const restored = keyed.decode(rest, store, 0, null);
    observe(
      restored,
      settings,
      observationOf('k9', 'apt-x', 'motor.keyboard_layout', 'B', T0 + 11 * 60_000),
      T0 + 11 * 60_000,
    );
    expect(correlate(restored, settings, T0 + 12 * 60_000)).toEqual([]);
  });

  it('restores profiles undecoded, writes an unread one back as it came, and decodes it on first read', () => {
    const state = emptyProfileState(settings);
    const store: Store = new Map();
    for (const o of stream.slice(0, 600)) observe(state, settings, o, Date.parse(o.ts));
    const { rest } = checkpoint(state, store);
    const restored = keyed.decode(rest, store, 0, null);
    const [first] = restored.identities.keys();
    // A full checkpoint of the untouched restore writes every entry exactly as stored.
    for (const key of keyed.keys(restored)) expect(keyed.entry(restored, key)).toBe(store.get(key));
    expect(restored.identities.get(first!)!.primitives.size).toBeGreaterThan(0);
    expect(encodeProfiles(restored)).toEqual(encodeProfiles(state));
  });

  it('refuses a rest that is not a keyed attribution snapshot', () => {
    expect(() => keyed.decode({ counters: {} }, [], 0, null)).toThrow(/touches and dirty/);
  });
});
