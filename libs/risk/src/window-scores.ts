/**
 * The scores of one entity's window under one policy, as incidents and the read API report them:
 * the raw score after anti-stacking (and before, when caps took something off), the 0–100 entity
 * score with its level and what criticality added, and the severity band. One home, so an
 * incident and the API never disagree on what an entity scores.
 */
import type { RiskIncident } from '@riskline/contracts';
import { entityScore, severityOf } from './entity-score';
import type { EntityWindow, WindowEntry } from './entity-window';
import type { RiskSettings } from './risk-policy';

export type WindowScores = Required<
  Pick<RiskIncident, 'score' | 'normalized_score' | 'risk_level' | 'severity'>
> &
  Pick<RiskIncident, 'uncapped_score' | 'criticality' | 'criticality_contribution'>;

/** The entity's criticality as its newest contribution that knew one recorded it. */
function criticalityOf(entries: readonly WindowEntry[]): string | null {
  for (let i = entries.length - 1; i >= 0; i--) if (entries[i]!.detail?.c) return entries[i]!.detail!.c!;
  return null;
}

const round6 = (n: number) => Number(n.toFixed(6));

export function windowScores(settings: RiskSettings, w: EntityWindow): WindowScores {
  const entries = w.list();
  const score = round6(w.score);
  const uncapped = round6(w.scoreSum);
  const criticality = criticalityOf(entries);
  const entity = entityScore(
    entries.map((e) => e.score),
    criticality,
    settings.scoring,
  );
  return {
    score,
    ...(uncapped !== score ? { uncapped_score: uncapped } : {}),
    normalized_score: entity.normalized,
    risk_level: entity.level,
    ...(criticality !== null
      ? { criticality, criticality_contribution: entity.criticalityContribution }
      : {}),
    severity: severityOf(score, settings.severity),
  };
}
