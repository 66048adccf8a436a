/**
 * What a stateful service gives the runtime: a per-partition state factory, a deterministic
 * handler, a snapshot codec and optional event-time timers. The runtime owns everything else —
 * the consumer group, ordering, outputs, checkpoints and the DLQ.
 *
 * Invariant the service must keep: `handle` and `timer.fire` are pure functions of (state,
 * message, context) — no clock, no I/O, no randomness — so replaying the same records from a
 * checkpoint reproduces the same state and the same outputs. They may mutate the state they
 * are given, but must not throw after mutating it (a throw turns the record into a dead letter
 * and the state must still be the state before it).
 */
import type { RecordTrace } from './record-tracing';
import type { Decoded, Rejection } from '@riskline/contracts';

/** A consumed Kafka record, as the runtime hands it to the processor. */
export interface InputRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly timestamp: string;
  readonly headers: Readonly<Record<string, string>>;
}

export interface HandlerContext {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  readonly headers: Readonly<Record<string, string>>;
  /** This message's event time (epoch ms). */
  readonly eventTimeMs: number;
  /**
   * The partition's time after this message: the greatest event time accepted so far. It is
   * the clock of timers and of memory bounds, never the test of lateness: a key's lateness is
   * judged against that key's own time (see docs/architecture.md, "Time").
   */
  readonly watermarkMs: number;
  /** The span of this record's handling (the runtime starts and ends it). */
  readonly trace: RecordTrace;
}

export interface TimerContext {
  readonly partition: number;
  /** The aligned event time the timer fires for (a multiple of `everyMs`). */
  readonly firesAtMs: number;
  readonly watermarkMs: number;
}

/** A record to produce. Values are JSON-encoded unless already bytes. */
export interface Output {
  readonly topic: string;
  /** Bytes are produced as they are (a dead letter or a re-routed record keeps its key exact). */
  readonly key: string | Buffer | null;
  readonly value: object | Buffer;
  readonly headers?: Readonly<Record<string, string>>;
  /** Set only to re-route a record to the partition its key belongs to. */
  readonly partition?: number;
  /** Kafka timestamp (epoch ms); the runtime gives each output its input record's. */
  readonly timestamp?: string;
  /**
   * The `traceparent`s of the records this output was made from besides the one being handled
   * (an incident's contributions): the runtime links the output's span to each. Not produced.
   */
  readonly links?: readonly string[];
}

/**
 * What a handler may return instead of a bare list of outputs: a refusal (the record goes to
 * the DLQ with this reason; the handler must have left the state as it was) and named
 * outcomes the runtime counts per processor and partition (`duplicate`, `evicted`, …).
 */
export interface HandlerOutcome {
  readonly outputs?: readonly Output[];
  readonly refused?: Rejection;
  readonly counted?: readonly string[];
}

export interface SnapshotCodec<S> {
  /** Bumped whenever the encoded shape changes; a checkpoint of another version is not decoded. */
  readonly version: number;
  /** Earlier versions `decode` still reads (a shape that only gained optional parts). */
  readonly alsoReads?: readonly number[];
  encode(state: S): unknown;
  /** `watermarkMs` is the partition's watermark when the snapshot was taken (null before any record). */
  decode(encoded: unknown, partition: number, watermarkMs: number | null): S;
  /** Present when the state is entries by key: checkpoints then write only what changed. */
  readonly keyed?: KeyedSnapshot<S>;
}

/**
 * A state made of independent entries by key (entities, rules, attackers) and a small rest
 * (counters). Invariant: every key whose entry was set, changed or removed since the last
 * `takeChanged` is among the keys that call returns — the runtime writes those entries and
 * nothing else; a periodic full checkpoint bounds the harm of a change not reported.
 */
export interface KeyedSnapshot<S> {
  /** Keys changed or removed since the last call; the state forgets them. */
  takeChanged(state: S): Iterable<string>;
  /** Every key the state holds. */
  keys(state: S): Iterable<string>;
  /** The encoded entry of `key`, or undefined when the state no longer holds it. */
  entry(state: S, key: string): string | undefined;
  /** Everything that is not an entry. */
  rest(state: S): unknown;
  /** A state from its rest and every stored entry (in no particular order). */
  decode(
    rest: unknown,
    entries: Iterable<readonly [key: string, entry: string]>,
    partition: number,
    watermarkMs: number | null,
  ): S;
}

export interface EventTimeTimer<S> {
  readonly everyMs: number;
  fire(state: S, context: TimerContext): readonly Output[];
}

export interface PartitionedProcessor<S, I> {
  /** Names the checkpoints of this processor; with the input topic it scopes them in Redis. */
  readonly name: string;
  readonly inputTopic: string;
  decode(record: InputRecord): Decoded<I>;
  /** Event time of a decoded message in epoch ms; a non-finite value sends it to the DLQ. */
  eventTime(message: I, record: InputRecord): number;
  createState(partition: number): S;
  handle(state: S, message: I, context: HandlerContext): readonly Output[] | HandlerOutcome;
  readonly snapshot: SnapshotCodec<S>;
  readonly timer?: EventTimeTimer<S>;
  /**
   * The input is keyed by the state's key (entity, rule, attacker): a record found on another
   * partition than its key's is re-produced to the right one instead of being applied, so one
   * key's state is never split across partitions.
   */
  readonly partitionedByKey?: boolean;
  /**
   * The input is a table (a compacted topic) whose meaning is its whole history: a consumer
   * group without committed offsets starts at its beginning, whatever the reset policy says.
   */
  readonly readsFromStart?: boolean;
  /**
   * Names the outputs that update a table (a compacted topic read by key) by that table's key:
   * within one batch only the last output per key is produced (table-outputs.ts). null for an
   * output every reader must see.
   */
  readonly tableKey?: (output: Output) => string | null;
}
