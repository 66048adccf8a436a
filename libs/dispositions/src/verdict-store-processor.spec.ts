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

function recordsOf(count: number) {
  return Array.from({ length: count }, (_, i) => {
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
}

function progressAfter(count: number) {
  const processor = verdictStoreProcessor(topics, TEST_SETTINGS);
  const progress = freshProgress(processor.createState(0), 0);
  applyRecords(processor, progress, recordsOf(count));
  return { processor, progress };
}

describe('verdict store outputs', () => {
  it("produces a batch's last scorecard per rule (a table), the same as record by record's last", () => {
    const records = recordsOf(500);
    const batched = verdictStoreProcessor(topics, TEST_SETTINGS);
    const result = applyRecords(batched, freshProgress(batched.createState(0), 0), records);
    const single = verdictStoreProcessor(topics, TEST_SETTINGS);
    const progress = freshProgress(single.createState(0), 0);
    const oneByOne = records.flatMap((r) => applyRecords(single, progress, [r]).outputs);
    const cards = (outputs: readonly { topic: string; key: unknown; value: unknown }[]) =>
      outputs.filter((o) => o.topic === topics.ruleScorecards);
    const lastByRule = (outputs: readonly { key: unknown; value: unknown }[]) =>
      new Map(outputs.map((o) => [String(o.key), JSON.stringify(o.value)]));
    expect(cards(oneByOne).length).toBeGreaterThan(cards(result.outputs).length);
    expect(new Set(cards(result.outputs).map((o) => String(o.key))).size).toBe(cards(result.outputs).length);
    expect(lastByRule(cards(result.outputs))).toEqual(lastByRule(cards(oneByOne)));
    expect(result.counted.get('output_superseded')).toBe(
      cards(oneByOne).length - cards(result.outputs).length,
    );
    // Rule states are not a table the runtime may thin: the relay acts on each.
    expect(result.outputs.filter((o) => o.topic === topics.ruleState)).toEqual(
      oneByOne.filter((o) => o.topic === topics.ruleState),
    );
  });
});

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
