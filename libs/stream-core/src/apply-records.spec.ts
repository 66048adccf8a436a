import { applyRecords } from './apply-records';
import type { DeadLetter } from '@riskline/contracts';
import { freshProgress } from './partition-progress';
import type { InputRecord } from './processor';
import { WINDOW_MS, windowedSumProcessor, type WindowedSumState } from './testing/windowed-sum';

const processor = windowedSumProcessor({ name: 'test', inputTopic: 'in', outputTopic: 'out' });

function record(offset: number, value: unknown, key = 'k', timestamp = '0'): InputRecord {
  return {
    topic: 'in',
    partition: 0,
    offset: String(offset),
    key: Buffer.from(key),
    value:
      value === undefined ? null : Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)),
    timestamp,
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
      key: Buffer.from('k'),
      headers: { traceparent: 't' },
      timestamp: '0',
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

  describe("under the deployment's limits", () => {
    const HOUR = 3_600_000;
    const now = Date.parse(at(30));

    it('refuses an event time further ahead of its record timestamp than the skew, without moving time', () => {
      const progress = freshProgress<WindowedSumState>(processor.createState(0), 0);
      const result = applyRecords(
        processor,
        progress,
        [
          record(0, { key: 'k', n: 1, ts: at(0) }, 'k', String(now)),
          record(1, { key: 'k', n: 1, ts: '9999-12-31T00:00:00Z' }, 'k', String(now)),
          record(2, { key: 'k', n: 1, ts: at(1) }, 'k', String(now)),
        ],
        { maxEventTimeSkewMs: HOUR },
      );
      expect(result.deadLetters).toEqual(['event_time_skew']);
      const letter = result.outputs.find((o) => o.topic === 'in.dlq')!.value as DeadLetter;
      expect(letter.reason.message).toMatch(/ahead of the record's timestamp/);
      expect(progress.watermarkMs).toBe(Date.parse(at(1)));
      expect(progress.state.keys.get('k')?.totalCount).toBe(2);
    });

    it('accepts event times behind the record timestamp however old (backfills)', () => {
      const progress = freshProgress<WindowedSumState>(processor.createState(0), 0);
      const result = applyRecords(
        processor,
        progress,
        [record(0, { key: 'k', n: 1, ts: '2020-01-01T00:00:00Z' }, 'k', String(now))],
        { maxEventTimeSkewMs: HOUR },
      );
      expect(result.deadLetters).toEqual([]);
    });

    it("re-routes a record found on another partition than its key's, byte-exact, instead of applying it", () => {
      const keyed = { ...processor, partitionedByKey: true };
      const key = Buffer.from([0x75, 0x73, 0x65, 0x72, 0x3a, 0xff]);
      // Any deterministic partitioner serves: the core takes the producers' one as a limit.
      const partitionOf = (k: Buffer, count: number) => k[k.length - 1]! % count;
      const owner = partitionOf(key, 12);
      const misplaced = { ...record(0, { key: 'x', n: 1, ts: at(0) }), key, partition: (owner + 1) % 12 };
      const progress = freshProgress<WindowedSumState>(keyed.createState(misplaced.partition), 0);
      const result = applyRecords(keyed, progress, [misplaced], { partitionCount: 12, partitionOf });
      expect(result.counted.get('re_routed')).toBe(1);
      expect(result.outputs).toEqual([
        expect.objectContaining({ topic: 'in', partition: owner, key, value: misplaced.value }),
      ]);
      expect(progress.state.keys.size).toBe(0);
      expect(progress.nextOffset).toBe(1);
    });

    it('refuses the input of an output too large for its topic, and truncates a dead letter to fit', () => {
      const huge = 'x'.repeat(50_000);
      const progress = freshProgress<WindowedSumState>(processor.createState(0), 0);
      const result = applyRecords(
        processor,
        progress,
        [record(0, { key: huge, n: 1, ts: at(0) }), record(1, { key: huge, n: 1, ts: at(2) })],
        { maxMessageBytes: (topic) => (topic === 'out' ? 10_000 : topic === 'in.dlq' ? 20_000 : undefined) },
      );
      expect(result.deadLetters).toEqual(['output_refused']);
      const dlq = result.outputs.filter((o) => o.topic === 'in.dlq');
      const letter = dlq[0]!.value as DeadLetter;
      expect(letter.reason.message).toMatch(
        /its output to out is \d+ bytes, over the topic's max.message.bytes of 10000/,
      );
      expect(letter.payload.truncated).toBe(true);
      expect(letter.payload.bytes).toBe(record(1, { key: huge, n: 1, ts: at(2) }).value!.length);
      expect(Buffer.byteLength(JSON.stringify(letter))).toBeLessThanOrEqual(20_000);
      expect(result.outputs.some((o) => o.topic === 'out')).toBe(false);
    });

    it('sizes table outputs once coalesced: a superseded one refuses nothing, a kept one refuses its input in its place', () => {
      // Each record's window sum goes out twice: to 'out' as is, and to the table 'tab' keyed by
      // its key, padded to the size the record asks for.
      const tabled = {
        ...processor,
        tableKey: (o: { topic: string; key: string | Buffer | null }) =>
          o.topic === 'tab' || o.topic === 'tab2' ? `${o.topic}/${String(o.key)}` : null,
        handle: (state: WindowedSumState, value: { key: string; n: number; ts: string }, ctx: never) => {
          const outputs = processor.handle(state, value, ctx) as { topic: string }[];
          return [
            ...outputs,
            { topic: 'tab', key: value.key, value: { key: value.key, pad: 'x'.repeat(value.n) } },
            { topic: 'plain', key: value.key, value: { n: value.n } },
            // 'b' also updates a second table, as oversized: its input is still refused once.
            ...(value.key === 'b' ? [{ topic: 'tab2', key: 'b', value: { pad: 'x'.repeat(value.n) } }] : []),
          ];
        },
      } as unknown as typeof processor;
      const limits = {
        maxMessageBytes: (topic: string) => (topic === 'tab' || topic === 'tab2' ? 5_000 : undefined),
      };
      const progress = freshProgress<WindowedSumState>(processor.createState(0), 0);
      const result = applyRecords(
        tabled,
        progress,
        [
          record(0, { key: 'a', n: 9_000, ts: at(0) }), // oversized, then superseded by offset 1
          record(1, { key: 'a', n: 10, ts: at(0, 1) }),
          record(2, { key: 'b', n: 9_000, ts: at(0, 2) }), // oversized and kept
        ],
        limits,
      );
      expect(result.deadLetters).toEqual(['output_refused']);
      const letter = result.outputs.find((o) => o.topic === 'in.dlq')!.value as DeadLetter;
      expect(letter.source.offset).toBe('2');
      expect(result.outputs.filter((o) => o.topic === 'in.dlq')).toHaveLength(1);
      expect(result.outputs.filter((o) => o.topic === 'tab').map((o) => o.key)).toEqual(['a']);
      expect(result.outputs.some((o) => o.topic === 'tab2')).toBe(false);
      expect(result.outputs.filter((o) => o.topic === 'plain')).toHaveLength(3);
      expect(result.counted.get('output_superseded')).toBe(1);
    });

    it('lets a handler refuse a record and count outcomes', () => {
      const refusing = {
        ...processor,
        handle: () => ({ refused: { kind: 'late' as const, message: 'too old for k' }, counted: ['late'] }),
      };
      const progress = freshProgress<WindowedSumState>(processor.createState(0), 0);
      const result = applyRecords(refusing, progress, [record(0, { key: 'k', n: 1, ts: at(0) })]);
      expect(result.deadLetters).toEqual(['late']);
      expect(result.counted.get('late')).toBe(1);
      expect(progress.watermarkMs).toBeNull();
    });

    it("gives outputs their input record's timestamp", () => {
      const progress = freshProgress<WindowedSumState>(processor.createState(0), 0);
      const result = applyRecords(processor, progress, [
        record(0, { key: 'k', n: 1, ts: at(0) }, 'k', '111'),
        record(1, { key: 'k', n: 1, ts: at(2) }, 'k', '222'),
      ]);
      expect(result.outputs.filter((o) => o.topic === 'out').map((o) => o.timestamp)).toEqual(['222']);
    });
  });
});
