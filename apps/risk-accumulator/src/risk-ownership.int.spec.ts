/**
 * The risk accumulator under the runtime's guarantee, on the real broker and Redis: 100k
 * contributions over 10k entities, worker processes killed with SIGKILL and instances added
 * and removed mid-stream; the checkpointed windows (episodes included) and the set of incident
 * records equal an uninterrupted run's (the pure processor over each partition's log).
 */
import { type RiskIncident } from '@riskline/contracts';
import { decodeRiskState, encodeRiskState } from '@riskline/risk';
import { itEqualsAnUninterruptedRun } from '@riskline/stream-runtime/testing';
import { contributionAt, createProcessor, TEST_SETTINGS } from '@riskline/risk/testing';

const ENTITIES = 10_000;

describe('risk accumulator partition ownership (real Kafka + Redis)', () => {
  itEqualsAnUninterruptedRun({
    processorModule: 'libs/risk/src/testing/risk-worker.ts',
    name: 'risk',
    partitions: 6,
    total: 100_000,
    messageAt: (i) => contributionAt(i, ENTITIES),
    createProcessor,
    view: encodeRiskState,
    // A checkpoint restores lazily and drops what its watermark expired: compare like with like.
    referenceView: (expected) =>
      encodeRiskState(
        decodeRiskState(JSON.parse(JSON.stringify(encodeRiskState(expected.state))), TEST_SETTINGS),
      ),
    // Episodes: an incident's records share its id, one per revision, revisions 1..n.
    check: ({ outputs }) => {
      const incidents = outputs as RiskIncident[];
      const records = new Set(incidents.map((i) => `${i.risk_incident_id}#${i.revision}`));
      expect(records.size).toBe(incidents.length);
      const revisions = new Map<string, number[]>();
      for (const i of incidents)
        revisions.set(i.risk_incident_id, [...(revisions.get(i.risk_incident_id) ?? []), i.revision!]);
      expect(revisions.size).toBeGreaterThan(100);
      expect(incidents.length).toBeGreaterThan(revisions.size);
      for (const list of revisions.values())
        expect([...list].sort((a, b) => a - b)).toEqual(list.map((_, n) => n + 1));
    },
  });
});
