/**
 * The analysts' incident queue: the newest revision of every risk incident episode read from
 * soc.risk.incidents, joined with the analysts' verdicts, filtered and sorted as the console's
 * queue asks. Invariant: one row per `risk_incident_id` holding its highest revision — a
 * revision that arrives after a newer one (a replay, another partition's lag) never replaces
 * it — and at most `capacity` episodes, the least recently opened dropped first. A row's refs
 * are its episode's window, though an update carries only what it added. Pure.
 */
import { FifoMap, type RiskIncident } from '@riskline/contracts';
import type { VerdictLog, JudgedVerdict } from './verdict-log';

export const INCIDENT_SORTS = ['severity', 'score', 'time'] as const;
export type IncidentSort = (typeof INCIDENT_SORTS)[number];

/** An episode not yet judged is `untriaged`; otherwise its latest verdict names its state. */
export const INCIDENT_STATES = [
  'untriaged',
  'true_positive',
  'false_positive',
  'benign_true_positive',
] as const;
export type IncidentState = (typeof INCIDENT_STATES)[number];

const SEVERITY_RANK: Readonly<Record<string, number>> = { low: 1, medium: 2, high: 3, critical: 4 };

export interface IncidentQuery {
  readonly entityType?: string;
  readonly entity?: string;
  readonly policy?: string;
  readonly state?: IncidentState;
  readonly sort: IncidentSort;
  readonly descending: boolean;
  readonly limit: number;
}

export interface IncidentRow {
  readonly incident: RiskIncident;
  /** How many records of this episode were seen (opened + updates). */
  readonly records: number;
  readonly state: IncidentState;
  readonly verdict: JudgedVerdict | null;
}

interface Entry {
  readonly incident: RiskIncident;
  readonly records: number;
}

export class IncidentQueue {
  private readonly episodes: FifoMap<string, Entry>;
  /** Records older than the revision already held, ignored. */
  stale = 0;
  /** Episodes dropped to stay within capacity. */
  evicted = 0;

  constructor(private readonly capacity: number) {
    this.episodes = new FifoMap();
  }

  get size(): number {
    return this.episodes.size;
  }

  /** Folds one record in; returns the row's incident when it changed what the queue shows. */
  record(incident: RiskIncident): RiskIncident | null {
    const held = this.episodes.get(incident.risk_incident_id);
    if (held && (held.incident.revision ?? 1) >= (incident.revision ?? 1)) {
      this.stale++;
      return null;
    }
    const folded = held ? withEpisodeRefs(held.incident, incident) : incident;
    this.episodes.set(incident.risk_incident_id, { incident: folded, records: (held?.records ?? 0) + 1 });
    while (this.episodes.size > this.capacity) {
      this.episodes.dropOldest();
      this.evicted++;
    }
    return incident;
  }

  get(id: string): RiskIncident | undefined {
    return this.episodes.get(id)?.incident;
  }

  /** Every episode of one entity, newest first. */
  ofEntity(entityType: string, entityValue: string, verdicts: VerdictLog): IncidentRow[] {
    return this.list(
      { entityType, entity: entityValue, sort: 'time', descending: true, limit: Number.MAX_SAFE_INTEGER },
      verdicts,
    );
  }

  list(query: IncidentQuery, verdicts: VerdictLog): IncidentRow[] {
    const rows: IncidentRow[] = [];
    for (const { incident, records } of this.episodes.values()) {
      if (query.entityType !== undefined && incident.entity_type !== query.entityType) continue;
      if (query.entity !== undefined && incident.entity_value !== query.entity) continue;
      if (query.policy !== undefined && incident.policy !== query.policy) continue;
      const verdict = verdicts.ofIncident(incident.risk_incident_id);
      const state: IncidentState = verdict?.verdict ?? 'untriaged';
      if (query.state !== undefined && state !== query.state) continue;
      rows.push({ incident, records, state, verdict });
    }
    const compare = comparator(query.sort);
    rows.sort((a, b) => (query.descending ? compare(b, a) : compare(a, b)) || tieBreak(a, b));
    return rows.slice(0, query.limit);
  }
}

/**
 * An update names only the contributions counted since the record before it; folded onto the
 * held revision when that is the one it follows, the row names the episode's window again
 * (those that left it dropped). After a gap (a revision never seen) the update stays as it came.
 */
function withEpisodeRefs(held: RiskIncident, next: RiskIncident): RiskIncident {
  if (next.refs_since_revision === undefined || next.refs_since_revision !== (held.revision ?? 1))
    return next;
  const startMs = Date.parse(next.window_start);
  const { refs_since_revision: _, ...whole } = next;
  if (next.refs)
    return {
      ...whole,
      refs: [...(held.refs ?? []), ...next.refs].filter((r) => Date.parse(r.timestamp) > startMs),
    };
  if (next.results)
    return {
      ...whole,
      results: [...(held.results ?? []), ...next.results].filter((r) => Date.parse(r.event_time) > startMs),
    };
  return whole;
}

type Compare = (a: IncidentRow, b: IncidentRow) => number;

const byTime: Compare = (a, b) => Date.parse(a.incident.window_end) - Date.parse(b.incident.window_end);
const byScore: Compare = (a, b) => a.incident.score - b.incident.score;
const bySeverity: Compare = (a, b) =>
  (SEVERITY_RANK[a.incident.severity ?? ''] ?? 0) - (SEVERITY_RANK[b.incident.severity ?? ''] ?? 0);

function comparator(sort: IncidentSort): Compare {
  if (sort === 'time') return (a, b) => byTime(a, b) || byScore(a, b);
  if (sort === 'score') return (a, b) => byScore(a, b) || byTime(a, b);
  return (a, b) => bySeverity(a, b) || byScore(a, b) || byTime(a, b);
}

/** A total order, so equal rows list the same way on every call. */
const tieBreak: Compare = (a, b) =>
  a.incident.risk_incident_id < b.incident.risk_incident_id
    ? -1
    : a.incident.risk_incident_id > b.incident.risk_incident_id
      ? 1
      : 0;
