/**
 * The correlator processor on one partition, over the ordeal's input stream: every correlation
 * type fires, a correlation consumed by another emits chained inputs instead of detections,
 * late inputs are counted, and a run restored from a snapshot mid-stream equals an
 * uninterrupted one (what a crash and a checkpoint restore give).
 */
import { applyRecords, freshProgress, type InputRecord, type PartitionProgress } from '@riskline/stream-core';
import type { CorrelatorState } from './correlator-processor';
import { correlationInputAt, createProcessor } from './testing/correlator-worker';

const processor = createProcessor({ INPUT_TOPIC: 'in', OUTPUT_TOPIC: 'out', SERVICE: 'correlator' });
const record = (i: number): InputRecord => {
  const m = correlationInputAt(i);
  return {
    topic: 'in',
    partition: 0,
    // Room after each record for the chained inputs it causes (offsets must only grow).
    offset: String(i * 4),
    key: Buffer.from(m.key),
    value: Buffer.from(m.value),
    timestamp: '',
    headers: {},
  };
};

/** Feeds records [from, to), and the chained inputs it writes back as the topic would. */
function feed(progress: PartitionProgress<CorrelatorState>, from: number, to: number) {
  const outputs: Record<string, unknown>[] = [];
  const counted = new Map<string, number>();
  for (let i = from; i < to; i++) {
    const pending = [record(i)];
    let chained = 0;
    while (pending.length > 0) {
      const result = applyRecords(processor, progress, [pending.shift()!]);
      for (const o of result.outputs) {
        outputs.push(o.value as Record<string, unknown>);
        if ((o.value as { correlation_id?: string }).correlation_id)
          pending.push({
            ...record(i),
            offset: String(i * 4 + Math.min(++chained, 3)),
            key: Buffer.from(String(o.key)),
            value: Buffer.from(JSON.stringify(o.value)),
          });
      }
      for (const [k, n] of result.counted) counted.set(k, (counted.get(k) ?? 0) + n);
    }
  }
  return { outputs, counted };
}

describe('correlator processor', () => {
  const total = 12_000;
  const whole = freshProgress(processor.createState(0), 0);
  const { outputs, counted } = feed(whole, 0, total);

  it('fires every correlation type, and chains the one another consumes', () => {
    const detections = outputs.filter((o) => o['rule_kind'] === 'correlation');
    const fired = (id: string) => detections.filter((d) => d['rule_id'] === id).length;
    expect(
      ['corr-values', 'corr-ordered', 'corr-sum', 'corr-chain'].map((id) => [id, fired(id) > 0]),
    ).toEqual([
      ['corr-values', true],
      ['corr-ordered', true],
      ['corr-sum', true],
      ['corr-chain', true],
    ]);
    expect(fired('corr-count')).toBe(0);
    expect(outputs.filter((o) => o['correlation_id'] === 'corr-chain').length).toBeGreaterThan(
      fired('corr-chain'),
    );
    expect(counted.get('correlation_late')).toBeGreaterThan(0);
  });

  it('dead-letters an input whose record key is not its correlation key', () => {
    const progress = freshProgress(processor.createState(0), 0);
    const result = applyRecords(processor, progress, [
      { ...record(0), key: Buffer.from('user:someone-else') },
    ]);
    expect(result.counted.size).toBe(0);
    const letter = result.outputs[0]!.value as { reason: { kind: string; message: string } };
    expect(result.outputs).toHaveLength(1);
    expect(letter.reason.kind).toBe('schema_violation');
    expect(letter.reason.message).toMatch(
      /^record key "user:someone-else" is not the input's correlation key/,
    );
  });

  it('restored from a snapshot mid-stream, gives what an uninterrupted run gives', () => {
    const first = freshProgress(processor.createState(0), 0);
    const before = feed(first, 0, total / 2);
    const encoded = JSON.parse(JSON.stringify(processor.snapshot.encode(first.state)));
    const restored: PartitionProgress<CorrelatorState> = {
      ...first,
      state: processor.snapshot.decode(encoded, 0, first.watermarkMs),
    };
    const after = feed(restored, total / 2, total);
    expect([...before.outputs, ...after.outputs]).toEqual(outputs);
    expect(processor.snapshot.encode(restored.state)).toEqual(processor.snapshot.encode(whole.state));
  });
});
