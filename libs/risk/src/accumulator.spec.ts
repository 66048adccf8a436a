import type { RiskContribution } from '@riskline/contracts';
import {
  accumulate,
  decodeRiskState,
  emptyRiskState,
  encodeRiskState,
  expireEntities,
  retentionMs,
} from './accumulator';
import type { SettingsError } from '@riskline/settings';
import { parseRiskSettings, type RiskSettings } from './risk-policy';
import { contribution, feed, H, resetContributionIds, T0 } from './testing/contribution-fixture';

function settings(yaml: string): RiskSettings {
  return parseRiskSettings(yaml);
}

const scorePolicy = settings(`max_open_entities: 3
policies:
  - {name: score, window: 24h, score_threshold: 100, cooldown: 1h}
`);

describe('risk accumulator', () => {
  it('fires on score once the window sum reaches the threshold', () => {
    const state = emptyRiskState(scorePolicy);
    const fired = feed(state, scorePolicy, [
      [T0, {}],
      [T0 + 1000, {}],
      [T0 + 2000, { score: 20 }],
    ]);
    expect(fired).toHaveLength(1);
    expect(fired[0]!.key).toBe('user:alice');
    expect(fired[0]!.incident).toEqual(
      expect.objectContaining({
        policy: 'score',
        trigger: 'score',
        score: 100,
        score_threshold: 100,
        tactic_count: 1,
        source_count: 3,
        result_count: 3,
        window_end: new Date(T0 + 2000).toISOString(),
        window_start: new Date(T0 + 2000 - 24 * H).toISOString(),
      }),
    );
    expect(fired[0]!.incident.refs).toHaveLength(3);
  });

  it('fires on distinct tactics with enough sources, not on score', () => {
    const s = settings(
      `policies:\n  - {name: tactics, window: 7d, tactic_count_threshold: 3, min_sources: 4}\n`,
    );
    const state = emptyRiskState(s);
    const three = feed(state, s, [
      [T0, { tactics: ['discovery'] }],
      [T0 + 1, { tactics: ['credential-access'] }],
      [T0 + 2, { tactics: ['lateral-movement'] }],
    ]);
    expect(three).toEqual([]); // 3 tactics but only 3 sources
    const fourth = feed(state, s, [[T0 + 3, { tactics: ['discovery'] }]]);
    expect(fourth.map((f) => [f.incident.trigger, f.incident.tactic_count, f.incident.source_count])).toEqual(
      [['tactic_count', 3, 4]],
    );
  });

  it('keeps one episode while the entity stays above: the same id, growing revisions', () => {
    const state = emptyRiskState(scorePolicy);
    const opened = feed(state, scorePolicy, [[T0, { score: 100, rule_id: 'a' }]]);
    const grown = feed(state, scorePolicy, [
      [T0 + 30 * 60_000, { score: 10, rule_id: 'b', tactics: ['execution'] }],
      [T0 + 20 * H, { score: 5, rule_id: 'b' }],
    ]);
    const records = [...opened, ...grown].map((f) => f.incident);
    expect(records.map((r) => [r.kind, r.revision, r.score, r.source_count])).toEqual([
      ['incident_opened', 1, 100, 1],
      ['incident_updated', 2, 110, 2],
      ['incident_updated', 3, 115, 2],
    ]);
    expect(new Set(records.map((r) => r.risk_incident_id)).size).toBe(1);
    expect(records.every((r) => r.episode_start === new Date(T0).toISOString())).toBe(true);
  });

  it('opens a new episode only after the entity stayed below for the cooldown', () => {
    const state = emptyRiskState(scorePolicy);
    const first = feed(state, scorePolicy, [[T0, { score: 100 }]])[0]!.incident;
    // T0's contribution leaves the window at T0 + 24h: below from then on.
    const within = feed(state, scorePolicy, [[T0 + 24 * H + 30 * 60_000, { score: 100 }]])[0]!.incident;
    expect([within.kind, within.risk_incident_id]).toEqual(['incident_updated', first.risk_incident_id]);
    const after = feed(state, scorePolicy, [[T0 + 50 * H, { score: 100 }]])[0]!.incident;
    expect(after.kind).toBe('incident_opened');
    expect(after.risk_incident_id).not.toBe(first.risk_incident_id);
    expect(after.episode_start).toBe(new Date(T0 + 50 * H).toISOString());
  });

  it('throttles score-only updates to the update interval, never a new source or tactic', () => {
    const s = settings(`policies:\n  - {name: p, window: 24h, score_threshold: 100, update_interval: 1h}\n`);
    const state = emptyRiskState(s);
    const kinds = feed(state, s, [
      [T0, { score: 100, rule_id: 'a' }],
      [T0 + 1000, { score: 1, rule_id: 'a' }],
      [T0 + 2000, { score: 1, rule_id: 'b' }],
      [T0 + H + 2000, { score: 1, rule_id: 'a' }],
    ]).map((f) => [f.incident.revision, f.incident.score]);
    expect(kinds).toEqual([
      [1, 100],
      [2, 102],
      [3, 103],
    ]);
  });

  it("names in an update only the contributions counted since the episode's previous record", () => {
    const s = settings(`policies:\n  - {name: p, window: 24h, score_threshold: 100, update_interval: 1h}\n`);
    const state = emptyRiskState(s);
    const records = feed(state, s, [
      [T0, { score: 60, rule_id: 'a' }],
      [T0 + 1000, { score: 40, rule_id: 'b' }],
      [T0 + 2000, { score: 1, rule_id: 'a' }], // score only, within the interval: throttled
      [T0 + 3000, { score: 1, rule_id: 'c' }],
      [T0 + 4000, { score: 2, rule_id: 'd' }],
    ]).map((f) => f.incident);
    expect(records.map((r) => [r.kind, r.revision, r.refs_since_revision, r.result_count])).toEqual([
      ['incident_opened', 1, undefined, 2],
      ['incident_updated', 2, 1, 4],
      ['incident_updated', 3, 2, 5],
    ]);
    expect(records.map((r) => r.refs!.map((ref) => `${ref.rule}:${ref.score}`))).toEqual([
      ['a:60', 'b:40'],
      ['a:1', 'c:1'], // the throttled contribution comes with the next record
      ['d:2'],
    ]);
  });

  it('keeps what an update has yet to name across a snapshot, and names the window after an older one', () => {
    const s = settings(`policies:\n  - {name: p, window: 24h, score_threshold: 100, update_interval: 1h}\n`);
    const state = emptyRiskState(s);
    feed(state, s, [
      [T0, { score: 100, rule_id: 'a' }],
      [T0 + 1000, { score: 1, rule_id: 'a' }], // throttled
    ]);
    const encoded = JSON.parse(JSON.stringify(encodeRiskState(state)));
    const next = (restored: ReturnType<typeof decodeRiskState>) =>
      feed(restored, s, [[T0 + 2000, { score: 1, rule_id: 'b' }]])[0]!.incident;
    const kept = next(decodeRiskState(encoded, s));
    expect([kept.refs_since_revision, kept.refs!.map((r) => r.rule)]).toEqual([1, ['a', 'b']]);
    // A snapshot written before episodes tracked this: the update names the whole window.
    const older = structuredClone(encoded);
    const row = JSON.parse(older.entities[0][3]);
    const [[policy, window]] = row[2];
    expect(policy).toBe('p');
    expect(window.ep.unpublished).toHaveLength(1);
    delete window.ep.unpublished;
    older.entities[0][3] = JSON.stringify(row);
    const whole = next(decodeRiskState(older, s));
    expect([whole.refs_since_revision, whole.refs!.map((r) => r.rule)]).toEqual([undefined, ['a', 'a', 'b']]);
  });

  it('prunes contributions that left the window', () => {
    const state = emptyRiskState(scorePolicy);
    feed(state, scorePolicy, [[T0, { score: 60 }]]);
    expect(feed(state, scorePolicy, [[T0 + 24 * H, { score: 60 }]])).toEqual([]);
    expect(state.entities.get('user:alice')!.windows[0]!.scoreSum).toBe(60);
  });

  it('refuses and counts contributions late for their own entity, places out-of-order ones in time order', () => {
    const state = emptyRiskState(scorePolicy);
    feed(state, scorePolicy, [[T0 + 48 * H, { score: 10 }]]);
    expect(accumulate(state, scorePolicy, contribution({ score: 95 }), T0, T0 + 48 * H)).toEqual({
      outcome: 'late',
      fired: [],
      noted: [],
    });
    expect(state.counters.late).toBe(1);
    const { fired } = accumulate(state, scorePolicy, contribution({ score: 95 }), T0 + 47 * H, T0 + 48 * H);
    expect(fired).toHaveLength(1);
    expect(fired[0]!.incident.refs!.map((r) => r.score)).toEqual([95, 10]);
  });

  it('judges each entity on its own time: a backfill beside a live entity fires as it would alone', () => {
    const state = emptyRiskState(scorePolicy);
    // Another entity on the partition has moved partition time two days on.
    feed(state, scorePolicy, [[T0 + 48 * H, { entity_value: 'live', score: 10 }]]);
    const first = accumulate(
      state,
      scorePolicy,
      contribution({ entity_value: 'old', score: 60 }),
      T0,
      T0 + 48 * H,
    );
    const second = accumulate(
      state,
      scorePolicy,
      contribution({ entity_value: 'old', score: 60 }),
      T0 + H,
      T0 + 48 * H,
    );
    expect(first.outcome).toBe('counted');
    expect(
      second.fired.map((f) => [f.incident.entity_value, f.incident.score, f.incident.window_end]),
    ).toEqual([['old', 120, new Date(T0 + H).toISOString()]]);
    expect(state.counters.late).toBe(0);
  });

  it('forgets an entity untouched for its longest window and cooldown of partition time', () => {
    const state = emptyRiskState(scorePolicy);
    feed(state, scorePolicy, [[T0, { entity_value: 'a', score: 10 }]]);
    accumulate(state, scorePolicy, contribution({ entity_value: 'b', score: 10 }), T0 - 30 * H, T0 + H);
    expireEntities(state, scorePolicy, T0 + retentionMs(scorePolicy));
    expect(state.entities.keys()).toEqual(['user:b']);
    expireEntities(state, scorePolicy, T0 + H + retentionMs(scorePolicy));
    expect(state.entities.size).toBe(0);
  });

  it('counts a re-produced contribution once', () => {
    const state = emptyRiskState(scorePolicy);
    const c = contribution({ score: 60 });
    accumulate(state, scorePolicy, c, T0, T0);
    expect(accumulate(state, scorePolicy, c, T0, T0)).toEqual({ outcome: 'duplicate', fired: [], noted: [] });
    expect(state.counters.duplicates).toBe(1);
    expect(state.entities.get('user:alice')!.windows[0]!.scoreSum).toBe(60);
  });

  it('caps results per incident, oldest first, while counting sources in full', () => {
    const s = settings(
      `policies:\n  - {name: p, window: 24h, score_threshold: 1000, max_results_per_incident: 3, max_sources_per_entity: 2}\n`,
    );
    const state = emptyRiskState(s);
    feed(
      state,
      s,
      [1, 2, 3, 4, 5].map((i) => [T0 + i, { score: i }] as [number, Partial<RiskContribution>]),
    );
    const w = state.entities.get('user:alice')!.windows[0]!;
    expect(w.list().map((e) => e.score)).toEqual([3, 4, 5]);
    expect(w.scoreSum).toBe(12);
    const s2 = settings(
      `policies:\n  - {name: p, window: 24h, score_threshold: 5, max_sources_per_entity: 2}\n`,
    );
    const fired = feed(
      emptyRiskState(s2),
      s2,
      [1, 2, 3].map((i) => [T0 + i, { score: 2 }] as [number, Partial<RiskContribution>]),
    );
    expect(fired[0]!.incident.sources).toHaveLength(2);
    expect(fired[0]!.incident.source_count).toBe(3);
  });

  it('evicts new entities beyond capacity, and the timer forgets aged-out entities', () => {
    const state = emptyRiskState(scorePolicy);
    feed(
      state,
      scorePolicy,
      ['a', 'b', 'c', 'd'].map(
        (v, i) => [T0 + i, { entity_value: v, score: 1 }] as [number, Partial<RiskContribution>],
      ),
    );
    expect([...state.entities.keys()]).toEqual(['user:a', 'user:b', 'user:c']);
    expect(state.counters.evicted).toBe(1);
    expireEntities(state, scorePolicy, T0 + 3 + retentionMs(scorePolicy));
    expect(state.entities.size).toBe(0);
  });

  it('gives deterministic incident ids: same input, same ids', () => {
    const run = () => {
      resetContributionIds(1000);
      return feed(emptyRiskState(scorePolicy), scorePolicy, [
        [T0, { score: 100 }],
        [T0 + 2 * H, { score: 100 }],
        [T0 + 50 * H, { score: 100 }],
      ]).map((f) => f.incident.risk_incident_id);
    };
    const ids = run();
    expect(ids).toHaveLength(3);
    expect(ids[1]).toBe(ids[0]);
    expect(new Set(ids).size).toBe(2);
    expect(run()).toEqual(ids);
  });

  it('round-trips snapshots; restore keeps each entity on its own clock and honours the entity cap', () => {
    const state = emptyRiskState(scorePolicy);
    feed(state, scorePolicy, [
      [T0, { entity_value: 'old', score: 5 }],
      [T0 + 20 * H, { entity_value: 'mid', score: 5 }],
      [T0 + 30 * H, { entity_value: 'new', score: 5 }],
    ]);
    const encoded = JSON.parse(JSON.stringify(encodeRiskState(state)));
    const same = decodeRiskState(encoded, scorePolicy);
    expect(encodeRiskState(same)).toEqual(encodeRiskState(state));
    expect(same.entities.values().map((e) => [e.value, e.windows[0]!.size, e.clockMs])).toEqual([
      ['mid', 1, T0 + 20 * H],
      ['new', 1, T0 + 30 * H],
      ['old', 1, T0],
    ]);
    const capped = decodeRiskState(encoded, { ...scorePolicy, maxOpenEntities: 1 });
    expect([...capped.entities.keys()]).toEqual(['user:new']);
    expect(capped.counters.evicted).toBe(state.counters.evicted + 2);
  });
});

