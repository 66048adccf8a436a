/**
 * What the console reads from Kafka itself, each topic whole from the beginning on every console
 * instance (TopicTableReader, view-only: a record it cannot read is counted, never dead-lettered
 * — the topic's owner does that): incident episodes for the queue and its live feed, detections
 * and the contributions naming their entities, analysts' verdicts, and scorecards for each
 * rule's false-positive trend. Every view is bounded (analyst-views).
 */
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import { Subject } from 'rxjs';
import {
  decodeJsonObject,
  decodeMessage,
  DetectionSchema,
  DispositionSchema,
  RiskContributionSchema,
  RiskIncidentSchema,
  RuleScorecardSchema,
  validatePlain,
  type Decoded,
  type RiskContribution,
  type RiskIncident,
  type Rejection,
  type TopicNames,
} from '@riskline/contracts';
import { DetectionStore, IncidentQueue, ScorecardTrend, VerdictLog } from '@riskline/analyst-views';
import {
  configuredTopics,
  KAFKA,
  LOGGER,
  MetricRegistry,
  SERVICE_CONFIG,
  startWithRetry,
  type JsonLogger,
} from '@riskline/service-host';
import { TopicTableReader } from '@riskline/stream-runtime';
import type { ConsoleConfig } from './console.config';

const SERVICE = 'console';
const RETRY_MS = 2000;
const DETECTIONS_PER_ENTITY = 500;
const TREND_POINTS_PER_RULE = 200;
const RECORDS_METRIC = 'riskline_console_records_total';
const RECORDS_HELP = 'Records the console read, by topic and outcome (applied, refused:<kind>, ignored)';

/** A contribution, or the disposition ingestor's in-band verdict control record (not shown). */
const CONTROL: unique symbol = Symbol('control');

@Injectable()
export class ConsoleViews implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly incidents: IncidentQueue;
  readonly verdicts: VerdictLog;
  readonly detections: DetectionStore;
  readonly trend = new ScorecardTrend(TREND_POINTS_PER_RULE);
  /** Every incident record that changed the queue, as it arrives (the live feed). */
  readonly incidentFeed = new Subject<RiskIncident>();
  private readonly readers: TopicTableReader<unknown>[];
  private stopping = false;

  constructor(
    @Inject(KAFKA) kafka: Kafka,
    @Inject(LOGGER) private readonly log: JsonLogger,
    @Inject(SERVICE_CONFIG) config: ConsoleConfig,
    @Inject(MetricRegistry) private readonly metrics: MetricRegistry,
  ) {
    this.incidents = new IncidentQueue(config.CONSOLE_MAX_INCIDENTS);
    this.verdicts = new VerdictLog(config.CONSOLE_MAX_INCIDENTS * 10);
    this.detections = new DetectionStore(config.CONSOLE_MAX_DETECTIONS, DETECTIONS_PER_ENTITY);
    const topics: TopicNames = configuredTopics();
    const reader = <T>(topic: string, decode: (value: Buffer) => Decoded<T>, apply: (value: T) => void) =>
      new TopicTableReader<T>({
        kafka,
        topic,
        service: SERVICE,
        log,
        decode: (_key, value) => decode(value),
        apply: (_key, value) => {
          if (value === null) return;
          apply(value);
          this.count(topic, 'applied');
        },
        refused: (rejection: Rejection) => this.count(topic, `refused:${rejection.kind}`),
      }) as TopicTableReader<unknown>;
    this.readers = [
      reader(
        topics.riskIncidents,
        (v) => decodeMessage(RiskIncidentSchema, v),
        (incident) => {
          const changed = this.incidents.record(incident);
          if (changed) this.incidentFeed.next(changed);
        },
      ),
      reader(
        topics.detections,
        (v) => decodeMessage(DetectionSchema, v),
        (d) => this.detections.recordDetection(d),
      ),
      reader<RiskContribution | typeof CONTROL>(
        topics.riskContributions,
        (v): Decoded<RiskContribution | typeof CONTROL> => {
          const plain = decodeJsonObject(v);
          if (!plain.ok) return plain;
          if ('control' in plain.value) return { ok: true as const, value: CONTROL };
          return validatePlain(RiskContributionSchema, plain.value);
        },
        (c) => {
          if (c !== CONTROL) this.detections.recordContribution(c);
        },
      ),
      reader(
        topics.dispositions,
        (v) => decodeMessage(DispositionSchema, v),
        (d) => this.verdicts.record(d),
      ),
      reader(
        topics.ruleScorecards,
        (v) => decodeMessage(RuleScorecardSchema, v),
        (s) => this.trend.record(s),
      ),
    ];
  }

  private count(topic: string, outcome: string): void {
    this.metrics.increment(RECORDS_METRIC, RECORDS_HELP, { topic, outcome });
  }

  onApplicationBootstrap(): void {
    // Like every service: not ready while Kafka is away, never a crash.
    const options = { log: this.log, stopped: () => this.stopping, retryMs: RETRY_MS };
    for (const r of this.readers) void startWithRetry('console view reader', () => r.start(), options);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    this.incidentFeed.complete();
    await Promise.all(this.readers.map((r) => r.stop()));
  }

  /** Waits (bounded) until every view holds what its topic held when called: read-your-writes. */
  async caughtUp(timeoutMs: number): Promise<boolean> {
    const done = await Promise.all(this.readers.map((r) => r.caughtUp(timeoutMs)));
    return done.every(Boolean);
  }
}
