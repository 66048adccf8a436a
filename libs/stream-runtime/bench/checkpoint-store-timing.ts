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
  /** Best of `RESTORE_ROUNDS`; every round below it. */
  readonly whole_restore_ms: number;
  readonly whole_restore_rounds_ms: readonly number[];
  readonly keyed_full_write_ms: number;
  readonly keyed_changed_entries: number;
  readonly keyed_delta_write_ms: number;
  readonly keyed_delta_bytes: number;
  readonly keyed_restore_ms: number;
  readonly keyed_restore_rounds_ms: readonly number[];
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

/**
 * One restore measured alone swung 2-3× between runs here (GC, Redis rewriting its
 * append-only file): each is restored this many times, each round printed, the best reported.
 */
const RESTORE_ROUNDS = 3;

async function restoreRounds<S>(
  store: CheckpointStore,
  codec: SnapshotCodec<S>,
  address: Parameters<CheckpointStore['claim']>[0],
  same: (restored: S) => boolean,
): Promise<number[]> {
  const rounds: number[] = [];
  for (let round = 0; round < RESTORE_ROUNDS; round++) {
    const t0 = performance.now();
    const { state } = await restore(store, codec, address);
    rounds.push(ms(t0));
    if (!same(state)) throw new Error(`restore of ${address.topic} differs from what was written`);
  }
  return rounds;
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
    const wholeRounds = await restoreRounds(store, codec, whole, same);

    const { epoch } = await store.claim(keyed);
    t0 = performance.now();
    const full = checkpointWrite(codec, progress, true);
    await store.write(keyed, epoch, progress.nextOffset, full.body, full.entries);
    const keyed_full_write_ms = ms(t0);
    touch(progress.state);
    t0 = performance.now();
    const delta = checkpointWrite(codec, progress, false);
    await store.write(keyed, epoch, progress.nextOffset + 1, delta.body, delta.entries);
    const keyed_delta_write_ms = ms(t0);
    const keyedRounds = await restoreRounds(store, codec, keyed, same);
    const changed = (delta.entries?.upserts.length ?? 0) + (delta.entries?.deletes.length ?? 0);
    const deltaBytes = delta.body.length + entryBytesOf(delta.entries?.upserts ?? []);
    const memory = async (key: string) => Number((await redis.call('MEMORY', 'USAGE', key)) ?? 0);
    return {
      whole_write_ms,
      whole_bytes: body.length,
      whole_restore_ms: Math.min(...wholeRounds),
      whole_restore_rounds_ms: wholeRounds,
      keyed_full_write_ms,
      keyed_changed_entries: changed,
      keyed_delta_write_ms,
      keyed_delta_bytes: deltaBytes,
      keyed_restore_ms: Math.min(...keyedRounds),
      keyed_restore_rounds_ms: keyedRounds,
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