describe('trace links', () => {
  const tp = (n: number) => `00-${String(n).padStart(32, '0')}-${'1'.repeat(16)}-01`;

  it('fire an incident with the trace of every contribution in its window, kept across a snapshot', () => {
    const state = emptyRiskState(scorePolicy);
    accumulate(state, scorePolicy, contribution(), T0, T0, tp(1));
    accumulate(state, scorePolicy, contribution(), T0 + 1, T0 + 1); // untraced: nothing to link
    const restored = decodeRiskState(JSON.parse(JSON.stringify(encodeRiskState(state))), scorePolicy);
    const { fired } = accumulate(restored, scorePolicy, contribution(), T0 + 2, T0 + 2, tp(3));
    expect(fired.map((f) => f.links)).toEqual([[tp(1), tp(3)]]);
  });

  it('drop the trace of a contribution that left the window', () => {
    const state = emptyRiskState(scorePolicy);
    accumulate(state, scorePolicy, contribution({ score: 90 }), T0, T0, tp(1));
    const later = T0 + 25 * H;
    accumulate(state, scorePolicy, contribution({ score: 60 }), later, later, tp(2));
    const { fired } = accumulate(
      state,
      scorePolicy,
      contribution({ score: 60 }),
      later + 1,
      later + 1,
      tp(3),
    );
    expect(fired.map((f) => f.links)).toEqual([[tp(2), tp(3)]]);
  });
});

