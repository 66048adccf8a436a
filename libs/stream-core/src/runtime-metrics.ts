/**
 * Hooks through which the runtime reports what an operator graphs: lag, checkpoint and restore
 * cost, dead letters, fencing, record outcomes
 * and refused outputs. All optional; the service host serves them at /metrics.
 */
export interface PartitionRef {
  readonly topic: string;
  readonly partition: number;
}

export interface RuntimeMetrics {
  lag?(at: PartitionRef, lag: number): void;
  /** `entries`: entries written (null for a whole-state checkpoint); `full`: every entry rewritten. */
  checkpoint?(
    at: PartitionRef,
    sample: { durationMs: number; bytes: number; entries?: number | null; full?: boolean },
  ): void;
  checkpointFailed?(at: PartitionRef, reason: string): void;
  restore?(at: PartitionRef, sample: { durationMs: number; bytes: number; fromCheckpoint: boolean }): void;
  deadLetter?(at: PartitionRef, kind: string): void;
  fenced?(at: PartitionRef): void;
  /** Records with an outcome beyond "applied": `late`, `duplicate`, `evicted`, `re_routed`, … */
  outcome?(at: PartitionRef, outcome: string, count: number): void;
  /** An output the broker refused for good (the input went to the DLQ as `output_refused`). */
  produceFailed?(at: PartitionRef, outputTopic: string): void;
  /** kafkajs stopped the consumer for good (a non-retriable error) and the runner replaced it. */
  consumerRestart?(at: { readonly topic: string }): void;
}
