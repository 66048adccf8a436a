/**
 * The offline runner: feeds records through a service's own processor as one partition, the
 * way the stream runtime does — `applyRecords` per record, the processor's event-time timers
 * fired as the service fires them, dead letters produced with the same reasons. What differs
 * from a service is only where records come from (files, in order) and where outputs go (the
 * caller), so an offline run and a streaming run of the same input give the same outputs.
 *
 * Invariant: every record fed ends as applied, or as exactly one dead letter passed to
 * `onDeadLetter` with the place it came from.
 */
import { dlqTopic, type DeadLetter } from '@riskline/contracts';
import {
  applyRecords,
  freshProgress,
  type InputRecord,
  type Output,
  type PartitionedProcessor,
  type PartitionProgress,
} from '@riskline/stream-core';

/** A record to feed: its key and bytes, and where it came from (for dead letters). */
export interface OfflineRecord {
  readonly key: string | null;
  readonly value: Buffer;
  readonly where: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface RefusedRecord {
  readonly where: string;
  readonly letter: DeadLetter;
}

/** How an offline command reports a dead letter on stderr: the record's place, then why. */
export function describeRefused({ where, letter }: RefusedRecord): string {
  return `dead letter ${where}: ${letter.reason.kind}: ${letter.reason.message}`;
}

export class OfflinePartition<S, I> {
  readonly progress: PartitionProgress<S>;
  private readonly whereByOffset = new Map<string, string>();
  /** Outcomes the processor counted (`late`, `duplicate`, …), as the service's metrics would. */
  readonly counted = new Map<string, number>();
  deadLetters = 0;

  constructor(
    private readonly processor: PartitionedProcessor<S, I>,
    private readonly onDeadLetter: (refused: RefusedRecord) => void,
  ) {
    this.progress = freshProgress(processor.createState(0), 0);
  }

  get state(): S {
    return this.progress.state;
  }

  /** Applies one record; returns the outputs it (and any timer it made due) produced. */
  feed(record: OfflineRecord): Output[] {
    const offset = String(this.progress.nextOffset);
    const input: InputRecord = {
      topic: this.processor.inputTopic,
      partition: 0,
      offset,
      key: record.key === null ? null : Buffer.from(record.key),
      value: record.value,
      timestamp: '',
      headers: record.headers ?? {},
    };
    this.whereByOffset.set(offset, record.where);
    const result = applyRecords(this.processor, this.progress, [input]);
    this.whereByOffset.delete(offset);
    for (const [outcome, n] of result.counted)
      this.counted.set(outcome, (this.counted.get(outcome) ?? 0) + n);
    const dlq = dlqTopic(this.processor.inputTopic);
    const outputs: Output[] = [];
    for (const output of result.outputs) {
      if (output.topic !== dlq) {
        outputs.push(output);
        continue;
      }
      this.deadLetters++;
      // applyRecords builds dead letters as objects (deadLetterFor); only bytes are re-routes.
      this.onDeadLetter({ where: record.where, letter: output.value as DeadLetter });
    }
    return outputs;
  }

  /**
   * Fires the processor's timer once more at its next instant, as the service would once time
   * moved on: at the end of offline input there is no later record to move it.
   */
  flushTimer(): Output[] {
    const timer = this.processor.timer;
    const { watermarkMs, nextTimerAtMs } = this.progress;
    if (!timer || watermarkMs === null || nextTimerAtMs === null) return [];
    return [...timer.fire(this.progress.state, { partition: 0, firesAtMs: nextTimerAtMs, watermarkMs })];
  }
}