describe('lazily restored entities', () => {
  it('behave as if restored eagerly: touched ones accumulate on, aged-out ones are forgotten', () => {
    const run = (restore: boolean) => {
      resetContributionIds(5000);
      let state = emptyRiskState(scorePolicy);
      feed(state, scorePolicy, [
        [T0, { entity_value: 'idle', score: 10 }],
        [T0 + H, { entity_value: 'busy', score: 60 }],
      ]);
      if (restore) state = decodeRiskState(JSON.parse(JSON.stringify(encodeRiskState(state))), scorePolicy);
      const { fired } = accumulate(
        state,
        scorePolicy,
        contribution({ entity_value: 'busy', score: 50 }),
        T0 + 2 * H,
        T0 + 2 * H,
      );
      expireEntities(state, scorePolicy, T0 + H + retentionMs(scorePolicy) - 1);
      return {
        fired: fired.map((f) => [f.incident.score, f.incident.result_count]),
        keys: state.entities.keys().sort(),
        encoded: encodeRiskState(state),
      };
    };
    const eager = run(false);
    expect(eager.fired).toEqual([[110, 2]]);
    expect(eager.keys).toEqual(['user:busy']);
    expect(run(true)).toEqual(eager);
  });
});

describe('risk policies', () => {
  it('ship Splunk-like defaults', () => {
    const s = parseRiskSettings('');
    expect(
      s.policies.map((p) => [p.name, p.windowMs / H, p.scoreThreshold, p.tacticCountThreshold, p.minSources]),
    ).toEqual([
      ['score-24h', 24, 100, null, 1],
      ['tactics-7d', 168, null, 3, 4],
    ]);
  });

  it('refuses invalid policies, naming each key', () => {
    let problems: readonly string[] = [];
    try {
      parseRiskSettings(
        `max_open_entities: 0\npolicies:\n  - {name: a, window: 3 days, cooldown: soon}\n  - {name: a, score_threshold: -1, include: all, colour: red}\n`,
      );
    } catch (error) {
      problems = (error as SettingsError).problems;
    }
    expect(problems).toEqual([
      'max_open_entities: must be a positive integer',
      'policies[0].window: must be a duration like 30m, 24h or 7d',
      'policies[0].cooldown: must be a duration like 0s, 30m or 1h',
      'policies[1].colour: unknown key',
      'policies[1].score_threshold: must be a positive number',
      'policies[1].include: must be refs or results',
      // Cross-field rules come after the fields'.
      'policies[0]: needs score_threshold or tactic_count_threshold',
      "policies: name 'a' is used twice",
    ]);
  });
});

