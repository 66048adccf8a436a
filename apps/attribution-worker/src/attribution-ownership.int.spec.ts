/**
 * The attribution worker under the runtime's guarantee, on the real broker and Redis: 40k
 * observations of 400 attackers (redeliveries and late ones included), worker processes
 * SIGKILLed and instances added and removed mid-stream; the checkpointed profiles and every
 * state change and multi-actor suspicion produced equal an uninterrupted run's — a restart
 * neither loses nor re-emits a suspicion.
 */
import { encodeProfiles } from '@riskline/attribution';
import { type AttributionEvent } from '@riskline/contracts';
import { itEqualsAnUninterruptedRun } from '@riskline/stream-runtime/testing';
import { createProcessor, observationAt } from '@riskline/attribution/testing';

describe('attribution worker partition ownership (real Kafka + Redis)', () => {
  itEqualsAnUninterruptedRun({
    processorModule: 'libs/attribution/src/testing/attribution-worker.ts',
    name: 'attribution',
    partitions: 4,
    total: 40_000,
    messageAt: observationAt,
    createProcessor,
    view: encodeProfiles,
    check: ({ states, outputs }) => {
      expect(states.reduce((n, st) => n + st.counters.duplicates, 0)).toBeGreaterThan(1000);
      const events = outputs as AttributionEvent[];
      expect(events.filter((e) => e.type === 'multi_actor_suspected').length).toBeGreaterThan(50);
      expect(new Set(events.map((e) => JSON.stringify(e))).size).toBe(events.length);
    },
  });
});
