/**
 * Analysts' verdicts fed back into the accumulator (IncidentVerdict control records, in order
 * with the entity's contributions): a suppressing verdict (by default false positive) on an
 * entity's current episode records the view the analyst judged, and from then on records that
 * add no source and grow the score by no more than the margin are withheld (episode.ts); any
 * other verdict on it lifts that. Invariant: a verdict never moves time on and never creates an
 * entity — one the accumulator no longer holds, or an episode since replaced, is only counted.
 */
import { entityKey, type IncidentVerdict } from '@riskline/contracts';
import type { RiskState } from './accumulator';
import type { RiskSettings } from './risk-policy';

export type VerdictOutcome = 'verdict_applied' | 'verdict_unmatched';

export function applyIncidentVerdict(
  state: RiskState,
  settings: RiskSettings,
  v: IncidentVerdict,
): VerdictOutcome {
  const i = settings.policies.findIndex((p) => p.name === v.policy);
  const key = entityKey(v.entity_type, v.entity_value);
  if (i < 0 || state.entities.peek(key) === undefined) return 'verdict_unmatched';
  const w = state.entities.get(key)!.windows[i]!;
  const episode = w.episode;
  if (episode?.id !== v.risk_incident_id || episode.published === null) {
    // A lifting verdict on the incident that set the judged view still lifts it.
    if (w.judged?.incidentId === v.risk_incident_id && !settings.suppressingVerdicts.has(v.verdict)) {
      w.judged = null;
      return 'verdict_applied';
    }
    return 'verdict_unmatched';
  }
  w.judged = settings.suppressingVerdicts.has(v.verdict)
    ? { incidentId: episode.id, score: episode.published.score, sources: episode.published.sources }
    : null;
  return 'verdict_applied';
}