describe('anti-stacking', () => {
  const capped = settings(`policies:
  - {name: p, window: 24h, score_threshold: 100, max_contributions_per_source: 3, source_score_multiple: 2.5}
`);

  it('keeps one noisy rule from carrying an entity over the threshold alone, and counts it', () => {
    const state = emptyRiskState(capped);
    const noisy = Array.from({ length: 10 }, (_, i) => [T0 + i, { rule_id: 'noisy', score: 30 }]) as [
      number,
      Partial<RiskContribution>,
    ][];
    expect(feed(state, capped, noisy)).toEqual([]);
    const w = state.entities.get('user:alice')!.windows[0]!;
    // Three largest (90) but at most 2.5 × 30 = 75; the raw sum is 300.
    expect([w.score, w.scoreSum]).toEqual([75, 300]);
    expect(state.counters.capped).toBe(8);
    const fired = feed(state, capped, [[T0 + 20, { rule_id: 'other', score: 25 }]]);
    expect(fired.map((f) => [f.incident.score, f.incident.uncapped_score])).toEqual([[100, 325]]);
  });

  it('counts a source by the multiset of its scores, whatever order they came in', () => {
    const scores = [5, 40, 10, 30, 20];
    const run = (order: number[]) => {
      const s = emptyRiskState(capped);
      feed(
        s,
        capped,
        order.map((score, i) => [T0 + i, { rule_id: 'r', score }] as [number, Partial<RiskContribution>]),
      );
      return s.entities.get('user:alice')!.windows[0]!.score;
    };
    // 40 + 30 + 20 = 90, but at most 2.5 × 40 = 100: 90.
    expect(run(scores)).toBe(90);
    expect(run([...scores].reverse())).toBe(90);
  });

  it('gives sources back what they lose as their contributions leave the window', () => {
    const state = emptyRiskState(capped);
    feed(state, capped, [
      [T0, { rule_id: 'r', score: 60 }],
      [T0 + H, { rule_id: 'r', score: 10 }],
      [T0 + 2 * H, { rule_id: 'r', score: 10 }],
    ]);
    const w = () => state.entities.get('user:alice')!.windows[0]!;
    expect(w().score).toBe(80);
    feed(state, capped, [[T0 + 24 * H + 1, { rule_id: 'r', score: 10 }]]);
    expect([w().score, w().scoreSum]).toEqual([25, 30]);
  });

  it('survives a snapshot, and a changed cap is recounted on restore', () => {
    const state = emptyRiskState(capped);
    feed(state, capped, [
      [T0, { rule_id: 'r', score: 30 }],
      [T0 + 1, { rule_id: 'r', score: 30 }],
      [T0 + 2, { rule_id: 'r', score: 30 }],
    ]);
    const encoded = JSON.parse(JSON.stringify(encodeRiskState(state)));
    expect(decodeRiskState(encoded, capped).entities.get('user:alice')!.windows[0]!.score).toBe(75);
    const looser = settings(
      `policies:\n  - {name: p, window: 24h, score_threshold: 100, max_contributions_per_source: 2}\n`,
    );
    expect(decodeRiskState(encoded, looser).entities.get('user:alice')!.windows[0]!.score).toBe(60);
  });
});

