/**
 * Runs a PartitionedProcessor on a Kafka consumer group with partition-owned state.
 *
 * For each partition this instance is assigned it claims ownership in Redis (fencing any older
 * owner), restores the checkpoint and continues from its offset; it applies records strictly in
 * order through the pure `applyRecords`, produces the outputs with an idempotent producer and
 * awaits their acks, and checkpoints every interval / N records, on rebalance and on shutdown.
 * A checkpoint is a consistent (state, next offset) pair taken synchronously and written only
 * after every output of the records before that offset was acknowledged. Kafka offsets are
 * committed after each checkpoint for lag monitoring; the checkpoint is the truth.
 *
 * Why not @nestjs/microservices' Kafka server: it gives handlers one message at a time with no
 * partition assignment or revocation hooks, commits offsets itself and cannot seek a partition
 * to a checkpoint — the three things partition-owned state needs. This runner uses kafkajs
 * directly; `nest/` exposes it as a NestJS module.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import {
  AssignerProtocol,
  type Admin,
  type Consumer,
  type EachBatchPayload,
  type ITopicMetadata,
  type Kafka,
  type Producer,
} from 'kafkajs';
import { dlqTopic, type Rejection } from '@riskline/contracts';
import type Redis from 'ioredis';
import {
  applyRecords,
  checkpointWrite,
  deadLetterOutput,
  DEFAULT_MAX_MESSAGE_BYTES,
  freshProgress,
  openCheckpoint,
  restoreCheckpoint,
  outputBytes,
  outputMessage,
  type ApplyResult,
  type InputRecord,
  type OutgoingMessage,
  type Output,
  type PartitionedProcessor,
  type PartitionProgress,
  type RuntimeMetrics,
} from '@riskline/stream-core';
import { CheckpointStore, entryBytesOf, type CheckpointAddress } from './checkpoint-store';
import { UNLIMITED_RETRIES } from './kafka-client';
import { inputRecordOf } from './kafka-records';
import { partitionOfKey } from './key-partition';
import type { LogSink } from './log-sink';

export interface StreamRunnerOptions<S, I> {
  readonly kafka: Kafka;
  readonly redis: Redis;
  readonly processor: PartitionedProcessor<S, I>;
  readonly log: LogSink;
  /** Consumer group; defaults to `riskline-<processor name>`. */
  readonly groupId?: string;
  readonly metrics?: RuntimeMetrics;
  readonly checkpointIntervalMs?: number;
  readonly checkpointEveryRecords?: number;
  /**
   * A keyed state's checkpoints write the entries changed since the last one; every this many
   * checkpoints one rewrites every entry (default 100), bounding what a missed change costs.
   */
  readonly fullCheckpointEvery?: number;
  /** Where a partition without a checkpoint starts. */
  readonly resetPolicy?: 'earliest' | 'latest';
  readonly sessionTimeoutMs?: number;
  /** How long a partition waits before retrying a claim that failed (Redis unreachable). */
  readonly claimRetryMs?: number;
  /** Recorded with each claim (e.g. this instance's base URL), so others can route to the owner. */
  readonly owner?: string;
  /** Largest lead of an event time over its record's Kafka timestamp (default 1 h). */
  readonly maxEventTimeSkewMs?: number;
  /** A partition with records to read and no progress for this long is reported stalled. */
  readonly stallAfterMs?: number;
  /**
   * How long start() waits for a broker that does not know the input topic yet — a cluster
   * just started, a topic job racing the deployment — before refusing it by name (30 s).
   */
  readonly topicWaitMs?: number;
  /**
   * How many owned partitions' batches are handled at once (default 1). A partition's batches
   * stay strictly in order; what overlaps is one partition's wait for its outputs' acks with
   * another's handling, the idle time a one-at-a-time runner spends. Opt-in: at 4, the SIGKILL
   * ordeal (partition-ownership.int.spec) has seen a worker's last offsets left uncommitted.
   */
  readonly partitionsConcurrently?: number;
}

/** A partition that has records to read and has not moved for `stallAfterMs`. */
export interface StalledPartition {
  readonly partition: number;
  readonly sinceMs: number;
  readonly reason: string;
}

interface PartitionWatch {
  /** Wall clock of the last resolved batch (or of the assignment). Operational only. */
  progressAt: number;
  /** Records known to be waiting. */
  pending: number;
  reason: string;
}

