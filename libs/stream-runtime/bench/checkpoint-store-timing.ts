/**
 * What a partition's checkpoint costs through a real Redis, whole-state (format 1, the in-run
 * baseline) against keyed (format 2): the write of every entry, the write after `touch`
 * changed a few, and the restore (claim, entries streamed back, decode) of each.
 */
import type Redis from 'ioredis';
import {
  checkpointWrite,
  encodeCheckpoint,
  openCheckpoint,
  restoreCheckpoint,
  type PartitionProgress,
  type SnapshotCodec,
} from '@riskline/stream-core';
import { CheckpointStore, entryBytesOf } from '../src/checkpoint-store';

export interface CheckpointStoreTiming {
  readonly whole_write_ms: number;
  readonly whole_bytes: number;
  readonly whole_restore_ms: number;
  readonly keyed_full_write_ms: number;
  readonly keyed_changed_entries: number;
  readonly keyed_delta_write_ms: number;
  readonly keyed_delta_bytes: number;
  readonly keyed_restore_ms: number;
  readonly keyed_redis_bytes: number;
}

const ms = (t0: number) => Math.round(performance.now() - t0);

async function restore<S>(
  store: CheckpointStore,
  codec: SnapshotCodec<S>,
  address: Parameters<CheckpointStore['claim']>[0],
) {
  const claim = await store.claim(address);
  const opened = openCheckpoint(claim.checkpoint!.body);
  const entries = opened.ok && opened.hasEntries ? await store.entries(address) : undefined;
  const restored = restoreCheckpoint(codec, opened, address.partition, entries);
  if (!restored.ok) throw new Error(restored.reason);
  return { epoch: claim.epoch, state: restored.progress.state };
}

export async function checkpointStoreTiming<S>(
  redis: Redis,
  codec: SnapshotCodec<S>,
  progress: PartitionProgress<S>,
  touch: (state: S) => void,
  same: (restored: S) => boolean,
): Promise<CheckpointStoreTiming> {
  const store = new CheckpointStore(redis, `riskline:bench:${process.pid}:${Date.now()}`);
  const whole = { service: 'bench', topic: 'whole', partition: 0 };
  const keyed = { service: 'bench', topic: 'keyed', partition: 0 };
  try {
    let t0 = performance.now();
    const { epoch: wholeEpoch } = await store.claim(whole);
    const body = encodeCheckpoint(codec, progress);
    await store.write(whole, wholeEpoch, progress.nextOffset, body);
    const whole_write_ms = ms(t0);
    t0 = performance.now();
    if (!same((await restore(store, codec, whole)).state)) throw new Error('whole restore differs');
    const whole_restore_ms = ms(t0);

    let { epoch } = await store.claim(keyed);
    t0 = performance.now();
    const full = checkpointWrite(codec, progress, true);
    await store.write(keyed, epoch, progress.nextOffset, full.body, full.entries);
    const keyed_full_write_ms = ms(t0);
    touch(progress.state);
    t0 = performance.now();
    const delta = checkpointWrite(codec, progress, false);
    await store.write(keyed, epoch, progress.nextOffset + 1, delta.body, delta.entries);
    const keyed_delta_write_ms = ms(t0);
    t0 = performance.now();
    const restored = await restore(store, codec, keyed);
    const keyed_restore_ms = ms(t0);
    if (!same(restored.state)) throw new Error('keyed restore differs');
    epoch = restored.epoch;
    const changed = (delta.entries?.upserts.length ?? 0) + (delta.entries?.deletes.length ?? 0);
    const deltaBytes = delta.body.length + entryBytesOf(delta.entries?.upserts ?? []);
    const memory = async (key: string) => Number((await redis.call('MEMORY', 'USAGE', key)) ?? 0);
    return {
      whole_write_ms,
      whole_bytes: body.length,
      whole_restore_ms,
      keyed_full_write_ms,
      keyed_changed_entries: changed,
      keyed_delta_write_ms,
      keyed_delta_bytes: deltaBytes,
      keyed_restore_ms,
      keyed_redis_bytes: (await memory(store.key(keyed))) + (await memory(store.entriesKey(keyed))),
    };
  } finally {
    await redis.del(store.key(whole), store.entriesKey(whole), store.key(keyed), store.entriesKey(keyed));
  }
}

/** `checkpointStoreTiming` against the Redis at REDIS_URL (the bench's stack). */
export async function checkpointTimingThroughRedis<S>(
  codec: SnapshotCodec<S>,
  progress: PartitionProgress<S>,
  touch: (state: S) => void,
  same: (restored: S) => boolean,
): Promise<CheckpointStoreTiming> {
  const { connectRedis, createRedis, silentLog } = await import('../src');
  const redis = createRedis(process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379', silentLog);
  await connectRedis(redis);
  try {
    return await checkpointStoreTiming(redis, codec, progress, touch, same);
  } finally {
    await redis.quit();
  }
}
