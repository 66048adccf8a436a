import type { Detection, RiskContribution } from '@riskline/contracts';
import { DetectionStore } from './detection-store';

const detection = (id: string, eventTime: string): Detection => ({
  schema_version: 1,
  detection_id: id,
  rule_id: 'riskline-discovery-whoami',
  rule_version: 1,
  rule_title: 'Whoami',
  rule_kind: 'native',
  level: 'low',
  confidence: 0.5,
  score: 10,
  event_time: eventTime,
  source: { topic: 'soc.events', partition: 0, offset: '1' },
  entities: [{ type: 'user', value: 'CORP\\Alice' }],
  tactics: ['discovery'],
  techniques: ['T1033'],
  evidence: { Image: 'C:\\Windows\\System32\\whoami.exe' },
});

const contribution = (detectionId: string, value = 'corp\\alice'): RiskContribution =>
  ({
    schema_version: 1,
    contribution_id: `c-${detectionId}`,
    detection_id: detectionId,
    entity_type: 'user',
    entity_value: value,
    event_time: '2026-02-01T10:00:00Z',
    score: 10,
    confidence: 0.5,
    rule_id: 'riskline-discovery-whoami',
    rule_version: 1,
    level: 'low',
    tactics: ['discovery'],
    techniques: ['T1033'],
  }) as RiskContribution;

describe('DetectionStore', () => {
  it("finds an entity's detections by the canonical key its contributions carry, newest first", () => {
    const store = new DetectionStore(10, 10);
    store.recordDetection(detection('d1', '2026-02-01T10:00:00Z'));
    store.recordDetection(detection('d2', '2026-02-01T11:00:00Z'));
    store.recordContribution(contribution('d1'));
    store.recordContribution(contribution('d2'));
    store.recordContribution(contribution('d2'));
    store.recordContribution(contribution('d3'));
    expect(store.ofEntity('user', 'corp\\alice').map((d) => d.detection_id)).toEqual(['d2', 'd1']);
    expect(store.ofEntity('user', 'corp\\bob')).toEqual([]);
  });

  it('bounds detections and the ids kept per entity', () => {
    const store = new DetectionStore(2, 2);
    for (const id of ['d1', 'd2', 'd3']) {
      store.recordDetection(detection(id, '2026-02-01T10:00:00Z'));
      store.recordContribution(contribution(id));
    }
    expect(store.size).toBe(2);
    expect(store.evicted).toBe(1);
    expect(store.get('d1')).toBeUndefined();
    expect(
      store
        .ofEntity('user', 'corp\\alice')
        .map((d) => d.detection_id)
        .sort(),
    ).toEqual(['d2', 'd3']);
  });

  it('lists detections in an event-time range, end exclusive', () => {
    const store = new DetectionStore(10, 10);
    store.recordDetection(detection('d1', '2026-02-01T10:00:00Z'));
    store.recordDetection(detection('d2', '2026-02-01T11:00:00Z'));
    const ids = store
      .inRange(Date.parse('2026-02-01T10:00:00Z'), Date.parse('2026-02-01T11:00:00Z'))
      .map((d) => d.detection_id);
    expect(ids).toEqual(['d1']);
  });
});
