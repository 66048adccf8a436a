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
import type { Consumer, EachBatchPayload, Kafka, Producer } from 'kafkajs';
import type Redis from 'ioredis';
import { applyRecords } from './apply-records';
import { decodeCheckpoint, encodeCheckpoint } from './checkpoint-codec';
import { CheckpointStore, type CheckpointAddress } from './checkpoint-store';
import { UNLIMITED_RETRIES } from './kafka-client';
import { inputRecordOf, outputMessage } from './kafka-records';
import type { LogSink } from './log-sink';
import { freshProgress, type PartitionProgress } from './partition-progress';
import type { Output, PartitionedProcessor } from './processor';
import type { RuntimeMetrics } from './runtime-metrics';

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
  /** Where a partition without a checkpoint starts. */
  readonly resetPolicy?: 'earliest' | 'latest';
  readonly sessionTimeoutMs?: number;
  /** How long a partition waits before retrying a claim that failed (Redis unreachable). */
  readonly claimRetryMs?: number;
  /** Recorded with each claim (e.g. this instance's base URL), so others can route to the owner. */
  readonly owner?: string;
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
}

export class StreamRunner<S, I> {
  private readonly processor: PartitionedProcessor<S, I>;
  private readonly store: CheckpointStore;
  private readonly log: LogSink;
  private readonly metrics: RuntimeMetrics;
  private readonly groupId: string;
  private readonly intervalMs: number;
  private readonly everyRecords: number;
  private readonly owned = new Map<number, OwnedPartition<S>>();
  private consumer: Consumer | null = null;
  private producer: Producer | null = null;
  private generation = 0;
  private assigned = new Set<number>();
  private flushTimer: NodeJS.Timeout | null = null;
  private batchInFlight: Promise<void> = Promise.resolve();
  private stopping = false;

