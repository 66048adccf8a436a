/**
 * The pure core of the runtime: applies a run of records to a partition's progress and returns
 * the outputs, dead letters included. No I/O, no clock — the runtime around it only moves bytes.
 * Invariant: records below `nextOffset` are skipped (redelivery), so applying the same records
 * twice changes nothing; a record that fails decoding, event time or its handler becomes a dead
 * letter to `<topic>.dlq` and the partition moves on.
 */
import { deadLetterFor, dlqTopic, type Rejection } from '@riskline/contracts';
import type { PartitionProgress } from './partition-progress';
import type { InputRecord, Output, PartitionedProcessor } from './processor';

export interface ApplyResult {
  readonly outputs: Output[];
  readonly applied: number;
  readonly skipped: number;
  readonly deadLetters: Rejection['kind'][];
  readonly timerErrors: string[];
}

/** The DLQ record for a refused input: the reason, its coordinates, its payload and headers. */
export function deadLetterOutput(record: InputRecord, rejection: Rejection, rejectedBy: string): Output {
  return {
    topic: dlqTopic(record.topic),
    key: record.key ? record.key.toString('utf8') : null,
    value: deadLetterFor(rejection, { ...record }, rejectedBy),
    headers: record.headers,
  };
}

/**
 * When an event-time timer fires: its first instant is the interval after the first watermark;
 * it fires once the watermark reaches it, for the latest due instant only (a watermark jump of
 * many intervals is one catch-up). Returns the instant to fire (or null) and the next one.
 */
export function dueTimer(
  nextTimerAtMs: number | null,
  watermarkMs: number,
  everyMs: number,
): { readonly firesAtMs: number | null; readonly nextTimerAtMs: number } {
  const next = nextTimerAtMs ?? Math.floor(watermarkMs / everyMs) * everyMs + everyMs;
  if (next > watermarkMs) return { firesAtMs: null, nextTimerAtMs: next };
  const firesAtMs = Math.floor(watermarkMs / everyMs) * everyMs;
  return { firesAtMs, nextTimerAtMs: firesAtMs + everyMs };
}

function fireDueTimers<S, I>(
  processor: PartitionedProcessor<S, I>,
  progress: PartitionProgress<S>,
  partition: number,
  out: Output[],
  errors: string[],
): void {
  const timer = processor.timer;
  if (!timer || progress.watermarkMs === null) return;
  const watermark = progress.watermarkMs;
  const due = dueTimer(progress.nextTimerAtMs, watermark, timer.everyMs);
  progress.nextTimerAtMs = due.nextTimerAtMs;
  const firesAtMs = due.firesAtMs;
  if (firesAtMs === null) return;
  try {
    out.push(...timer.fire(progress.state, { partition, firesAtMs, watermarkMs: watermark }));
  } catch (error) {
    errors.push(`timer at ${firesAtMs} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export function applyRecords<S, I>(
  processor: PartitionedProcessor<S, I>,
  progress: PartitionProgress<S>,
  records: readonly InputRecord[],
): ApplyResult {
  const outputs: Output[] = [];
  const deadLetters: Rejection['kind'][] = [];
  const timerErrors: string[] = [];
  let applied = 0;
  let skipped = 0;
  for (const record of records) {
    const offset = Number(record.offset);
    if (offset < progress.nextOffset) {
      skipped += 1;
      continue;
    }
    progress.nextOffset = offset + 1;
    applied += 1;
    const rejected = (rejection: Rejection) => {
      deadLetters.push(rejection.kind);
      outputs.push(deadLetterOutput(record, rejection, processor.name));
    };
    const decoded = processor.decode(record);
    if (!decoded.ok) {
      rejected(decoded.rejection);
      continue;
    }
    const eventTimeMs = processor.eventTime(decoded.value, record);
    if (!Number.isFinite(eventTimeMs)) {
      rejected({ kind: 'schema_violation', message: 'message has no valid event time' });
      continue;
    }
    const watermarkMs = Math.max(progress.watermarkMs ?? eventTimeMs, eventTimeMs);
    try {
      const produced = processor.handle(progress.state, decoded.value, {
        topic: record.topic,
        partition: record.partition,
        offset: record.offset,
        key: record.key ? record.key.toString('utf8') : null,
        headers: record.headers,
        eventTimeMs,
        watermarkMs,
      });
      outputs.push(...produced);
    } catch (error) {
      rejected({ kind: 'handler_error', message: error instanceof Error ? error.message : String(error) });
      continue;
    }
    progress.watermarkMs = watermarkMs;
    fireDueTimers(processor, progress, record.partition, outputs, timerErrors);
  }
  return { outputs, applied, skipped, deadLetters, timerErrors };
}
