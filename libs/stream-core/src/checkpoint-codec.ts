/**
 * The bytes of a checkpoint. Pure. Two formats, both readable:
 * - 1, whole state: a gzip-compressed JSON envelope holding the format, the processor's
 *   snapshot version, the progress and the encoded state;
 * - 2, keyed state (`SnapshotCodec.keyed`): the same envelope holding only the state's rest,
 *   with the entries stored beside it by key, so a checkpoint writes the entries changed since
 *   the last one (a full one rewrites them all).
 * Invariant: `decodeCheckpoint` returns the progress only when the format is readable and the
 * snapshot version matches; otherwise it says why, and the caller rebuilds the state from the
 * retained log.
 */
import { gunzipSync, gzipSync, constants } from 'node:zlib';
import type { PartitionProgress } from './partition-progress';
import type { SnapshotCodec } from './processor';

export const CHECKPOINT_FORMAT = 1;
export const KEYED_CHECKPOINT_FORMAT = 2;

interface Envelope {
  readonly format: number;
  readonly snapshot_version: number;
  readonly next_offset: number;
  readonly watermark_ms: number | null;
  readonly next_timer_at_ms: number | null;
  /** Format 1: the whole state; format 2: the state's rest. */
  readonly state: unknown;
}

/** What one checkpoint writes: the envelope and, for a keyed state, the entries to change. */
export interface CheckpointWrite {
  readonly body: Buffer;
  /** Null for a whole-state checkpoint (any stored entries are dropped with it). */
  readonly entries: {
    /** The upserts are every entry: stored entries not among them are dropped. */
    readonly full: boolean;
    readonly upserts: readonly (readonly [key: string, entry: string])[];
    readonly deletes: readonly string[];
  } | null;
}

function envelopeOf<S>(
  format: number,
  codec: SnapshotCodec<S>,
  progress: PartitionProgress<S>,
  state: unknown,
) {
  const envelope: Envelope = {
    format,
    snapshot_version: codec.version,
    next_offset: progress.nextOffset,
    watermark_ms: progress.watermarkMs,
    next_timer_at_ms: progress.nextTimerAtMs,
    state,
  };
  // Level 1: checkpoints are written every few seconds; speed matters more than the last 10%.
  return gzipSync(Buffer.from(JSON.stringify(envelope)), { level: constants.Z_BEST_SPEED });
}

/** A whole-state (format 1) checkpoint. */
export function encodeCheckpoint<S>(codec: SnapshotCodec<S>, progress: PartitionProgress<S>): Buffer {
  return envelopeOf(CHECKPOINT_FORMAT, codec, progress, codec.encode(progress.state));
}

/**
 * The next checkpoint of a partition: whole-state for a codec without `keyed`; otherwise the
 * entries changed since the last checkpoint — or every entry when `full`, or when more than
 * `maxDeltaEntries` changed (a full rewrite can be written in slices; a delta is one command).
 * Takes the state's change marks, so a write that then fails must be followed by a full one.
 */
export function checkpointWrite<S>(
  codec: SnapshotCodec<S>,
  progress: PartitionProgress<S>,
  requestedFull: boolean,
  maxDeltaEntries = Number.POSITIVE_INFINITY,
): CheckpointWrite {
  const keyed = codec.keyed;
  if (!keyed) return { body: encodeCheckpoint(codec, progress), entries: null };
  const { state } = progress;
  const changed = [...keyed.takeChanged(state)];
  const full = requestedFull || changed.length > maxDeltaEntries;
  const upserts: [string, string][] = [];
  const deletes: string[] = [];
  for (const key of full ? keyed.keys(state) : changed) {
    const entry = keyed.entry(state, key);
    if (entry === undefined) deletes.push(key);
    else upserts.push([key, entry]);
  }
  return {
    body: envelopeOf(KEYED_CHECKPOINT_FORMAT, codec, progress, keyed.rest(state)),
    entries: { full, upserts, deletes },
  };
}

export type OpenedCheckpoint =
  | { readonly ok: true; readonly envelope: Envelope; readonly hasEntries: boolean }
  | { readonly ok: false; readonly nextOffset: number | null; readonly reason: string };

/** Reads a checkpoint's envelope; `hasEntries` says whether its entries must be fetched. */
export function openCheckpoint(bytes: Buffer): OpenedCheckpoint {
  let envelope: Envelope;
  try {
    envelope = JSON.parse(gunzipSync(bytes).toString('utf8')) as Envelope;
  } catch (error) {
    return { ok: false, nextOffset: null, reason: `checkpoint is unreadable: ${(error as Error).message}` };
  }
  const nextOffset = Number.isInteger(envelope.next_offset) ? envelope.next_offset : null;
  if (envelope.format !== CHECKPOINT_FORMAT && envelope.format !== KEYED_CHECKPOINT_FORMAT)
    return {
      ok: false,
      nextOffset,
      reason: `checkpoint format ${envelope.format}, this build reads ${CHECKPOINT_FORMAT} and ${KEYED_CHECKPOINT_FORMAT}`,
    };
  if (nextOffset === null) return { ok: false, nextOffset, reason: 'checkpoint has no offset' };
  return { ok: true, envelope, hasEntries: envelope.format === KEYED_CHECKPOINT_FORMAT };
}

export type DecodedCheckpoint<S> =
  | { readonly ok: true; readonly progress: PartitionProgress<S> }
  | { readonly ok: false; readonly nextOffset: number | null; readonly reason: string };

/** The progress an opened checkpoint holds, given its stored entries when it has them. */
export function restoreCheckpoint<S>(
  codec: SnapshotCodec<S>,
  opened: OpenedCheckpoint,
  partition: number,
  entries: Iterable<readonly [string, string]> = [],
): DecodedCheckpoint<S> {
  if (!opened.ok) return opened;
  const { envelope } = opened;
  const nextOffset = envelope.next_offset;
  if (envelope.snapshot_version !== codec.version && !codec.alsoReads?.includes(envelope.snapshot_version))
    return {
      ok: false,
      nextOffset,
      reason: `snapshot version ${envelope.snapshot_version}, this build reads ${codec.version}`,
    };
  if (opened.hasEntries && !codec.keyed)
    return { ok: false, nextOffset, reason: 'keyed checkpoint for a processor whose state is not keyed' };
  try {
    const state = opened.hasEntries
      ? codec.keyed!.decode(envelope.state, entries, partition, envelope.watermark_ms)
      : codec.decode(envelope.state, partition, envelope.watermark_ms);
    return {
      ok: true,
      progress: {
        state,
        nextOffset,
        watermarkMs: envelope.watermark_ms,
        nextTimerAtMs: envelope.next_timer_at_ms,
      },
    };
  } catch (error) {
    return { ok: false, nextOffset, reason: `snapshot does not decode: ${(error as Error).message}` };
  }
}

/** `openCheckpoint` then `restoreCheckpoint`. */
export function decodeCheckpoint<S>(
  codec: SnapshotCodec<S>,
  bytes: Buffer,
  partition: number,
  entries?: Iterable<readonly [string, string]>,
): DecodedCheckpoint<S> {
  return restoreCheckpoint(codec, openCheckpoint(bytes), partition, entries);
}
