/**
 * Stage 1's outputs for an incident verdict: one per-rule record per contributing rule, and the
 * verdict fed back to the accumulator keyed by the incident's entity — a valid IncidentVerdict
 * timed at the incident, not at the analyst's clock.
 */
import { decodeMessage, IncidentVerdictSchema, topicNames } from '@riskline/contracts';
import { applyRecords, freshProgress } from '@riskline/stream-core';
import { IncidentIndex } from './incident-index';
import { incidentFixture, verdictFixture } from './testing/fixtures';
import { verdictRouterProcessor } from './verdict-router-processor';

const topics = topicNames({});
const ID = '11111111-1111-5111-8111-111111111111';

function route(verdict: Record<string, unknown>) {
  const index = new IncidentIndex(7 * 86_400_000, 100);
  index.record(incidentFixture(ID, ['r-a', 'r-b']));
  const processor = verdictRouterProcessor(topics, index);
  const record = {
    topic: topics.dispositions,
    partition: 0,
    offset: '0',
    key: null,
    value: Buffer.from(JSON.stringify(verdict)),
    timestamp: String(Date.parse('2026-03-05T00:00:00Z')),
    headers: {},
  };
  return applyRecords(processor, freshProgress(processor.createState(0), 0), [record]);
}

describe('verdict router', () => {
  it('feeds an incident verdict back to the accumulator, keyed by the entity', () => {
    const { outputs } = route(
      verdictFixture({ scope: 'incident', incident_id: ID, timestamp: '2026-03-04T12:00:00Z' }),
    );
    expect(outputs.filter((o) => o.topic === topics.dispositionsByRule).map((o) => o.key)).toEqual([
      'r-a',
      'r-b',
    ]);
    const feedback = outputs.filter((o) => o.topic === topics.riskContributions);
    expect(feedback.map((o) => [o.key, o.timestamp])).toEqual([
      ['user:alice', String(Date.parse('2026-03-01T09:00:00Z'))],
    ]);
    const decoded = decodeMessage(IncidentVerdictSchema, Buffer.from(JSON.stringify(feedback[0]!.value)));
    expect(decoded).toEqual({
      ok: true,
      value: expect.objectContaining({
        control: 'incident_verdict',
        risk_incident_id: ID,
        policy: 'score-24h',
        verdict: 'false_positive',
        incident_time: '2026-03-01T09:00:00.000Z',
      }),
    });
  });

  it('feeds nothing back for a detection verdict', () => {
    const { outputs } = route(verdictFixture({ rule_id: 'r-a', fingerprint: 'f' }));
    expect(outputs.map((o) => o.topic)).toEqual([topics.dispositionsByRule]);
  });
});
