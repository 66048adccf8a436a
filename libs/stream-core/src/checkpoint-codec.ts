/**
 * The bytes of a checkpoint: a gzip-compressed JSON envelope holding the runtime's format
 * version, the processor's snapshot version, the progress and the encoded state. Pure.
 * Invariant: `decodeCheckpoint` returns the progress only when both versions match; otherwise
 * it says why, and the caller rebuilds the state from the retained log.
 */
import { gunzipSync, gzipSync, constants } from 'node:zlib';
import type { PartitionProgress } from './partition-progress';
import type { SnapshotCodec } from './processor';

export const CHECKPOINT_FORMAT = 1;

interface Envelope {
  readonly format: number;
  readonly snapshot_version: number;
  readonly next_offset: number;
  readonly watermark_ms: number | null;
  readonly next_timer_at_ms: number | null;
  readonly state: unknown;
}

export function encodeCheckpoint<S>(codec: SnapshotCodec<S>, progress: PartitionProgress<S>): Buffer {
  const envelope: Envelope = {
    format: CHECKPOINT_FORMAT,
    snapshot_version: codec.version,
    next_offset: progress.nextOffset,
    watermark_ms: progress.watermarkMs,
    next_timer_at_ms: progress.nextTimerAtMs,
    state: codec.encode(progress.state),
  };
  // Level 1: checkpoints are written every few seconds; speed matters more than the last 10%.
  return gzipSync(Buffer.from(JSON.stringify(envelope)), { level: constants.Z_BEST_SPEED });
}

export type DecodedCheckpoint<S> =
  | { readonly ok: true; readonly progress: PartitionProgress<S> }
  | { readonly ok: false; readonly nextOffset: number | null; readonly reason: string };

export function decodeCheckpoint<S>(
  codec: SnapshotCodec<S>,
  bytes: Buffer,
  partition: number,
): DecodedCheckpoint<S> {
  let envelope: Envelope;
  try {
    envelope = JSON.parse(gunzipSync(bytes).toString('utf8')) as Envelope;
  } catch (error) {
    return { ok: false, nextOffset: null, reason: `checkpoint is unreadable: ${(error as Error).message}` };
  }
  const nextOffset = Number.isInteger(envelope.next_offset) ? envelope.next_offset : null;
  if (envelope.format !== CHECKPOINT_FORMAT) {
    return {
      ok: false,
      nextOffset,
      reason: `checkpoint format ${envelope.format}, this build reads ${CHECKPOINT_FORMAT}`,
    };
  }
  if (envelope.snapshot_version !== codec.version) {
    return {
      ok: false,
      nextOffset,
      reason: `snapshot version ${envelope.snapshot_version}, this build reads ${codec.version}`,
    };
  }
  if (nextOffset === null) return { ok: false, nextOffset, reason: 'checkpoint has no offset' };
  try {
    return {
      ok: true,
      progress: {
        state: codec.decode(envelope.state, partition, envelope.watermark_ms),
        nextOffset,
        watermarkMs: envelope.watermark_ms,
        nextTimerAtMs: envelope.next_timer_at_ms,
      },
    };
  } catch (error) {
    return { ok: false, nextOffset, reason: `snapshot does not decode: ${(error as Error).message}` };
  }
}
