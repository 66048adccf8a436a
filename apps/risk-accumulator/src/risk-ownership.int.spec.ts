/**
 * The risk accumulator under the runtime's guarantee, on the real broker and Redis: 100k
 * contributions over 10k entities, worker processes killed with SIGKILL and instances added
 * and removed mid-stream; the checkpointed windows and the set of incidents equal an
 * uninterrupted run's (the pure processor over each partition's log).
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
    check: ({ outputs }) => {
      const ids = new Set((outputs as RiskIncident[]).map((i) => i.risk_incident_id));
      expect(ids.size).toBe(outputs.length);
      expect(ids.size).toBeGreaterThan(100);
    },
  });
});
