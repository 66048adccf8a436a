/**
 * Risk incident id → the rules that contributed to it and whose incident it is, kept for the
 * verdict window (judged against the greatest incident time seen, never a clock) and bounded in
 * size (the oldest recorded are forgotten first). Pure. The rules of an incident are its
 * `sources`, plus the rules named by its refs or results (`sources` may be capped by the risk
 * policy). An incident is an episode: its updates share its id, and the index follows them —
 * the rules are every record's together (a rule that left the window still contributed), the
 * time is the latest record's.
 */
import { eventTimeMs, FifoMap, type RiskIncident } from '@riskline/contracts';

/** Whose incident it is: what a verdict fed back to the accumulator names. */
export interface IncidentSubject {
  readonly policy: string;
  readonly entityType: string;
  readonly entityValue: string;
  /** The latest record's window_end. */
  readonly atMs: number;
}

interface IndexedIncident extends IncidentSubject {
  readonly rules: readonly string[];
}

export function contributingRules(incident: RiskIncident): string[] {
  const rules = new Set(incident.sources);
  for (const ref of incident.refs ?? []) rules.add(ref.rule);
  for (const result of incident.results ?? []) rules.add(result.rule_id);
  return [...rules].sort();
}

export class IncidentIndex {
  private readonly incidents = new FifoMap<string, IndexedIncident>();
  private watermarkMs = -Infinity;
  /** Incidents forgotten because the index was full while they were still in the window. */
  evicted = 0;

  constructor(
    private readonly windowMs: number,
    private readonly maxIncidents: number,
  ) {}

  get size(): number {
    return this.incidents.size;
  }

  record(incident: RiskIncident): void {
    const atMs = eventTimeMs(incident.window_end);
    this.watermarkMs = Math.max(this.watermarkMs, atMs);
    if (atMs <= this.watermarkMs - this.windowMs) return;
    const earlier = this.incidents.get(incident.risk_incident_id);
    const rules = earlier
      ? [...new Set([...earlier.rules, ...contributingRules(incident)])].sort()
      : contributingRules(incident);
    // Re-recording (an update, or a replayed record) moves it to the back, as the newest.
    this.incidents.renew(incident.risk_incident_id, {
      rules,
      policy: incident.policy,
      entityType: incident.entity_type,
      entityValue: incident.entity_value,
      atMs: Math.max(atMs, earlier?.atMs ?? atMs),
    });
    this.forgetExpired();
    while (this.incidents.size > this.maxIncidents) {
      this.incidents.dropOldest();
      this.evicted++;
    }
  }

  rulesOf(incidentId: string): readonly string[] | undefined {
    return this.held(incidentId)?.rules;
  }

  subjectOf(incidentId: string): IncidentSubject | undefined {
    const held = this.held(incidentId);
    if (!held) return undefined;
    const { policy, entityType, entityValue, atMs } = held;
    return { policy, entityType, entityValue, atMs };
  }

  private held(incidentId: string): IndexedIncident | undefined {
    const found = this.incidents.get(incidentId);
    return found && found.atMs > this.watermarkMs - this.windowMs ? found : undefined;
  }

  /** Incidents arrive nearly in time order, so the expired ones are at the front. */
  private forgetExpired(): void {
    const cutoff = this.watermarkMs - this.windowMs;
    for (
      let oldest = this.incidents.oldest();
      oldest && oldest[1].atMs <= cutoff;
      oldest = this.incidents.oldest()
    )
      this.incidents.dropOldest();
  }
}
