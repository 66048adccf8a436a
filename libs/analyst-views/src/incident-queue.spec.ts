import type { Disposition, RiskIncident } from '@riskline/contracts';
import { IncidentQueue, type IncidentQuery } from './incident-queue';
import { VerdictLog } from './verdict-log';

function incident(id: string, over: Partial<RiskIncident> = {}): RiskIncident {
  return {
    schema_version: 1,
    risk_incident_id: id,
    kind: 'incident_opened',
    revision: 1,
    policy: 'score-24h',
    entity_type: 'user',
    entity_value: 'corp\\alice',
    trigger: 'score',
    score: 100,
    score_threshold: 100,
    severity: 'medium',
    tactic_count: 1,
    tactic_count_threshold: null,
    tactics: ['discovery'],
    sources: ['r1'],
    source_count: 1,
    window_start: '2026-02-01T00:00:00.000Z',
    window_end: '2026-02-01T10:00:00.000Z',
    result_count: 1,
    ...over,
  };
}

const all: IncidentQuery = { sort: 'time', descending: true, limit: 100 };
const verdict = (incidentId: string, v: Disposition['verdict'], timestamp: string): Disposition => ({
  schema_version: 1,
  verdict: v,
  scope: 'incident',
  incident_id: incidentId,
  timestamp,
  analyst: 'a',
});

describe('IncidentQueue', () => {
  it("names an episode's window in its row, though an update carries only what it added", () => {
    const ref = (rule: string, hour: number) => ({
      rule,
      level: 'high',
      score: 50,
      timestamp: `2026-02-01T${String(hour).padStart(2, '0')}:00:00.000Z`,
    });
    const queue = new IncidentQueue(10);
    queue.record(incident('e', { refs: [ref('r1', 1), ref('r2', 2)] }));
    queue.record(
      incident('e', {
        kind: 'incident_updated',
        revision: 2,
        refs_since_revision: 1,
        window_start: '2026-02-01T01:30:00.000Z',
        refs: [ref('r3', 3)],
      }),
    );
    const row = queue.get('e')!;
    expect(row.refs!.map((r) => r.rule)).toEqual(['r2', 'r3']); // r1 left the window
    expect(row.refs_since_revision).toBeUndefined();
    // After a gap (revision 3 never seen) the update is shown as it came.
    queue.record(
      incident('e', { kind: 'incident_updated', revision: 4, refs_since_revision: 3, refs: [ref('r4', 4)] }),
    );
    expect(queue.get('e')!.refs!.map((r) => r.rule)).toEqual(['r4']);
    expect(queue.get('e')!.refs_since_revision).toBe(3);
  });

  it('holds the highest revision of each episode, whatever order revisions arrive in', () => {
    const queue = new IncidentQueue(10);
    expect(queue.record(incident('a', { revision: 2, score: 150 }))).not.toBeNull();
    expect(queue.record(incident('a', { revision: 1, score: 100 }))).toBeNull();
    expect(queue.record(incident('a', { revision: 2, score: 150 }))).toBeNull();
    expect(queue.stale).toBe(2);
    expect(queue.record(incident('a', { revision: 3, score: 190, kind: 'incident_updated' }))?.score).toBe(
      190,
    );
    const rows = queue.list(all, new VerdictLog(10));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.incident.score).toBe(190);
    expect(rows[0]!.records).toBe(2);
  });

  it('drops the least recently opened episode beyond its capacity', () => {
    const queue = new IncidentQueue(2);
    queue.record(incident('a'));
    queue.record(incident('b'));
    queue.record(incident('a', { revision: 2 }));
    queue.record(incident('c'));
    expect(queue.get('a')).toBeUndefined();
    expect(queue.get('b')).toBeDefined();
    expect(queue.evicted).toBe(1);
  });

  it('sorts by severity, then score, then time, and either way', () => {
    const queue = new IncidentQueue(10);
    queue.record(incident('low', { severity: 'low', score: 500 }));
    queue.record(incident('crit', { severity: 'critical', score: 600 }));
    queue.record(incident('med1', { severity: 'medium', score: 120, window_end: '2026-02-01T12:00:00Z' }));
    queue.record(incident('med2', { severity: 'medium', score: 180, window_end: '2026-02-01T09:00:00Z' }));
    const log = new VerdictLog(10);
    const ids = (q: Partial<IncidentQuery>) =>
      queue.list({ ...all, ...q }, log).map((r) => r.incident.risk_incident_id);
    expect(ids({ sort: 'severity' })).toEqual(['crit', 'med2', 'med1', 'low']);
    expect(ids({ sort: 'severity', descending: false })).toEqual(['low', 'med1', 'med2', 'crit']);
    expect(ids({ sort: 'score' })).toEqual(['crit', 'low', 'med2', 'med1']);
    expect(ids({ sort: 'time' })[0]).toBe('med1');
    expect(ids({ sort: 'score', limit: 2 })).toEqual(['crit', 'low']);
  });

  it('filters by entity type, entity, policy and analyst state', () => {
    const queue = new IncidentQueue(10);
    queue.record(incident('u1'));
    queue.record(incident('h1', { entity_type: 'host', entity_value: 'srv-db-01', policy: 'tactics-7d' }));
    queue.record(incident('u2', { entity_value: 'corp\\bob' }));
    const log = new VerdictLog(10);
    log.record(verdict('u2', 'false_positive', '2026-02-02T00:00:00Z'));
    const ids = (q: Partial<IncidentQuery>) =>
      queue.list({ ...all, ...q }, log).map((r) => r.incident.risk_incident_id);
    expect(ids({ entityType: 'host' })).toEqual(['h1']);
    expect(ids({ policy: 'score-24h' }).sort()).toEqual(['u1', 'u2']);
    expect(ids({ state: 'false_positive' })).toEqual(['u2']);
    expect(ids({ state: 'untriaged' }).sort()).toEqual(['h1', 'u1']);
    expect(queue.ofEntity('user', 'corp\\bob', log).map((r) => r.state)).toEqual(['false_positive']);
  });
});
