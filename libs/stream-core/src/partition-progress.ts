/**
 * A partition's processing position: its state and where it stands in the log and in event
 * time. Invariant: `state` is exactly the result of every record before `nextOffset` (and of
 * the timers their watermark made due) — the pair is what a checkpoint stores and restores.
 */
export interface PartitionProgress<S> {
  state: S;
  /** Offset of the next record to apply. */
  nextOffset: number;
  /** Greatest event time applied so far, or null before the first record. */
  watermarkMs: number | null;
  /** Next aligned timer instant, or null before the first record (or without timers). */
  nextTimerAtMs: number | null;
}

export function freshProgress<S>(state: S, nextOffset: number): PartitionProgress<S> {
  return { state, nextOffset, watermarkMs: null, nextTimerAtMs: null };
}
