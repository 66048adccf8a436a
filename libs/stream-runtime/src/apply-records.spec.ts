import { applyRecords } from './apply-records';
import { freshProgress } from './partition-progress';
import type { InputRecord } from './processor';
import { WINDOW_MS, windowedSumProcessor, type WindowedSumState } from './testing/windowed-sum';

const processor = windowedSumProcessor({ name: 'test', inputTopic: 'in', outputTopic: 'out' });

function record(offset: number, value: unknown, key = 'k'): InputRecord {
  return {
    topic: 'in',
    partition: 0,
    offset: String(offset),
    key: Buffer.from(key),
    value:
      value === undefined ? null : Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)),
    timestamp: '0',
    headers: { traceparent: 't' },
  };
}

const at = (minute: number, second = 0) => new Date(Date.UTC(2026, 0, 1, 0, minute, second)).toISOString();

describe('applyRecords', () => {
  it('applies records in order, advancing offset and watermark, emitting closed windows', () => {
    const progress = freshProgress<WindowedSumState>(processor.createState(0), 0);
    const result = applyRecords(processor, progress, [
      record(0, { key: 'k', n: 1, ts: at(0, 1) }),
      record(1, { key: 'k', n: 2, ts: at(0, 30) }),
      record(2, { key: 'k', n: 5, ts: at(1, 5) }),
    ]);
    expect(result.applied).toBe(3);
    expect(progress.nextOffset).toBe(3);
    expect(progress.watermarkMs).toBe(Date.parse(at(1, 5)));
    const values = result.outputs.filter((o) => o.topic === 'out').map((o) => o.value);
    expect(values).toEqual([
      expect.objectContaining({ key: 'k', sum: 3, count: 2, window_start: Date.parse(at(0)) }),
    ]);
    expect(progress.state.keys.get('k')).toEqual(
      expect.objectContaining({ totalSum: 8, totalCount: 3, windowSum: 5 }),
    );
  });

  it('skips records below nextOffset, so redelivery changes nothing', () => {
    const progress = freshProgress<WindowedSumState>(processor.createState(0), 0);
    const batch = [record(0, { key: 'k', n: 1, ts: at(0) }), record(1, { key: 'k', n: 2, ts: at(0) })];
    applyRecords(processor, progress, batch);
    const again = applyRecords(processor, progress, batch);
    expect(again).toEqual(expect.objectContaining({ applied: 0, skipped: 2, outputs: [] }));
    expect(progress.state.keys.get('k')?.totalCount).toBe(2);
  });

  it('turns an undecodable record into a dead letter with its coordinates and moves on', () => {
    const progress = freshProgress<WindowedSumState>(processor.createState(0), 0);
    const result = applyRecords(processor, progress, [
      record(0, '{not json'),
      record(1, { key: 'k', n: 1, ts: at(0) }),
    ]);
    expect(result.deadLetters).toEqual(['invalid_json']);
    expect(result.outputs[0]).toEqual({
      topic: 'in.dlq',
      key: 'k',
      headers: { traceparent: 't' },
      value: expect.objectContaining({
        rejected_by: 'test',
        reason: expect.objectContaining({ kind: 'invalid_json' }),
        source: expect.objectContaining({ topic: 'in', partition: 0, offset: '0' }),
        payload: { encoding: 'utf8', data: '{not json', bytes: 9 },
      }),
    });
    expect(progress.nextOffset).toBe(2);
    expect(progress.state.keys.get('k')?.totalCount).toBe(1);
  });

  it('turns a handler exception into a dead letter without stopping the partition', () => {
    const throwing = {
      ...processor,
      handle: () => {
        throw new Error('boom');
      },
    };
    const progress = freshProgress<WindowedSumState>(processor.createState(0), 0);
    const result = applyRecords(throwing, progress, [record(0, { key: 'k', n: 1, ts: at(0) })]);
    expect(result.deadLetters).toEqual(['handler_error']);
    expect(progress.nextOffset).toBe(1);
    expect(progress.watermarkMs).toBeNull();
  });

  it('fires event-time timers from the watermark, once per due instant, deterministically', () => {
    const run = () => {
      const progress = freshProgress<WindowedSumState>(processor.createState(0), 0);
      const outputs = [
        ...applyRecords(processor, progress, [
          record(0, { key: 'a', n: 1, ts: at(0, 10) }),
          record(1, { key: 'b', n: 4, ts: at(0, 20) }),
        ]).outputs,
        // A jump of ten windows closes both open windows through the timer.
        ...applyRecords(processor, progress, [record(2, { key: 'c', n: 1, ts: at(10, 0) })]).outputs,
      ];
      return { outputs, progress };
    };
    const first = run();
    expect(first.outputs.map((o) => (o.value as { key: string }).key)).toEqual(['a', 'b']);
    expect(first.progress.nextTimerAtMs).toBe(Date.parse(at(10)) + WINDOW_MS);
    expect(run().outputs).toEqual(first.outputs);
  });

  it('sends a record without a valid event time to the DLQ', () => {
    const progress = freshProgress<WindowedSumState>(processor.createState(0), 0);
    const result = applyRecords(processor, progress, [record(0, { key: 'k', n: 1, ts: 'yesterday' })]);
    expect(result.deadLetters).toEqual(['schema_violation']);
  });
});
