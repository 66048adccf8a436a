/**
 * Runs the application's processors (each named by its domain library's ProcessorHandle) on a
 * StreamRunner, with the host's Kafka and Redis clients. Runners start in the background once the application has
 * booted (retrying while the broker is unreachable) and stop — with a final checkpoint —
 * before the host closes its clients. `/readyz` reports `stream` ready once all have started.
 */
import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type FactoryProvider,
  type InjectionToken,
  type OnApplicationBootstrap,
  type Provider,
} from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Kafka } from 'kafkajs';
import type Redis from 'ioredis';
import type { PartitionedProcessor, ProcessorHandle } from '@riskline/stream-core';
import { StreamRunner } from '@riskline/stream-runtime';
import type { ServiceConfig } from '../config/service-config';
import { DependencyMonitor } from '../health/dependency-monitor';
import { MetricRegistry } from '../metrics/metric-registry';
import { runtimeMetricsFor } from '../metrics/runtime-metrics-exporter';
import { startWithRetry } from '../lifecycle/start-with-retry';
import type { JsonLogger } from '../logging/json-logger';
import { KAFKA, LOGGER, REDIS, SERVICE_CONFIG } from '../tokens';

const RETRY_START_MS = 5000;
const PROCESSOR_TOKENS = Symbol('PROCESSOR_TOKENS');

/** A processor to run: its handle, and how Nest builds it (a value, or a factory with injections). */
export type ProcessorProvider<S, I> = { readonly handle: ProcessorHandle<S, I> } & (
  | { readonly useValue: PartitionedProcessor<S, I> }
  | {
      readonly inject?: FactoryProvider['inject'];
      readonly useFactory: (...deps: never[]) => PartitionedProcessor<S, I>;
    }
);

const tokenOf = (handle: ProcessorHandle<unknown, unknown>) => `riskline:processor:${handle.name}`;
const START_GATE = Symbol('START_GATE');

/** What processors wait for before they start, e.g. a table every record is judged against. */
export interface StartGate {
  ready(): Promise<void>;
}

@Injectable()
export class StreamProcessorsHost implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly runners: StreamRunner<unknown, unknown>[] = [];
  private started = 0;
  private stopping = false;

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(LOGGER) private readonly log: JsonLogger,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    @Inject(DependencyMonitor) private readonly monitor: DependencyMonitor,
    @Inject(ModuleRef) private readonly moduleRef: ModuleRef,
    @Inject(PROCESSOR_TOKENS) private readonly tokens: readonly (string | symbol)[],
    @Inject(START_GATE) private readonly gate: InjectionToken | null,
    @Inject(MetricRegistry) private readonly registry: MetricRegistry,
  ) {}

  /** The runner of a processor (for read APIs over owned state). */
  runner<S, I>(handle: ProcessorHandle<S, I>): StreamRunner<S, I> | undefined {
    return this.runners.find((r) => r.processorName === handle.name) as StreamRunner<S, I> | undefined;
  }

  onApplicationBootstrap(): void {
    for (const token of this.tokens) {
      const processor = this.moduleRef.get<PartitionedProcessor<unknown, unknown>>(token, { strict: false });
      this.runners.push(
        new StreamRunner({
          kafka: this.kafka,
          redis: this.redis,
          processor,
          log: this.log,
          groupId: `${this.config.CONSUMER_GROUP_PREFIX}-${processor.name}`,
          checkpointIntervalMs: this.config.CHECKPOINT_INTERVAL_MS,
          checkpointEveryRecords: this.config.CHECKPOINT_EVERY_RECORDS,
          resetPolicy: processor.readsFromStart ? 'earliest' : this.config.CONSUMER_RESET_POLICY,
          owner: this.config.ADVERTISED_URL ?? `http://127.0.0.1:${this.config.HTTP_PORT}`,
          maxEventTimeSkewMs: this.config.MAX_EVENT_TIME_SKEW_MS,
          stallAfterMs: this.config.STALL_AFTER_MS,
          partitionsConcurrently: this.config.PARTITIONS_CONCURRENTLY,
          metrics: runtimeMetricsFor(this.registry, processor.name),
        }),
      );
    }
    this.monitor.register('stream', {
      check: async () => {
        if (this.started < this.runners.length)
          throw new Error(
            `${this.runners.length - this.started} of ${this.runners.length} processors not started`,
          );
        const stalled = this.reportStalled();
        if (stalled.length > 0) throw new Error(`stalled: ${stalled.join('; ')}`);
      },
      describe: (error) => (error as Error).message,
    });
    for (const runner of this.runners) void this.start(runner);
  }

  /**
   * Sets the stalled-partition gauge of every runner and describes the stalled ones: records
   * waiting and no progress for STALL_AFTER_MS is something no restart of ours would mend
   * unseen, so it turns /readyz not-ready with the reason.
   */
  private reportStalled(): string[] {
    const described: string[] = [];
    for (const runner of this.runners) {
      const stalled = runner.stalledPartitions();
      const stalledSet = new Set(stalled.map((s) => s.partition));
      for (const partition of runner.assignment())
        this.registry.set(
          'riskline_partition_stalled',
          'Partition with records waiting and no progress for STALL_AFTER_MS (1) or moving (0).',
          { processor: runner.processorName, topic: runner.topic, partition },
          stalledSet.has(partition) ? 1 : 0,
        );
      for (const s of stalled)
        described.push(
          `${runner.topic}[${s.partition}] for ${Math.round((Date.now() - s.sinceMs) / 1000)} s${s.reason ? ` (${s.reason})` : ''}`,
        );
    }
    return described;
  }

  private async start(runner: StreamRunner<unknown, unknown>): Promise<void> {
    if (this.gate !== null) await this.moduleRef.get<StartGate>(this.gate, { strict: false }).ready();
    const started = await startWithRetry(`stream processor ${runner.processorName}`, () => runner.start(), {
      log: this.log,
      stopped: () => this.stopping,
      retryMs: RETRY_START_MS,
      cleanUp: () => runner.stop(),
    });
    if (!started) return;
    this.started += 1;
    this.log.info('stream processor started', { processor: runner.processorName, topic: runner.topic });
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.runners.map((r) => r.stop()));
  }
}

/**
 * The providers that run `processors` in the calling module: declared there, so a processor's
 * factory injects that module's own providers (a rule registry, a table) as well as the host's.
 * `startAfter`: the token of a StartGate the runners wait for.
 */
export function streamProcessors(options: {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each entry has its own state and message types
  readonly processors: readonly ProcessorProvider<any, any>[];
  readonly startAfter?: InjectionToken;
}): Provider[] {
  const providers: Provider[] = options.processors.map((p) =>
    'useValue' in p
      ? { provide: tokenOf(p.handle), useValue: p.useValue }
      : { provide: tokenOf(p.handle), inject: p.inject ?? [], useFactory: p.useFactory },
  );
  return [
    ...providers,
    { provide: PROCESSOR_TOKENS, useValue: options.processors.map((p) => tokenOf(p.handle)) },
    { provide: START_GATE, useValue: options.startAfter ?? null },
    StreamProcessorsHost,
  ];
}
