/**
 * The store's checkpoint as the runtime writes and reads it: a round trip restores the counts;
 * a checkpoint of another snapshot version is never misread as this one (the runtime then
 * rebuilds the counts from the retained log).
 */
import { topicNames } from '@riskline/contracts';
import { decodeCheckpoint, encodeCheckpoint, freshProgress, applyRecords } from '@riskline/stream-core';
import type { DispositionState } from './verdict-store';
import { ruleVerdictAt, TEST_SETTINGS } from './testing/verdict-store-worker';
import { verdictStoreProcessor } from './verdict-store-processor';

const topics = topicNames({});

function progressAfter(count: number) {
  const processor = verdictStoreProcessor(topics, TEST_SETTINGS);
  const progress = freshProgress(processor.createState(0), 0);
  const records = Array.from({ length: count }, (_, i) => {
    const m = ruleVerdictAt(i);
    return {
      topic: topics.dispositionsByRule,
      partition: 0,
      offset: String(i),
      key: Buffer.from(m.key),
      value: Buffer.from(m.value),
      timestamp: '0',
      headers: {},
    };
  });
  applyRecords(processor, progress, records);
  return { processor, progress };
}

describe('verdict store checkpoints', () => {
  it('round-trips through the runtime codec', () => {
    const { processor, progress } = progressAfter(2000);
    const decoded = decodeCheckpoint(processor.snapshot, encodeCheckpoint(processor.snapshot, progress), 0);
    expect(decoded.ok).toBe(true);
    const restored = (decoded as { progress: typeof progress }).progress;
    expect(processor.snapshot.encode(restored.state)).toEqual(processor.snapshot.encode(progress.state));
    expect((restored.state as DispositionState).counters.counted).toBeGreaterThan(1000);
  });

  it('refuses a checkpoint of another snapshot version, saying which', () => {
    const { processor, progress } = progressAfter(100);
    const older = encodeCheckpoint(
      { ...processor.snapshot, version: processor.snapshot.version - 1 },
      progress,
    );
    expect(decodeCheckpoint(processor.snapshot, older, 0)).toEqual({
      ok: false,
      nextOffset: 100,
      reason: `snapshot version ${processor.snapshot.version - 1}, this build reads ${processor.snapshot.version}`,
    });
  });
});
