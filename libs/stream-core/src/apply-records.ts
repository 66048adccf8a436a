/**
 * The pure core of the runtime: applies a run of records to a partition's progress and returns
 * the outputs, dead letters included. No I/O, no clock — the runtime around it only moves bytes.
 *
 * Invariants:
 * - records below `nextOffset` are skipped (redelivery), so applying the same records twice
 *   changes nothing;
 * - every record ends in exactly one of: applied, re-routed to its key's partition, or a dead
 *   letter on `<topic>.dlq` with a typed reason — and the partition moves on;
 * - no record can move the partition's time past its own Kafka timestamp + `maxEventTimeSkewMs`
 *   (such a record is refused as `event_time_skew`), so one bad clock cannot make every later
 *   record late or fire every timer;
 * - of the outputs that update a table (`tableKey`), only the last per key in the run is kept;
 * - no output is larger than its topic accepts (`maxMessageBytes`): a dead letter is truncated,
 *   any other output refuses its input record as `output_refused` (a table output only if it
 *   survives coalescing, and then in its own place). A record that cannot be written would
 *   otherwise be retried forever and stall the partition.
 * Given the same limits, the result is a function of (progress, records): replay equality holds.
 */
import { deadLetterFor, dlqTopic, inEventTimeRange, type Rejection } from '@riskline/contracts';
import { outputBytes } from './output-encoding';
import { dueTimer } from './event-time-timer';
import { startRecordSpan, type RecordSpan } from './record-tracing';
import { keepLastPerTableKey, type CoalescedOutputs } from './table-outputs';
import type { PartitionProgress } from './partition-progress';
import type { HandlerOutcome, InputRecord, Output, PartitionedProcessor } from './processor';

/** Kafka's default `max.message.bytes`: the bound of a dead letter whose topic's own is unknown. */
export const DEFAULT_MAX_MESSAGE_BYTES = 1_048_588;

/** The deployment's bounds on records; all optional, so a test can apply records bare. */
export interface ApplyLimits {
  /** Largest gap by which an event time may lead its record's Kafka timestamp. */
  readonly maxEventTimeSkewMs?: number;
  /** The input topic's partition count, for processors that are `partitionedByKey`. */
  readonly partitionCount?: number;
  /** The partition a key belongs to (the producers' partitioner); needed with `partitionCount`. */
  readonly partitionOf?: (key: Buffer, partitionCount: number) => number;
  /** A topic's `max.message.bytes`; undefined when unknown. */
  readonly maxMessageBytes?: (topic: string) => number | undefined;
}

/** What happened to records, by outcome, beyond being applied (exported as counters). */
export type OutcomeCounts = Map<string, number>;

export interface ApplyResult {
  readonly outputs: Output[];
  /** The input offset each output came from (parallel to `outputs`; null for timer outputs). */
  readonly sources: (InputRecord | null)[];
  readonly applied: number;
  readonly skipped: number;
  readonly deadLetters: Rejection['kind'][];
  readonly counted: OutcomeCounts;
  readonly timerErrors: string[];
}

