import type { IncidentVerdict, RiskIncident, Verdict } from '@riskline/contracts';
import { emptyRiskState, type RiskState } from './accumulator';
import { parseRiskSettings } from './risk-policy';
import { feed, H, T0 } from './testing/contribution-fixture';
import { applyIncidentVerdict } from './verdict-feedback';

const settings = parseRiskSettings(`suppression: {score_margin: 0.5}
policies:
  - {name: score, window: 24h, score_threshold: 100, cooldown: 1h, update_interval: 0s}
`);

function verdictOn(incident: RiskIncident, verdict: Verdict): IncidentVerdict {
  return {
    schema_version: 1,
    control: 'incident_verdict',
    risk_incident_id: incident.risk_incident_id,
    policy: incident.policy,
    entity_type: incident.entity_type,
    entity_value: incident.entity_value,
    verdict,
    incident_time: incident.window_end,
    analyst: 'tier1',
  };
}

/** An entity whose episode opened on rule `a` (score 100) and was judged `verdict`. */
function judged(verdict: Verdict): { state: RiskState; incident: RiskIncident } {
  const state = emptyRiskState(settings);
  const incident = feed(state, settings, [[T0, { rule_id: 'a', score: 100 }]])[0]!.incident;
  expect(applyIncidentVerdict(state, settings, verdictOn(incident, verdict))).toBe('verdict_applied');
  return { state, incident };
}

describe('verdict feedback', () => {
  it('withholds updates of a false-positive episode that add no source and stay within the margin', () => {
    const { state } = judged('false_positive');
    expect(feed(state, settings, [[T0 + 1, { rule_id: 'a', score: 40 }]])).toEqual([]);
    expect(state.counters.suppressed).toBe(1);
    // 100 × (1 + 0.5) = 150 is the most the verdict covers; 160 re-alerts.
    const grown = feed(state, settings, [[T0 + 2, { rule_id: 'a', score: 20 }]]);
    expect(grown.map((f) => [f.incident.kind, f.incident.score])).toEqual([['incident_updated', 160]]);
  });

  it('re-alerts at once when a new source joins', () => {
    const { state, incident } = judged('false_positive');
    const fired = feed(state, settings, [[T0 + 1, { rule_id: 'b', score: 1 }]]);
    expect(fired.map((f) => [f.incident.risk_incident_id, f.incident.sources])).toEqual([
      [incident.risk_incident_id, ['a', 'b']],
    ]);
  });

  it('keeps suppressing the same story in a later episode, counting it, until it changes', () => {
    const { state } = judged('false_positive');
    expect(feed(state, settings, [[T0 + 30 * H, { rule_id: 'a', score: 100 }]])).toEqual([]);
    expect(state.counters.suppressed).toBe(1);
    // The withheld episode is published, as its first record, once it goes beyond the verdict.
    const opened = feed(state, settings, [[T0 + 31 * H, { rule_id: 'c', score: 1 }]]);
    expect(opened.map((f) => [f.incident.kind, f.incident.revision, f.incident.episode_start])).toEqual([
      ['incident_opened', 1, new Date(T0 + 30 * H).toISOString()],
    ]);
  });

  it('lifts the suppression on any other verdict', () => {
    const { state, incident } = judged('false_positive');
    expect(applyIncidentVerdict(state, settings, verdictOn(incident, 'true_positive'))).toBe(
      'verdict_applied',
    );
    expect(feed(state, settings, [[T0 + 1, { rule_id: 'a', score: 1 }]])).toHaveLength(1);
    const tp = judged('true_positive');
    expect(feed(tp.state, settings, [[T0 + 1, { rule_id: 'a', score: 1 }]])).toHaveLength(1);
  });

  it('only counts a verdict for an entity it does not hold or an episode it does not know', () => {
    const { state, incident } = judged('false_positive');
    const before = state.entities.encode();
    expect(
      applyIncidentVerdict(state, settings, {
        ...verdictOn(incident, 'false_positive'),
        entity_value: 'bob',
      }),
    ).toBe('verdict_unmatched');
    expect(
      applyIncidentVerdict(state, settings, {
        ...verdictOn(incident, 'false_positive'),
        risk_incident_id: '00000000-0000-5000-8000-0000000000ff',
      }),
    ).toBe('verdict_unmatched');
    expect(
      applyIncidentVerdict(state, settings, { ...verdictOn(incident, 'false_positive'), policy: 'x' }),
    ).toBe('verdict_unmatched');
    expect(state.entities.encode()).toEqual(before);
    expect(state.entities.size).toBe(1);
  });
});
