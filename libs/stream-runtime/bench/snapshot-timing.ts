/**
 * What a processor's checkpoint costs: encode + gzip and gunzip + decode of one state through
 * the runtime's codec, with the body size. `same` checks the restore reproduced the state.
 */
import { decodeCheckpoint, encodeCheckpoint, type SnapshotCodec } from '@riskline/stream-core';

export function snapshotTiming<S>(
  codec: SnapshotCodec<S>,
  state: S,
  same: (restored: S) => boolean,
): { gzip_bytes: number; snapshot_ms: number; restore_ms: number } {
  const t0 = performance.now();
  const body = encodeCheckpoint(codec, { state, nextOffset: 1, watermarkMs: 0, nextTimerAtMs: null });
  const t1 = performance.now();
  const restored = decodeCheckpoint(codec, body, 0);
  const t2 = performance.now();
  if (!restored.ok || !same(restored.progress.state)) throw new Error('restore did not reproduce the state');
  return { gzip_bytes: body.length, snapshot_ms: Math.round(t1 - t0), restore_ms: Math.round(t2 - t1) };
}

/** Runs a bench's main, exiting 0 or — printing the error — 1. */
export function runBench(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error: Error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
