/**
 * The verdict store under the runtime's guarantee, on the real broker and Redis: 40k per-rule
 * verdicts (with redeliveries and late ones) over 200 rules, with operators' rule states relayed
 * among them (auto-clip withheld, then resumed), worker processes SIGKILLed and
 * instances added and removed mid-stream; the checkpointed counts and seen keys, and every
 * scorecard and auto-clip record produced, equal an uninterrupted run's.
 */
import { encodeDispositionState, type DispositionState } from '@riskline/dispositions';
import { itEqualsAnUninterruptedRun } from '@riskline/stream-runtime/testing';
import { createProcessor, ruleVerdictAt, TEST_SETTINGS } from '@riskline/dispositions/testing';

describe('verdict store partition ownership (real Kafka + Redis)', () => {
  itEqualsAnUninterruptedRun({
    processorModule: 'libs/dispositions/src/testing/verdict-store-worker.ts',
    name: 'verdicts',
    partitions: 4,
    total: 40_000,
    messageAt: ruleVerdictAt,
    createProcessor,
    view: (state: DispositionState) => encodeDispositionState(state, TEST_SETTINGS),
    check: ({ states, outputs }) => {
      expect(states.reduce((n, st) => n + st.counters.duplicates, 0)).toBeGreaterThan(1000);
      expect(states.reduce((n, st) => n + st.counters.late, 0)).toBeGreaterThan(100);
      const clips = outputs.filter((o) => (o as { origin?: string }).origin === 'auto_clip') as {
        state: string;
      }[];
      expect(clips.filter((c) => c.state === 'clipped').length).toBeGreaterThan(10);
      expect(clips.filter((c) => c.state === 'enabled').length).toBeGreaterThan(10);
      const resumed = outputs.filter((o) =>
        String((o as { reason?: string }).reason).startsWith('auto-clip resumed'),
      );
      expect(resumed.length).toBeGreaterThan(0);
    },
  });
});