describe('snapshot versions', () => {
  it('restores a version-4 snapshot (no episodes, counted sums or details) and continues it', () => {
    const v4Row = JSON.stringify([
      'user',
      'alice',
      {
        score: {
          e: [['00000000-0000-5000-8000-00000000aaaa', T0, 90, 'r1', 'high', ['discovery']]],
          s: 90,
          f: null,
        },
      },
    ]);
    const v4 = {
      entities: [['user:alice', T0, T0, v4Row]],
      counters: { evicted: 1, late: 2, duplicates: 3 },
    };
    const state = decodeRiskState(v4, scorePolicy);
    expect(state.counters).toEqual({ evicted: 1, late: 2, duplicates: 3, capped: 0, suppressed: 0 });
    const fired = feed(state, scorePolicy, [[T0 + 1, { score: 10 }]]);
    expect(fired.map((f) => [f.incident.kind, f.incident.score, f.incident.revision])).toEqual([
      ['incident_opened', 100, 1],
    ]);
  });

  it("writes a contribution once per row however many policies' windows hold it, and reads version-5 rows", () => {
    const two = settings(`policies:
  - {name: day, window: 24h, score_threshold: 1000}
  - {name: week, window: 7d, score_threshold: 1000}
`);
    const state = emptyRiskState(two);
    feed(state, two, [
      [T0, { score: 10, rule_id: 'a' }],
      [T0 + 25 * H, { score: 20, rule_id: 'b' }], // the first has left the day's window
    ]);
    const encoded = JSON.parse(JSON.stringify(encodeRiskState(state)));
    const row = JSON.parse(encoded.entities[0][3]);
    const [[, day], [, week]] = row[2];
    expect(day.e).toHaveLength(1);
    expect(week.e[0]).toEqual(expect.arrayContaining([expect.any(String), T0, 10, 'a']));
    expect(week.e[1]).toBe(0); // the day window's entry, by position
    const again = (s: ReturnType<typeof decodeRiskState>) =>
      feed(s, two, [[T0 + 26 * H, { score: 1, rule_id: 'c' }]]);
    const restored = decodeRiskState(encoded, two);
    expect(again(restored)).toEqual(
      again(decodeRiskState(JSON.parse(JSON.stringify(encodeRiskState(state))), two)),
    );
    expect([...restored.entities.values()][0]!.windows.map((w) => w.score)).toEqual([21, 31]);
    // The same state as version 5 wrote it: windows by policy name, every entry in full.
    const v5 = structuredClone(encoded);
    v5.entities[0][3] = JSON.stringify([
      row[0],
      row[1],
      { day, week: { ...week, e: [week.e[0], day.e[0]] } },
    ]);
    expect([...decodeRiskState(v5, two).entities.values()][0]!.windows.map((w) => w.score)).toEqual([20, 30]);
  });

  it('keeps an open episode across a snapshot: the restored state updates the same incident', () => {
    const state = emptyRiskState(scorePolicy);
    const opened = feed(state, scorePolicy, [[T0, { score: 100 }]])[0]!.incident;
    const restored = decodeRiskState(JSON.parse(JSON.stringify(encodeRiskState(state))), scorePolicy);
    const next = feed(restored, scorePolicy, [[T0 + H, { score: 5 }]])[0]!.incident;
    expect([next.risk_incident_id, next.kind, next.revision]).toEqual([
      opened.risk_incident_id,
      'incident_updated',
      2,
    ]);
  });
});

describe('explanations in the window', () => {
  it('keep a bounded part of each contribution: 8 threat objects, 512 characters of message or value', () => {
    const state = emptyRiskState(scorePolicy);
    const long = 'x'.repeat(2000);
    const fired = feed(state, scorePolicy, [
      [
        T0,
        {
          score: 100,
          message: long.slice(0, 1024),
          threat_objects: Array.from({ length: 100 }, (_, i) => ({
            type: 'command_line',
            value: `${i}${long}`,
          })),
        },
      ],
    ]);
    const incident = fired[0]!.incident;
    expect(incident.threat_objects).toHaveLength(8);
    expect(incident.threat_objects!.every((t) => t.value.length === 512 && t.value.endsWith('…'))).toBe(true);
    expect(incident.refs![0]!.message).toHaveLength(512);
  });
});
