import { gzipSync } from 'node:zlib';
import { decodeCheckpoint, encodeCheckpoint } from './checkpoint-codec';
import type { PartitionProgress } from './partition-progress';
import { windowedSumProcessor, type WindowedSumState } from './testing/windowed-sum';

const codec = windowedSumProcessor({ name: 't', inputTopic: 'i', outputTopic: 'o' }).snapshot;

const progress = (): PartitionProgress<WindowedSumState> => ({
  state: {
    keys: new Map([
      ['k', { windowStartMs: 60_000, windowSum: 3, windowCount: 2, totalSum: 9, totalCount: 4 }],
    ]),
    late: 1,
  },
  nextOffset: 42,
  watermarkMs: 90_000,
  nextTimerAtMs: 120_000,
});

describe('checkpoint codec', () => {
  it('round-trips state and progress', () => {
    const decoded = decodeCheckpoint(codec, encodeCheckpoint(codec, progress()), 0);
    expect(decoded).toEqual({ ok: true, progress: progress() });
  });

  it('compresses', () => {
    const many: PartitionProgress<WindowedSumState> = { ...progress(), state: { keys: new Map(), late: 0 } };
    for (let i = 0; i < 10_000; i++)
      many.state.keys.set(`user:${i}`, {
        windowStartMs: 60_000,
        windowSum: i,
        windowCount: 1,
        totalSum: i,
        totalCount: 1,
      });
    const body = encodeCheckpoint(codec, many);
    expect(body.length).toBeLessThan(JSON.stringify([...many.state.keys]).length / 4);
  });

  it('refuses another snapshot version, saying why and keeping the offset for the log', () => {
    const body = encodeCheckpoint({ ...codec, version: 2 }, progress());
    expect(decodeCheckpoint(codec, body, 0)).toEqual({
      ok: false,
      nextOffset: 42,
      reason: 'snapshot version 2, this build reads 1',
    });
  });

  it('reads an earlier version the codec declares it still reads', () => {
    const older = encodeCheckpoint({ ...codec, version: 0 }, progress());
    expect(decodeCheckpoint({ ...codec, alsoReads: [0] }, older, 0)).toEqual({
      ok: true,
      progress: progress(),
    });
    expect(decodeCheckpoint({ ...codec, alsoReads: [2] }, older, 0)).toEqual(
      expect.objectContaining({ ok: false }),
    );
  });

  it('refuses unreadable bytes and another format', () => {
    expect(decodeCheckpoint(codec, Buffer.from('junk'), 0)).toEqual(
      expect.objectContaining({ ok: false, nextOffset: null }),
    );
    const otherFormat = gzipSync(JSON.stringify({ format: 9, snapshot_version: 1, next_offset: 5 }));
    expect(decodeCheckpoint(codec, otherFormat, 0)).toEqual({
      ok: false,
      nextOffset: 5,
      reason: 'checkpoint format 9, this build reads 1 and 2',
    });
  });
});
