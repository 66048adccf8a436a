import {
  validatePlain,
  AttackerObservationSchema,
  type AttackerObservation,
  type AttributionEvent,
} from '@riskline/contracts';
import { correlate } from './correlator';
import { decodeProfiles, encodeProfiles } from './profile-snapshot';
import { emptyProfileState, identityIdOf, observe, type ProfileState } from './profiles';
import { parseAttributionSettings } from './settings';

const settings = parseAttributionSettings('');
const T0 = Date.UTC(2026, 6, 1);
let n = 0;

function obs(
  attacker: string,
  primitive: string,
  value: unknown,
  minute: number,
  extra: Partial<AttackerObservation> = {},
) {
  const decoded = validatePlain(AttackerObservationSchema, {
    schema_version: 1,
    id: `obs-${n++}`,
    attacker_id: attacker,
    primitive,
    value,
    ts: new Date(T0 + minute * 60_000).toISOString(),
    confidence: 0.9,
    ...extra,
  });
  if (!decoded.ok) throw new Error(decoded.rejection.message);
  return decoded.value;
}

const at = (o: AttackerObservation) => Date.parse(o.ts);

describe('profiles', () => {
  let state: ProfileState;
  beforeEach(() => (state = emptyProfileState(settings)));
  const apply = (o: AttackerObservation) => observe(state, settings, o, at(o));

  it('creates one deterministic stub identity per attacker', () => {
    apply(obs('apt-x', 'motor.input_modality', 'typed', 0));
    expect(state.identities.get('apt-x')!.identityId).toBe(identityIdOf('apt-x'));
    expect(identityIdOf('apt-x')).toMatch(/^[0-9a-f-]{36}$/);
    expect(identityIdOf('apt-x')).not.toBe(identityIdOf('apt-y'));
  });

  it('emits state_changed only when the label changes, keeping last_change_ts while it holds', () => {
    const events = ['typed', 'typed', 'typed', 'typed', 'pasted', 'typed'].flatMap((v, i) =>
      apply(obs('apt-x', 'motor.input_modality', v, i)),
    );
    expect(events).toEqual([
      expect.objectContaining({
        type: 'state_changed',
        identity_id: identityIdOf('apt-x'),
        old_state: 'unknown',
        new_state: 'stable',
        current_value: 'typed',
        confidence: 1,
        observation_count: 3,
        ts: new Date(T0 + 2 * 60_000).toISOString(),
      }),
    ]);
    const profile = state.identities.get('apt-x')!.primitives.get('motor.input_modality')!;
    expect(profile).toMatchObject({
      state: 'stable',
      confidence: 0.8,
      count: 6,
      lastChangeTs: T0 + 2 * 60_000,
    });
  });

  it('applies a redelivered observation once', () => {
    const o = obs('apt-x', 'timing.inter_command_ms', 400, 0);
    apply(o);
    apply(o);
    expect(state.identities.get('apt-x')!.primitives.get('timing.inter_command_ms')!.count).toBe(1);
    expect(state.counters).toMatchObject({ observed: 1, duplicates: 1 });
  });

  it('refuses a numeric value that is not a number, and a primitive changing kind, without changing state', () => {
    expect(() => apply(obs('apt-x', 'timing.inter_command_ms', 'fast', 0))).toThrow(/not a finite number/);
    apply(obs('apt-x', 'p.q', 'a', 0));
    expect(() => apply(obs('apt-x', 'p.q', 'a', 1, { value_kind: 'hash' }))).toThrow(
      /is categorical; this observation says hash/,
    );
    expect(state.counters.observed).toBe(1);
  });

  it('orders late observations by event time', () => {
    for (const [v, m] of [
      ['A', 0],
      ['A', 2],
      ['B', 1],
      ['B', 3],
      ['A', 4],
    ] as const)
      apply(obs('apt-x', 'c.d', v, m));
    // Ordered by time: A B A B A → multi_actor.
    expect(state.identities.get('apt-x')!.primitives.get('c.d')!.state).toBe('multi_actor');
  });

  it('suspects multiple actors once per set of primitives, and re-arms when it drops below two', () => {
    const alternate = (primitive: string, from: number, values = ['A', 'B', 'A', 'B', 'A']) =>
      values.forEach((v, i) => apply(obs('apt-x', primitive, v, from + i)));
    const run = (minute: number): AttributionEvent[] => correlate(state, settings, T0 + minute * 60_000);
    alternate('motor.input_modality', 0);
    expect(run(10)).toEqual([]); // one primitive is not enough
    alternate('motor.keyboard_layout', 10, ['en-US', 'de-DE', 'en-US', 'de-DE', 'en-US']);
    const first = run(20);
    expect(first).toEqual([
      {
        schema_version: 1,
        type: 'multi_actor_suspected',
        identity_id: identityIdOf('apt-x'),
        primitives: ['motor.input_modality', 'motor.keyboard_layout'],
        evidence_summary: expect.stringMatching(
          /motor\.input_modality alternates "A" \/ "B".*motor\.keyboard_layout alternates "en-US" \/ "de-DE"/,
        ),
        confidence: 0.6,
        ts: new Date(T0 + 20 * 60_000).toISOString(),
      },
    ]);
    apply(obs('apt-x', 'motor.keyboard_layout', 'de-DE', 21)); // still alternating
    expect(run(22)).toEqual([]);
    alternate('tooling.alias', 30);
    expect(run(40).map((e) => (e as { primitives: string[] }).primitives)).toEqual([
      ['motor.input_modality', 'motor.keyboard_layout', 'tooling.alias'],
    ]);
    // keyboard_layout settles → two remain: a different set, reported.
    ['en-US', 'en-US', 'en-US', 'en-US', 'en-US'].forEach((v, i) =>
      apply(obs('apt-x', 'motor.keyboard_layout', v, 50 + i)),
    );
    expect(run(60)).toHaveLength(1);
    // input_modality settles too → below two: re-armed, nothing emitted; flapping back reports again.
    ['A', 'A', 'A', 'A', 'A'].forEach((v, i) => apply(obs('apt-x', 'motor.input_modality', v, 70 + i)));
    expect(run(80)).toEqual([]);
    expect(state.identities.get('apt-x')!.suspected).toBeNull();
    alternate('motor.input_modality', 90);
    expect(run(100)).toHaveLength(1);
  });

  it('round-trips a snapshot: the restored state goes on exactly as the original', () => {
    const values = ['A', 'B', 'A', 'B', 'A', 'A', 'A', 'A', 'B', 'A', 'B', 'A'];
    const stream = values.flatMap((v, i) => [
      obs(`apt-${i % 3}`, 'motor.input_modality', v, i),
      obs(`apt-${i % 3}`, 'motor.keyboard_layout', i % 2 ? 'x' : 'y', i),
      obs(`apt-${i % 3}`, 'timing.inter_command_ms', 300 + (i % 4) * 50, i),
      obs(`apt-${i % 3}`, 'tooling.ssh_client_hash', `h${i % 5}`, i * 60),
    ]);
    const runFrom = (restoreAt: number | null) => {
      let s = emptyProfileState(settings);
      const events: AttributionEvent[] = [];
      stream.forEach((o, i) => {
        if (i === restoreAt) s = decodeProfiles(JSON.parse(JSON.stringify(encodeProfiles(s))), settings);
        events.push(...observe(s, settings, o, at(o)));
        if (i % 7 === 6) events.push(...correlate(s, settings, at(o)));
      });
      return { events, state: encodeProfiles(s) };
    };
    const whole = runFrom(null);
    expect(whole.events.some((e) => e.type === 'multi_actor_suspected')).toBe(true);
    expect(runFrom(23)).toEqual(whole);
  });

  it('bounds identities, forgetting the least recently observed', () => {
    const small = { ...settings, maxIdentities: 2 };
    const s = emptyProfileState(small);
    for (const [a, m] of [
      ['a1', 0],
      ['a2', 1],
      ['a1', 2],
      ['a3', 3],
    ] as const) {
      const o = obs(a, 'p.q', 'v', m);
      observe(s, small, o, at(o));
    }
    expect([...s.identities.keys()]).toEqual(['a1', 'a3']);
    expect(s.counters.evicted).toBe(1);
  });
});