interface OwnedPartition<S> {
  readonly partition: number;
  progress: PartitionProgress<S>;
  epoch: number;
  generation: number;
  readonly inflight: Set<Promise<unknown>>;
  sinceCheckpoint: number;
  lastCheckpointAt: number;
  checkpointing: Promise<void>;
  seekedFor: number | null;
  released: boolean;
  /** After a failed checkpoint, no retry before this (wall clock; operational only). */
  nextAttemptAt: number;
  /** The next checkpoint must rewrite every entry: stored ones may not match the state. */
  fullDue: boolean;
  checkpointsSinceFull: number;
}

/**
 * A keyed checkpoint changing more entries than this rewrites them all instead: the store
 * writes a delta in one command (bounded so it outlives no timeout) and a full one in slices.
 */
const MAX_DELTA_ENTRIES = 20_000;

/** Whether a kafkajs error (or one it wraps) is the broker's UNKNOWN_TOPIC_OR_PARTITION. */
function isUnknownTopic(error: unknown): boolean {
  for (let e = error as { type?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; depth++) {
    if (e.type === 'UNKNOWN_TOPIC_OR_PARTITION') return true;
    e = e.cause as typeof e;
  }
  return false;
}

export class StreamRunner<S, I> {
  private readonly processor: PartitionedProcessor<S, I>;
  private readonly store: CheckpointStore;
  private readonly log: LogSink;
  private readonly metrics: RuntimeMetrics;
  private readonly groupId: string;
  private readonly intervalMs: number;
  private readonly everyRecords: number;
  private readonly fullEvery: number;
  private readonly owned = new Map<number, OwnedPartition<S>>();
  private consumer: Consumer | null = null;
  private producer: Producer | null = null;
  private generation = 0;
  private assigned = new Set<number>();
  private flushTimer: NodeJS.Timeout | null = null;
  private readonly batchesInFlight = new Set<Promise<void>>();
  /** The producer replacement under way, shared by every batch whose send failed meanwhile. */
  private replacing: Promise<void> | null = null;
  private stopping = false;
  private admin: Admin | null = null;
  private memberId: string | null = null;
  private membership: { at: number; partitions: Promise<Set<number> | null> } | null = null;
  private readonly maxBytes = new Map<string, number>();
  private partitionCount = 0;
  private readonly watch = new Map<number, PartitionWatch>();
  /** Consumers kafkajs stopped for good since the last group join (backs off replacements). */
  private consecutiveCrashes = 0;

  constructor(private readonly options: StreamRunnerOptions<S, I>) {
    this.processor = options.processor;
    this.store = new CheckpointStore(options.redis);
    this.log = options.log;
    this.metrics = options.metrics ?? {};
    this.groupId = options.groupId ?? `riskline-${options.processor.name}`;
    this.intervalMs = options.checkpointIntervalMs ?? 5000;
    this.everyRecords = options.checkpointEveryRecords ?? 10_000;
    this.fullEvery = options.fullCheckpointEvery ?? 100;
  }

  get topic(): string {
    return this.processor.inputTopic;
  }

  get processorName(): string {
    return this.processor.name;
  }

  /** Partitions this instance owns right now, with their state (read-only use, e.g. APIs). */
  ownedPartitions(): ReadonlyMap<number, Readonly<PartitionProgress<S>>> {
    return new Map([...this.owned].map(([p, o]) => [p, o.progress]));
  }

  /** The owner recorded for a partition of this runner's topic (see `owner`). */
  ownerOf(partition: number): Promise<string | null> {
    return this.store.ownerOf(this.address(partition));
  }

  /** Partitions the group currently assigns to this instance. */
  assignment(): readonly number[] {
    return [...this.assigned].sort((a, b) => a - b);
  }

  /** Partitions with records waiting and no progress for `stallAfterMs` (for /readyz and metrics). */
  stalledPartitions(nowMs = Date.now()): StalledPartition[] {
    const after = this.options.stallAfterMs ?? 60_000;
    const out: StalledPartition[] = [];
    for (const [partition, w] of this.watch)
      if (w.pending > 0 && nowMs - w.progressAt >= after)
        out.push({ partition, sinceMs: w.progressAt, reason: w.reason });
    return out.sort((a, b) => a.partition - b.partition);
  }

  private newProducer(): Producer {
    return this.options.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      retry: UNLIMITED_RETRIES,
    });
  }

  /**
   * After any failed produce, a new producer (a new producer id, so fresh sequence numbers):
   * kafkajs rolls back the sequences of every partition in a failed request, and the old
   * producer's later sends to those partitions would fail OUT_OF_ORDER_SEQUENCE_NUMBER.
   * Batches of several partitions send at once: only the first to see `failed` fail replaces
   * it, and the others wait for that replacement instead of disconnecting a fresh producer.
   */
  private async replaceProducer(failed: Producer | null): Promise<void> {
    if (this.replacing) return this.replacing;
    if (this.producer !== failed) return;
    const replacement = this.newProducer();
    this.producer = replacement;
    this.replacing = (async () => {
      await failed?.disconnect().catch(() => undefined);
      await replacement.connect();
    })().finally(() => (this.replacing = null));
    return this.replacing;
  }

  /** Reads `max.message.bytes` of the topics this runner writes, and the input's partition count. */
  private async readTopicLimits(topics: readonly string[]): Promise<void> {
    const admin = this.admin!;
    const wanted = topics.filter((t) => !this.maxBytes.has(t));
    if (wanted.length === 0) return;
    const existing = new Set(await admin.listTopics());
    const known = wanted.filter((t) => existing.has(t));
    if (known.length === 0) return;
    const described = await admin.describeConfigs({
      includeSynonyms: false,
      resources: known.map((name) => ({ type: 2 /* TOPIC */, name, configNames: ['max.message.bytes'] })),
    });
    for (const resource of described.resources) {
      const entry = resource.configEntries.find((e) => e.configName === 'max.message.bytes');
      const value = Number(entry?.configValue);
      this.maxBytes.set(
        resource.resourceName,
        Number.isFinite(value) && value > 0 ? value : DEFAULT_MAX_MESSAGE_BYTES,
      );
    }
  }

  async start(): Promise<void> {
    const { kafka } = this.options;
    this.admin = kafka.admin();
    await this.admin.connect();
    const metadata = await this.inputTopicMetadata(this.admin);
    this.partitionCount = metadata.topics[0]?.partitions.length ?? 0;
    await this.readTopicLimits([this.topic, dlqTopic(this.topic)]);
    this.producer = this.newProducer();
    await this.producer.connect();
    await this.startConsumer();
    this.flushTimer = setInterval(
      () => void this.checkpointDue(),
      Math.max(250, Math.floor(this.intervalMs / 2)),
    );
    this.flushTimer.unref();
  }

  /**
   * The input topic's metadata. A broker answers "unknown topic" for a topic it has not learned
   * of yet as for one that does not exist: retried with backoff (said once) until
   * `topicWaitMs`, then refused with the topic's name and how to create it.
   */
  private async inputTopicMetadata(admin: Admin): Promise<{ topics: ITopicMetadata[] }> {
    // Wall time here bounds a wait for the broker; no state is computed from it.
    const deadline = Date.now() + (this.options.topicWaitMs ?? 30_000);
    for (let attempt = 0; ; attempt++) {
      try {
        return await admin.fetchTopicMetadata({ topics: [this.topic] });
      } catch (error) {
        if (!isUnknownTopic(error)) throw error;
        if (Date.now() >= deadline)
          throw new Error(
            `input topic ${this.topic} does not exist on the brokers (create it: riskline topics, or the chart's topics job)`,
          );
        if (attempt === 0) this.log.warn('waiting for the input topic to exist', { topic: this.topic });
        await sleep(Math.min(1000, 100 * 2 ** attempt), undefined, { ref: false });
      }
    }
  }

  private async startConsumer(): Promise<void> {
    const consumer = this.options.kafka.consumer({
      groupId: this.groupId,
      sessionTimeout: this.options.sessionTimeoutMs ?? 30_000,
      rebalanceTimeout: 60_000,
      // A fetch long-polls this long when there is nothing to read; stop() waits for it, so a
      // shorter wait makes shutdown (and the checkpoint before it) prompt.
      maxWaitTimeInMs: 1000,
      allowAutoTopicCreation: false,
    });
    this.consumer = consumer;
    const { GROUP_JOIN, REBALANCING, CRASH } = consumer.events;
    consumer.on(GROUP_JOIN, (event) => {
      if (this.consecutiveCrashes > 0)
        this.log.info('consumer replaced and back in the group', { topic: this.topic, group: this.groupId });
      this.consecutiveCrashes = 0;
      this.memberId = event.payload.memberId;
      this.onGroupJoin(event.payload.memberAssignment);
    });
    consumer.on(REBALANCING, () => void this.checkpointAll('rebalance'));
    consumer.on(CRASH, (event) => {
      if (!event.payload.restart && this.consumer === consumer && !this.stopping)
        void this.recoverConsumer(consumer, event.payload.error);
    });
    await consumer.connect();
    await consumer.subscribe({
      topic: this.topic,
      fromBeginning: (this.options.resetPolicy ?? 'earliest') === 'earliest',
    });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.options.partitionsConcurrently ?? 1,
      eachBatch: (payload) => {
        const batch = this.onBatch(payload);
        this.batchesInFlight.add(batch);
        return batch.finally(() => this.batchesInFlight.delete(batch));
      },
    });
  }

  /**
   * kafkajs gives up on a consumer for errors it classes as non-retriable — among them
   * "Failed to find group coordinator" while a broker restarts — and leaves it stopped: the
   * process would stay up and consume nothing. The runner replaces such a consumer, backing off
   * while replacements keep failing, until one joins the group. Owned partitions stay held: the
   * new member's assignment releases or re-verifies each (acquire checks the fence), and a kept
   * partition resumes from its own next offset.
   */
  private async recoverConsumer(crashed: Consumer, error: Error): Promise<void> {
    const delayMs = Math.min(500 * 2 ** this.consecutiveCrashes, 10_000);
    this.consecutiveCrashes += 1;
    this.log.error('consumer stopped by kafkajs; replacing it', {
      topic: this.topic,
      group: this.groupId,
      error: error.message,
      retry_in_ms: delayMs,
    });
    this.metrics.consumerRestart?.({ topic: this.topic });
    await this.checkpointAll('consumer crashed');
    await crashed.disconnect().catch(() => undefined);
    await sleep(delayMs, undefined, { ref: false });
    if (this.stopping || this.consumer !== crashed) return;
    this.membership = null;
    try {
      // A replacement that kafkajs crashes again comes back here through its CRASH event.
      await this.startConsumer();
    } catch (failed) {
      void this.recoverConsumer(this.consumer ?? crashed, failed as Error);
    }
  }

  /** Stops consuming, checkpoints every owned partition, and disconnects. */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    if (this.flushTimer) clearInterval(this.flushTimer);
    // Pause and let the batch in flight finish, so the final checkpoints are taken (and their
    // offsets committed) while the consumer is still a group member; then leave the group.
    if (this.consumer) {
      // A consumer kafkajs has crashed refuses pause/stop; its partitions still checkpoint.
      const running = tryPause(this.consumer, this.topic);
      await Promise.allSettled([...this.batchesInFlight]);
      await this.checkpointAll('shutdown');
      if (running) await this.consumer.stop().catch(() => undefined);
      await this.consumer.disconnect().catch(() => undefined);
    }
    await this.producer?.disconnect();
    await this.admin?.disconnect();
    this.owned.clear();
    this.watch.clear();
    this.consumer = null;
    this.producer = null;
    this.admin = null;
    this.stopping = false;
  }

  /**
   * Checkpoints are scoped by consumer group, not processor name: two deployments sharing a
   * Redis (another CONSUMER_GROUP_PREFIX) then never fence each other.
   */
  private address(partition: number): CheckpointAddress {
    return { service: this.groupId, topic: this.topic, partition };
  }

  /**
   * The partitions the group coordinator assigns this member right now, or null when this
   * member is not in the group. A member the group has removed (a process paused past its
   * session) still holds fetched batches; claiming on their strength would fence the real
   * owner, so claims are only made by a current member for a partition it is assigned.
   * Cached briefly: a rebalance claims many partitions at once.
   */
  private currentAssignment(): Promise<Set<number> | null> {
    const now = Date.now();
    if (this.membership && now - this.membership.at < 500) return this.membership.partitions;
    const partitions = this.admin!.describeGroups([this.groupId]).then(({ groups }) => {
      const member = groups[0]?.members.find((m) => m.memberId === this.memberId);
      if (!member) return null;
      const decoded = AssignerProtocol.MemberAssignment.decode(member.memberAssignment);
      return new Set(decoded?.assignment[this.topic] ?? []);
    });
    this.membership = { at: now, partitions };
    partitions.catch(() => (this.membership = null));
    return partitions;
  }

  private onGroupJoin(memberAssignment: Record<string, number[]>): void {
    this.generation += 1;
    this.assigned = new Set(memberAssignment[this.topic] ?? []);
    this.membership = null;
    for (const [partition, owned] of this.owned) {
      if (!this.assigned.has(partition)) this.release(owned, 'revoked');
    }
    for (const partition of this.watch.keys())
      if (!this.assigned.has(partition)) this.watch.delete(partition);
    for (const partition of this.assigned)
      if (!this.watch.has(partition))
        this.watch.set(partition, { progressAt: Date.now(), pending: 0, reason: '' });
    this.log.info('partitions assigned', {
      topic: this.topic,
      partitions: this.assignment(),
      generation: this.generation,
    });
  }

  private release(owned: OwnedPartition<S>, why: string): void {
    owned.released = true;
    if (this.owned.get(owned.partition) === owned) this.owned.delete(owned.partition);
    this.log.info('partition released', { topic: this.topic, partition: owned.partition, why });
  }

  /** Claims (or, after a rebalance, re-verifies) ownership and restores the checkpoint. */
  private async acquire(partition: number): Promise<OwnedPartition<S> | null> {
    const held = this.owned.get(partition);
    if (held && held.generation === this.generation) return held;
    const address = this.address(partition);
    if (held && (await this.store.isCurrent(address, held.epoch))) {
      held.generation = this.generation;
      return held;
    }
    if (held) this.release(held, 'ownership moved while revoked');
    const assignment = await this.currentAssignment();
    if (!assignment?.has(partition))
      throw new Error(`not assigned partition ${partition} in the group's current generation; claim refused`);
    const t0 = performance.now();
    const claim = await this.store.claim(address, this.options.owner ?? '');
    let progress: PartitionProgress<S> | null = null;
    let restoredEntries = false;
    let entryBytes = 0;
    if (claim.checkpoint) {
      const opened = openCheckpoint(claim.checkpoint.body);
      const entries = opened.ok && opened.hasEntries ? await this.store.entries(address) : undefined;
      entryBytes = entryBytesOf(entries ?? []);
      const decoded = restoreCheckpoint(this.processor.snapshot, opened, partition, entries);
      restoredEntries = decoded.ok && opened.ok && opened.hasEntries;
      if (decoded.ok) progress = decoded.progress;
      else {
        // Starting empty at the checkpoint's offset would lose the state for good; the
        // retained log rebuilds it (outputs re-produced on the way carry the same ids).
        const earliest = await this.resetOffset(partition, 'earliest');
        this.log.warn('checkpoint not restored, rebuilding the state from the earliest retained record', {
          topic: this.topic,
          partition,
          reason: decoded.reason,
          from_offset: earliest,
          checkpoint_offset: decoded.nextOffset ?? claim.checkpoint.offset,
        });
        progress = freshProgress(this.processor.createState(partition), earliest);
      }
    } else {
      progress = freshProgress(
        this.processor.createState(partition),
        await this.resetOffset(partition, this.options.resetPolicy ?? 'earliest'),
      );
    }
    const owned: OwnedPartition<S> = {
      partition,
      progress,
      epoch: claim.epoch,
      generation: this.generation,
      inflight: new Set(),
      sinceCheckpoint: 0,
      lastCheckpointAt: Date.now(),
      checkpointing: Promise.resolve(),
      seekedFor: null,
      released: false,
      nextAttemptAt: 0,
      fullDue: !restoredEntries,
      checkpointsSinceFull: 0,
    };
    this.owned.set(partition, owned);
    const durationMs = performance.now() - t0;
    this.metrics.restore?.(
      { topic: this.topic, partition },
      {
        durationMs,
        bytes: (claim.checkpoint?.body.length ?? 0) + entryBytes,
        fromCheckpoint: claim.checkpoint !== null,
      },
    );
    this.log.info('partition claimed', {
      topic: this.topic,
      partition,
      epoch: claim.epoch,
      nextOffset: progress.nextOffset,
      restoredFromCheckpoint: claim.checkpoint !== null,
      durationMs: Math.round(durationMs),
    });
    return owned;
  }

  private async resetOffset(partition: number, policy: 'earliest' | 'latest'): Promise<number> {
    const offsets = await this.admin!.fetchTopicOffsets(this.topic);
    const entry = offsets.find((o) => o.partition === partition);
    const chosen = policy === 'earliest' ? entry?.low : entry?.high;
    return Number(chosen ?? 0);
  }

  private pauseForRetry(partition: number): void {
    const consumer = this.consumer!;
    consumer.pause([{ topic: this.topic, partitions: [partition] }]);
    setTimeout(() => {
      if (!this.stopping) consumer.resume([{ topic: this.topic, partitions: [partition] }]);
    }, this.options.claimRetryMs ?? 1000).unref();
  }

  private async onBatch({
    batch,
    resolveOffset,
    heartbeat,
    isRunning,
    isStale,
  }: EachBatchPayload): Promise<void> {
    if (!isRunning() || isStale() || batch.messages.length === 0) return;
    const partition = batch.partition;
    const watch = this.watch.get(partition);
    if (watch) watch.pending = Math.max(watch.pending, batch.messages.length);
    let owned: OwnedPartition<S> | null;
    try {
      owned = await this.acquire(partition);
    } catch (error) {
      this.log.warn('cannot claim partition yet; will retry', {
        topic: this.topic,
        partition,
        error: (error as Error).message,
      });
      if (watch) watch.reason = `cannot claim: ${(error as Error).message}`;
      this.pauseForRetry(partition);
      return;
    }
    if (!owned) return;
    const { progress } = owned;
    const firstOffset = Number(batch.messages[0]!.offset);
    const lastOffset = Number(batch.lastOffset());
    if (lastOffset < progress.nextOffset) {
      resolveOffset(batch.lastOffset());
      return;
    }
    if (firstOffset > progress.nextOffset) {
      if (owned.seekedFor !== progress.nextOffset) {
        owned.seekedFor = progress.nextOffset;
        this.consumer!.seek({ topic: this.topic, partition, offset: String(progress.nextOffset) });
        return;
      }
      this.log.warn('records missing from the log (retention or compaction); continuing after the gap', {
        topic: this.topic,
        partition,
        expected: progress.nextOffset,
        got: firstOffset,
      });
      progress.nextOffset = firstOffset;
    }
    const records = batch.messages.map((m) => inputRecordOf(this.topic, partition, m));
    const result = applyRecords(this.processor, progress, records, {
      maxEventTimeSkewMs: this.options.maxEventTimeSkewMs ?? 3_600_000,
      partitionCount: this.partitionCount,
      partitionOf: partitionOfKey,
      maxMessageBytes: (topic) => this.maxBytes.get(topic),
    });
    owned.sinceCheckpoint += result.applied;
    for (const error of result.timerErrors)
      this.log.error('event-time timer failed', { topic: this.topic, partition, error });

    const send = this.send(result, partition);
    owned.inflight.add(send);
    let refusedOutputs: Rejection['kind'][];
    try {
      refusedOutputs = await send;
    } catch (error) {
      // The state already holds this batch but its outputs are not all acknowledged: drop the
      // partition so it is restored from its checkpoint and the batch is applied again.
      this.log.error('producing outputs failed; partition will restore from its checkpoint', {
        topic: this.topic,
        partition,
        error: (error as Error).message,
      });
      if (watch) watch.reason = `producing outputs failed: ${(error as Error).message}`;
      this.release(owned, 'output produce failed');
      return;
    } finally {
      owned.inflight.delete(send);
    }
    resolveOffset(batch.lastOffset());
    // Counted only once the batch's outputs are written: a batch applied again after a failed
    // produce would otherwise count its dead letters twice.
    const at = { topic: this.topic, partition };
    const deadLetters = [...result.deadLetters, ...refusedOutputs];
    for (const kind of deadLetters) this.metrics.deadLetter?.(at, kind);
    for (const [outcome, n] of result.counted) this.metrics.outcome?.(at, outcome, n);
    if (deadLetters.length > 0)
      this.log.warn('records sent to the DLQ', {
        ...at,
        count: deadLetters.length,
        kinds: [...new Set(deadLetters)],
      });
    const lag = Number(batch.offsetLag());
    this.metrics.lag?.(at, lag);
    if (watch) {
      watch.progressAt = Date.now();
      watch.pending = lag;
      watch.reason = '';
    }
    await heartbeat();
    if (this.isDue(owned)) await this.checkpoint(owned, 'interval');
  }

  /**
   * Produces a batch's outputs, in order, in requests no larger than their topics accept.
   * Returns the kinds of dead letters it had to write for outputs the broker refused.
   */
  private async send(result: ApplyResult, partition: number): Promise<Rejection['kind'][]> {
    const refused: Rejection['kind'][] = [];
    const messages = result.outputs.map((o) => ({ topic: o.topic, message: outputMessage(o) }));
    // An output topic's limit is read once, before its first write (maxBytes remembers it).
    const newTopics = messages.map((m) => m.topic).filter((t) => !this.maxBytes.has(t));
    if (newTopics.length > 0) await this.readTopicLimits([...new Set(newTopics)]);
    let start = 0;
    while (start < messages.length) {
      const end = this.chunkEnd(result.outputs, messages, start);
      let producer = await this.currentProducer();
      try {
        await this.produce(producer, messages.slice(start, end));
      } catch (error) {
        await this.replaceProducer(producer);
        if (!isNonRetriable(error)) throw error;
        // One record in the request was refused for good: find which, one by one.
        for (let i = start; i < end; i++) {
          producer = await this.currentProducer();
          try {
            await this.produce(producer, [messages[i]!]);
          } catch (single) {
            await this.replaceProducer(producer);
            if (!isNonRetriable(single)) throw single;
            refused.push(
              await this.refuseOutput(result.outputs[i]!, result.sources[i] ?? null, single, partition),
            );
          }
        }
      }
      start = end;
    }
    return refused;
  }

  /** Where a run of messages starting at `start` must end so that no request exceeds a topic's limit. */
  private chunkEnd(
    outputs: readonly Output[],
    messages: readonly { topic: string; message: OutgoingMessage }[],
    start: number,
  ): number {
    let budget = Number.POSITIVE_INFINITY;
    let used = 0;
    let end = start;
    while (end < messages.length) {
      const { topic } = messages[end]!;
      budget = Math.min(budget, (this.maxBytes.get(topic) ?? DEFAULT_MAX_MESSAGE_BYTES) - 1024);
      used += outputBytes(outputs[end]!);
      if (end > start && used > budget) break;
      end += 1;
    }
    return end;
  }

  /** The producer to send with: the current one, once any replacement under way has connected. */
  private async currentProducer(): Promise<Producer> {
    if (this.replacing) await this.replacing;
    return this.producer!;
  }

  private async produce(
    producer: Producer,
    messages: readonly { topic: string; message: OutgoingMessage }[],
  ): Promise<void> {
    const byTopic = new Map<string, OutgoingMessage[]>();
    for (const { topic, message } of messages) {
      const list = byTopic.get(topic) ?? [];
      list.push(message);
      byTopic.set(topic, list);
    }
    await producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, list]) => ({ topic, messages: list })),
    });
  }

  /**
   * An output the broker refused for good: its input record goes to the DLQ as
   * `output_refused` with the broker's error, and the partition moves on. A timer's output has
   * no input record; it is logged and counted.
   */
  private async refuseOutput(
    output: Output,
    source: InputRecord | null,
    error: unknown,
    partition: number,
  ): Promise<Rejection['kind']> {
    const at = { topic: this.topic, partition };
    const message = `the broker refused its output to ${output.topic}: ${(error as Error).message}`;
    this.metrics.produceFailed?.(at, output.topic);
    if (!source || output.topic === dlqTopic(this.topic)) {
      this.log.error('output refused by the broker and dropped', {
        ...at,
        output_topic: output.topic,
        error: message,
      });
      this.metrics.outcome?.(at, 'output_dropped', 1);
      return 'output_refused';
    }
    const letter = deadLetterOutput(
      source,
      { kind: 'output_refused', message },
      this.processor.name,
      this.maxBytes.get(dlqTopic(this.topic)) ?? DEFAULT_MAX_MESSAGE_BYTES,
    );
    await this.produce(await this.currentProducer(), [
      { topic: letter.topic, message: outputMessage(letter) },
    ]);
    return 'output_refused';
  }

  private isDue(owned: OwnedPartition<S>): boolean {
    const now = Date.now();
    if (owned.sinceCheckpoint === 0 || now < owned.nextAttemptAt) return false;
    return owned.sinceCheckpoint >= this.everyRecords || now - owned.lastCheckpointAt >= this.intervalMs;
  }

  private async checkpointDue(): Promise<void> {
    await Promise.all(
      [...this.owned.values()].filter((o) => this.isDue(o)).map((o) => this.checkpoint(o, 'interval')),
    );
  }

  /** Checkpoints every owned partition that changed since its last checkpoint. */
  async checkpointAll(why: string): Promise<void> {
    await Promise.all(
      [...this.owned.values()].filter((o) => o.sinceCheckpoint > 0).map((o) => this.checkpoint(o, why)),
    );
  }

  private checkpoint(owned: OwnedPartition<S>, why: string): Promise<void> {
    owned.checkpointing = owned.checkpointing.then(() => this.writeCheckpoint(owned, why));
    return owned.checkpointing;
  }

  private async writeCheckpoint(owned: OwnedPartition<S>, why: string): Promise<void> {
    if (owned.released || owned.sinceCheckpoint === 0) return;
    const at = { topic: this.topic, partition: owned.partition };
    const t0 = performance.now();
    // Snapshot and offset are taken in one synchronous step, so they describe the same records.
    const full = owned.fullDue || owned.checkpointsSinceFull + 1 >= this.fullEvery;
    const write = checkpointWrite(this.processor.snapshot, owned.progress, full, MAX_DELTA_ENTRIES);
    const wroteFull = write.entries?.full ?? true;
    const offset = owned.progress.nextOffset;
    const applied = owned.sinceCheckpoint;
    // The write took the state's change marks: unless it lands, the next must rewrite all.
    owned.fullDue = true;
    try {
      await Promise.all([...owned.inflight]);
      const outcome = await this.store.write(
        this.address(owned.partition),
        owned.epoch,
        offset,
        write.body,
        write.entries,
      );
      if (!outcome.ok) {
        if (outcome.reason === 'fenced') {
          this.metrics.fenced?.(at);
          this.log.warn('checkpoint refused: another instance owns this partition now', {
            ...at,
            epoch: owned.epoch,
            current: outcome.detail,
          });
          this.release(owned, 'fenced');
        }
        return;
      }
      owned.fullDue = false;
      owned.checkpointsSinceFull = wroteFull ? 0 : owned.checkpointsSinceFull + 1;
      owned.sinceCheckpoint -= applied;
      owned.lastCheckpointAt = Date.now();
      const entries = write.entries ? write.entries.upserts.length + write.entries.deletes.length : null;
      const bytes = write.body.length + entryBytesOf(write.entries?.upserts ?? []);
      this.metrics.checkpoint?.(at, { durationMs: performance.now() - t0, bytes, entries, full: wroteFull });
      this.log.debug('checkpoint written', { ...at, offset, bytes, entries, full: wroteFull, why });
      await this.consumer
        ?.commitOffsets([{ topic: this.topic, partition: owned.partition, offset: String(offset) }])
        .catch((error: Error) => {
          this.log.debug('offset commit failed (lag metrics only)', { ...at, error: error.message });
        });
    } catch (error) {
      owned.nextAttemptAt = Date.now() + Math.min(this.intervalMs, 1000);
      this.metrics.checkpointFailed?.(at, (error as Error).message);
      this.log.warn('checkpoint failed; will retry', { ...at, why, error: (error as Error).message });
    }
  }
}

/** Pauses a consumer's topic; false when the consumer is not running (kafkajs crashed it). */
function tryPause(consumer: Consumer, topic: string): boolean {
  try {
    consumer.pause([{ topic }]);
    return true;
  } catch {
    return false;
  }
}

/** A produce error that retrying cannot mend (a record too large, invalid, not authorised). */
function isNonRetriable(error: unknown): boolean {
  const e = error as { retriable?: boolean; name?: string; cause?: { retriable?: boolean } };
  if (e?.name === 'KafkaJSNumberOfRetriesExceeded') return false;
  return e?.retriable === false && e?.cause?.retriable !== true;
}