/** The DLQ record for a refused input: the reason, its coordinates, its payload and headers. */
export function deadLetterOutput(
  record: InputRecord,
  rejection: Rejection,
  rejectedBy: string,
  maxBytes?: number,
): Output {
  return {
    topic: dlqTopic(record.topic),
    key: record.key,
    value: deadLetterFor(rejection, { ...record }, rejectedBy, maxBytes),
    headers: record.headers,
    ...(record.timestamp ? { timestamp: record.timestamp } : {}),
  };
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

/** A handler's result in its full form, whichever form the handler returned. */
export function handlerOutcome(produced: readonly Output[] | HandlerOutcome): HandlerOutcome {
  return Array.isArray(produced) ? { outputs: produced } : (produced as HandlerOutcome);
}

/**
 * Outputs with their trace headers: each carries the record span's context, or an emit span's
 * linking the records it was made from; headers the handler set (a child span's) are kept.
 */
function traced(span: RecordSpan, outputs: readonly Output[]): Output[] {
  return outputs.map((output) => {
    const { links, ...produced } = output;
    if (output.headers?.['traceparent'] && !links) return produced;
    return { ...produced, headers: { ...output.headers, ...span.headersFor(links) } };
  });
}

/** The first output too large for its topic, as the reason to refuse its input. */
function oversizedOutput(outputs: readonly Output[], limits: ApplyLimits): Rejection | null {
  if (!limits.maxMessageBytes) return null;
  for (const output of outputs) {
    const max = limits.maxMessageBytes(output.topic);
    if (max === undefined) continue;
    const bytes = outputBytes(output);
    if (bytes > max)
      return {
        kind: 'output_refused',
        message: `its output to ${output.topic} is ${bytes} bytes, over the topic's max.message.bytes of ${max}`,
      };
  }
  return null;
}

/**
 * A table output that survived coalescing but is too large for its topic: its input goes to
 * the DLQ as `output_refused` in its place, once however many of its outputs are refused (as
 * the runtime does with an output the broker refuses), the input's other outputs going out; a
 * timer's has no input and is dropped, counted.
 */
function refuseOversizedTableOutputs(
  kept: CoalescedOutputs,
  tableKey: (output: Output) => string | null,
  limits: ApplyLimits,
  letterFor: (source: InputRecord, rejection: Rejection) => Output,
  deadLetters: Rejection['kind'][],
  count: (outcome: string) => void,
): Pick<CoalescedOutputs, 'outputs' | 'sources'> {
  if (!limits.maxMessageBytes) return kept;
  const outputs: Output[] = [];
  const sources: (InputRecord | null)[] = [];
  const refused = new Set<InputRecord>();
  kept.outputs.forEach((output, i) => {
    const source = kept.sources[i] ?? null;
    const refusal = tableKey(output) === null ? null : oversizedOutput([output], limits);
    if (refusal === null) {
      outputs.push(output);
      sources.push(source);
    } else if (source === null) count('output_dropped');
    else if (!refused.has(source)) {
      refused.add(source);
      deadLetters.push(refusal.kind);
      outputs.push(letterFor(source, refusal));
      sources.push(source);
    }
  });
  return { outputs, sources };
}

function skewRejection(
  eventTimeMs: number,
  record: InputRecord,
  maxSkewMs: number | undefined,
): Rejection | null {
  const recordMs = Number(record.timestamp);
  if (maxSkewMs === undefined || !Number.isFinite(recordMs) || recordMs < 0) return null;
  if (eventTimeMs - recordMs <= maxSkewMs) return null;
  return {
    kind: 'event_time_skew',
    message:
      `event time ${new Date(eventTimeMs).toISOString()} is ${Math.round((eventTimeMs - recordMs) / 1000)} s ` +
      `ahead of the record's timestamp ${new Date(recordMs).toISOString()} (allowed: ${maxSkewMs / 1000} s)`,
  };
}

export function applyRecords<S, I>(
  processor: PartitionedProcessor<S, I>,
  progress: PartitionProgress<S>,
  records: readonly InputRecord[],
  limits: ApplyLimits = {},
): ApplyResult {
  const outputs: Output[] = [];
  const sources: (InputRecord | null)[] = [];
  const deadLetters: Rejection['kind'][] = [];
  const counted: OutcomeCounts = new Map();
  const timerErrors: string[] = [];
  const count = (outcome: string) => counted.set(outcome, (counted.get(outcome) ?? 0) + 1);
  const letterFor = (record: InputRecord, rejection: Rejection) =>
    deadLetterOutput(
      record,
      rejection,
      processor.name,
      limits.maxMessageBytes?.(dlqTopic(record.topic)) ?? DEFAULT_MAX_MESSAGE_BYTES,
    );
  // Outputs carry their input's timestamp (as Kafka Streams does), so the next stage judges
  // event-time skew against the same clock the first stage did.
  const stamped = (record: InputRecord | null, list: readonly Output[]) =>
    list.map((o) => (o.timestamp || !record?.timestamp ? o : { ...o, timestamp: record.timestamp }));
  const emit = (record: InputRecord | null, list: readonly Output[]) => {
    for (const output of list) {
      outputs.push(output);
      sources.push(record);
    }
  };
  /** Decodes, checks and handles one record inside its span; every exit is one outcome. */
  const handleRecord = (record: InputRecord, span: RecordSpan): void => {
    const rejected = (rejection: Rejection) => {
      span.fail(`${rejection.kind}: ${rejection.message}`);
      deadLetters.push(rejection.kind);
      emit(record, [letterFor(record, rejection)]);
    };
    const decoded = processor.decode(record);
    if (!decoded.ok) {
      rejected(decoded.rejection);
      return;
    }
    const eventTimeMs = processor.eventTime(decoded.value, record);
    if (!inEventTimeRange(eventTimeMs)) {
      rejected({ kind: 'schema_violation', message: 'message has no valid event time (years 0000-9999)' });
      return;
    }
    const skew = skewRejection(eventTimeMs, record, limits.maxEventTimeSkewMs);
    if (skew) {
      rejected(skew);
      return;
    }
    const watermarkMs = Math.max(progress.watermarkMs ?? eventTimeMs, eventTimeMs);
    let outcome: HandlerOutcome;
    try {
      outcome = handlerOutcome(
        processor.handle(progress.state, decoded.value, {
          topic: record.topic,
          partition: record.partition,
          offset: record.offset,
          key: record.key ? record.key.toString('utf8') : null,
          headers: record.headers,
          eventTimeMs,
          watermarkMs,
          trace: span,
        }),
      );
    } catch (error) {
      rejected({ kind: 'handler_error', message: error instanceof Error ? error.message : String(error) });
      return;
    }
    for (const outcomeName of outcome.counted ?? []) count(outcomeName);
    if (outcome.refused) {
      rejected(outcome.refused);
      return;
    }
    const produced = stamped(record, traced(span, outcome.outputs ?? []));
    // Table outputs are sized once the batch is coalesced: most are superseded and never sent,
    // and sizing one means encoding it.
    const tableKey = processor.tableKey;
    const oversized = oversizedOutput(
      tableKey ? produced.filter((o) => tableKey(o) === null) : produced,
      limits,
    );
    if (oversized) rejected(oversized);
    else emit(record, produced);
    progress.watermarkMs = watermarkMs;
    const before = outputs.length;
    fireDueTimers(processor, progress, record.partition, outputs, timerErrors);
    for (let i = before; i < outputs.length; i++) sources.push(null);
  };
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
    if (processor.partitionedByKey && limits.partitionCount && limits.partitionOf && record.key) {
      const owner = limits.partitionOf(record.key, limits.partitionCount);
      if (owner !== record.partition) {
        count('re_routed');
        emit(null, [
          {
            topic: record.topic,
            partition: owner,
            key: record.key,
            value: record.value ?? Buffer.alloc(0),
            headers: record.headers,
            ...(record.timestamp ? { timestamp: record.timestamp } : {}),
          },
        ]);
        continue;
      }
    }
    const span = startRecordSpan(processor.name, record.headers, {
      'messaging.system': 'kafka',
      'messaging.destination.name': record.topic,
      'messaging.destination.partition.id': String(record.partition),
      'messaging.kafka.offset': Number(record.offset),
    });
    try {
      handleRecord(record, span);
    } finally {
      span.end();
    }
  }
  if (!processor.tableKey) return { outputs, sources, applied, skipped, deadLetters, counted, timerErrors };
  const kept = keepLastPerTableKey(outputs, sources, processor.tableKey);
  if (kept.superseded > 0) counted.set('output_superseded', kept.superseded);
  const sent = refuseOversizedTableOutputs(kept, processor.tableKey, limits, letterFor, deadLetters, count);
  return {
    outputs: sent.outputs,
    sources: sent.sources,
    applied,
    skipped,
    deadLetters,
    counted,
    timerErrors,
  };
}