  constructor(private readonly options: StreamRunnerOptions<S, I>) {
    this.processor = options.processor;
    this.store = new CheckpointStore(options.redis);
    this.log = options.log;
    this.metrics = options.metrics ?? {};
    this.groupId = options.groupId ?? `riskline-${options.processor.name}`;
    this.intervalMs = options.checkpointIntervalMs ?? 5000;
    this.everyRecords = options.checkpointEveryRecords ?? 10_000;
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

  async start(): Promise<void> {
    const { kafka } = this.options;
    this.producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, retry: UNLIMITED_RETRIES });
    await this.producer.connect();
    this.consumer = kafka.consumer({
      groupId: this.groupId,
      sessionTimeout: this.options.sessionTimeoutMs ?? 30_000,
      rebalanceTimeout: 60_000,
      allowAutoTopicCreation: false,
    });
    const { GROUP_JOIN, REBALANCING } = this.consumer.events;
    this.consumer.on(GROUP_JOIN, (event) => this.onGroupJoin(event.payload.memberAssignment));
    this.consumer.on(REBALANCING, () => void this.checkpointAll('rebalance'));
    await this.consumer.connect();
    await this.consumer.subscribe({
      topic: this.topic,
      fromBeginning: (this.options.resetPolicy ?? 'earliest') === 'earliest',
    });
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: 1,
      eachBatch: (payload) => (this.batchInFlight = this.onBatch(payload)),
    });
    this.flushTimer = setInterval(
      () => void this.checkpointDue(),
      Math.max(250, Math.floor(this.intervalMs / 2)),
    );
    this.flushTimer.unref();
  }

  /** Stops consuming, checkpoints every owned partition, and disconnects. */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    if (this.flushTimer) clearInterval(this.flushTimer);
    // Pause and let the batch in flight finish, so the final checkpoints are taken (and their
    // offsets committed) while the consumer is still a group member; then leave the group.
    if (this.consumer) {
      this.consumer.pause([{ topic: this.topic }]);
      await this.batchInFlight;
      await this.checkpointAll('shutdown');
      await this.consumer.stop();
      await this.consumer.disconnect();
    }
    await this.producer?.disconnect();
    this.owned.clear();
    this.consumer = null;
    this.producer = null;
    this.stopping = false;
  }

  private address(partition: number): CheckpointAddress {
    return { service: this.processor.name, topic: this.topic, partition };
  }

  private onGroupJoin(memberAssignment: Record<string, number[]>): void {
    this.generation += 1;
    this.assigned = new Set(memberAssignment[this.topic] ?? []);
    for (const [partition, owned] of this.owned) {
      if (!this.assigned.has(partition)) this.release(owned, 'revoked');
    }
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
    const t0 = performance.now();
    const claim = await this.store.claim(address, this.options.owner ?? '');
    let progress: PartitionProgress<S> | null = null;
    if (claim.checkpoint) {
      const decoded = decodeCheckpoint(this.processor.snapshot, claim.checkpoint.body, partition);
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
    };
    this.owned.set(partition, owned);
    const durationMs = performance.now() - t0;
    this.metrics.restore?.(
      { topic: this.topic, partition },
      { durationMs, bytes: claim.checkpoint?.body.length ?? 0, fromCheckpoint: claim.checkpoint !== null },
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
    const admin = this.options.kafka.admin();
    await admin.connect();
    try {
      const offsets = await admin.fetchTopicOffsets(this.topic);
      const entry = offsets.find((o) => o.partition === partition);
      const chosen = policy === 'earliest' ? entry?.low : entry?.high;
      return Number(chosen ?? 0);
    } finally {
      await admin.disconnect();
    }
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
    let owned: OwnedPartition<S> | null;
    try {
      owned = await this.acquire(partition);
    } catch (error) {
      this.log.warn('cannot claim partition yet; will retry', {
        topic: this.topic,
        partition,
        error: (error as Error).message,
      });
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
    const result = applyRecords(this.processor, progress, records);
    owned.sinceCheckpoint += result.applied;
    for (const kind of result.deadLetters) this.metrics.deadLetter?.({ topic: this.topic, partition }, kind);
    for (const error of result.timerErrors)
      this.log.error('event-time timer failed', { topic: this.topic, partition, error });
    if (result.deadLetters.length > 0)
      this.log.warn('records sent to the DLQ', {
        topic: this.topic,
        partition,
        count: result.deadLetters.length,
        kinds: [...new Set(result.deadLetters)],
      });

    const send = this.send(result.outputs);
    owned.inflight.add(send);
    try {
      await send;
    } catch (error) {
      // The state already holds this batch but its outputs are not all acknowledged: drop the
      // partition so it is restored from its checkpoint and the batch is applied again.
      this.log.error('producing outputs failed; partition will restore from its checkpoint', {
        topic: this.topic,
        partition,
        error: (error as Error).message,
      });
      this.release(owned, 'output produce failed');
      return;
    } finally {
      owned.inflight.delete(send);
    }
    resolveOffset(batch.lastOffset());
    this.metrics.lag?.({ topic: this.topic, partition }, Number(batch.offsetLag()));
    await heartbeat();
    if (this.isDue(owned)) await this.checkpoint(owned, 'interval');
  }

  private async send(outputs: readonly Output[]): Promise<void> {
    if (outputs.length === 0) return;
    const byTopic = new Map<
      string,
      { key: string | null; value: Buffer | string; headers?: Record<string, string> }[]
    >();
    for (const output of outputs) {
      const list = byTopic.get(output.topic) ?? [];
      list.push(outputMessage(output));
      byTopic.set(output.topic, list);
    }
    await this.producer!.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
    });
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
    const body = encodeCheckpoint(this.processor.snapshot, owned.progress);
    const offset = owned.progress.nextOffset;
    const applied = owned.sinceCheckpoint;
    try {
      await Promise.all([...owned.inflight]);
      const outcome = await this.store.write(this.address(owned.partition), owned.epoch, offset, body);
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
      owned.sinceCheckpoint -= applied;
      owned.lastCheckpointAt = Date.now();
      this.metrics.checkpoint?.(at, { durationMs: performance.now() - t0, bytes: body.length });
      this.log.debug('checkpoint written', { ...at, offset, bytes: body.length, why });
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
