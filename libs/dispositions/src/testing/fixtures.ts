/** Test fixtures: an analyst verdict and a risk incident, with overridable fields. */
import type { RiskIncident } from '@riskline/contracts';

export function verdictFixture(fields: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    schema_version: 1,
    verdict: 'false_positive',
    scope: 'detection',
    timestamp: '2026-03-01T10:00:00Z',
    analyst: 'ana',
    ...fields,
  };
}

/** An incident raised at `windowEnd` by `rules`. */
export function incidentFixture(
  id: string,
  rules: string[],
  windowEnd = '2026-03-01T09:00:00.000Z',
): RiskIncident {
  const end = Date.parse(windowEnd);
  return {
    schema_version: 1,
    risk_incident_id: id,
    policy: 'score-24h',
    entity_type: 'user',
    entity_value: 'alice',
    trigger: 'score',
    score: 120,
    score_threshold: 100,
    tactic_count: 1,
    tactic_count_threshold: null,
    tactics: ['discovery'],
    sources: rules,
    source_count: rules.length,
    window_start: new Date(end - 86_400_000).toISOString(),
    window_end: new Date(end).toISOString(),
    result_count: rules.length,
  };
}
