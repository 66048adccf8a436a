/**
 * Risk contributions for tests: valid, each with a fresh id (and, by default, its own rule), for
 * a user `alice` at 2026-01-01 unless told otherwise; and `feed`, which applies them as an
 * in-order stream whose partition time is the greatest event time so far.
 */
import type { RiskContribution } from '@riskline/contracts';
import { accumulate, type Fired, type RiskState } from '../accumulator';
import type { RiskSettings } from '../risk-policy';

export const T0 = Date.UTC(2026, 0, 1);
export const H = 3_600_000;

let seq = 0;

/** Restarts ids (and default rules) at `n`: two runs from the same `n` get the same ids. */
export function resetContributionIds(n = 0): void {
  seq = n;
}

export function contribution(partial: Partial<RiskContribution> = {}): RiskContribution {
  seq++;
  return {
    schema_version: 1,
    contribution_id: `00000000-0000-5000-8000-${String(seq).padStart(12, '0')}`,
    detection_id: '00000000-0000-5000-8000-000000000000',
    entity_type: 'user',
    entity_value: 'alice',
    event_time: new Date(T0).toISOString(),
    score: 40,
    confidence: 1,
    rule_id: `rule-${seq}`,
    rule_version: 1,
    level: 'high',
    tactics: ['discovery'],
    techniques: [],
    ...partial,
  };
}

export function feed(
  state: RiskState,
  settings: RiskSettings,
  items: readonly (readonly [number, Partial<RiskContribution>])[],
): Fired[] {
  const fired: Fired[] = [];
  let now = -Infinity;
  for (const [t, partial] of items) {
    now = Math.max(now, t);
    fired.push(
      ...accumulate(
        state,
        settings,
        contribution({ event_time: new Date(t).toISOString(), ...partial }),
        t,
        now,
      ).fired,
    );
  }
  return fired;
}
