/**
 * POST /api/v1/dispositions, behind the controller: judge every record of a body, answer what
 * became of each, and produce the accepted ones to soc.dispositions (keyed by their identity,
 * so redeliveries share a partition) for the router to expand and the store to count.
 *
 * - rejected: schema violations, verdict times further ahead of now than the runtime's allowed
 *   skew (the router would refuse them as event_time_skew), and incident verdicts whose
 *   incident the index does not hold even after waiting for it to catch up;
 * - duplicate: repeated within the body, or every per-rule record already counted by the store
 *   (asked of the partitions' owners). The store's dedup is the guarantee; this answer is what
 *   it knew when asked.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { Kafka, Producer } from 'kafkajs';
import type { Disposition, RuleDisposition, TopicNames } from '@riskline/contracts';
import {
  dispositionIdentity,
  expandDisposition,
  parseVerdictBatch,
  type Expansion,
  type BatchRejection,
  VERDICT_STORE_PROCESSOR,
} from '@riskline/dispositions';
import { FORWARDED_HEADER, KAFKA, PartitionRouter, StreamProcessorsHost } from '@riskline/service-host';
import type { DispositionIngestorConfig } from './disposition-ingestor.config';
import { DISPOSITIONS_PRODUCER, INGESTOR_CONFIG, INGESTOR_TOPICS } from './dispositions.tokens';
import type { IngestorTables } from './ingestor-tables';
import { INGESTOR_TABLES } from './ingestor-lifecycle';

export interface IntakeResult {
  readonly accepted: number;
  readonly duplicate: number;
  readonly rejected: number;
  /** The first MAX_REPORTED_ERRORS rejections, by index; `errors_omitted` counts the rest. */
  readonly errors: readonly BatchRejection[];
  readonly errors_omitted?: number;
}

/** A body of 100k bad records must not answer with megabytes of reasons. */
export const MAX_REPORTED_ERRORS = 100;

export interface CountedQuery {
  readonly rule_id: string;
  readonly dedup_key: string;
}

@Injectable()
export class VerdictIntake {
  private readonly router: PartitionRouter;

  constructor(
    @Inject(INGESTOR_TABLES) private readonly tables: IngestorTables,
    @Inject(DISPOSITIONS_PRODUCER) private readonly producer: Producer,
    @Inject(INGESTOR_TOPICS) private readonly topics: TopicNames,
    @Inject(INGESTOR_CONFIG) private readonly config: DispositionIngestorConfig,
    @Inject(StreamProcessorsHost) private readonly host: StreamProcessorsHost,
    @Inject(KAFKA) kafka: Kafka,
  ) {
    this.router = new PartitionRouter(kafka, () => this.host.runner(VERDICT_STORE_PROCESSOR));
  }

  /** null: the body is not an object, an array or NDJSON. */
  async submit(body: unknown, authorization: string | undefined): Promise<IntakeResult | null> {
    const batch = parseVerdictBatch(body);
    if (!batch) return null;
    const errors = [...batch.rejected];
    const seen = new Set<string>();
    const candidates: { index: number; disposition: Disposition; records: readonly RuleDisposition[] }[] = [];
    let duplicate = 0;
    for (const { index, disposition } of batch.records) {
      const aheadMs = Date.parse(disposition.timestamp) - Date.now();
      if (aheadMs > this.config.MAX_EVENT_TIME_SKEW_MS) {
        errors.push({
          index,
          reason: `timestamp is ${Math.round(aheadMs / 1000)} s in the future (allowed: ${this.config.MAX_EVENT_TIME_SKEW_MS / 1000} s)`,
        });
        continue;
      }
      const identity = dispositionIdentity(disposition);
      if (seen.has(identity)) {
        duplicate++;
        continue;
      }
      seen.add(identity);
      const expansion = await this.expand(disposition);
      if (expansion.ok) candidates.push({ index, disposition, records: expansion.records });
      else errors.push({ index, reason: expansion.reason });
    }
    const counted = await this.counted(
      candidates.flatMap((c) => c.records.map(({ rule_id, dedup_key }) => ({ rule_id, dedup_key }))),
      authorization,
    );
    let at = 0;
    const accepted = candidates.filter((c) => {
      const known = c.records.every((_, i) => counted[at + i]);
      at += c.records.length;
      if (known) duplicate++;
      return !known;
    });
    if (accepted.length > 0)
      await this.producer.send({
        topic: this.topics.dispositions,
        acks: -1,
        messages: accepted.map((c) => ({
          key: dispositionIdentity(c.disposition),
          value: JSON.stringify(c.disposition),
        })),
      });
    errors.sort((a, b) => a.index - b.index);
    const reported = errors.slice(0, MAX_REPORTED_ERRORS);
    return {
      accepted: accepted.length,
      duplicate,
      rejected: errors.length,
      errors: reported,
      ...(errors.length > reported.length ? { errors_omitted: errors.length - reported.length } : {}),
    };
  }

  /** The per-rule records a verdict becomes, as the router will expand it, or why it cannot. */
  private async expand(d: Disposition): Promise<Expansion> {
    const index = this.tables.incidents.index;
    const expansion = expandDisposition(d, index);
    if (expansion.ok || !(await this.tables.incidents.caughtUp(this.config.INCIDENT_LOOKUP_WAIT_MS)))
      return expansion;
    return expandDisposition(d, index);
  }

  /** Whether the store has counted each (rule, key): asked locally, or of the partition's owner. */
  async counted(queries: readonly CountedQuery[], authorization?: string): Promise<boolean[]> {
    const answers = queries.map(() => false);
    const runner = this.host.runner(VERDICT_STORE_PROCESSOR);
    if (!runner || queries.length === 0) return answers;
    const remote = new Map<string, number[]>();
    const owned = runner.ownedPartitions();
    const partitions = new Map<string, number>();
    for (const [i, q] of queries.entries()) {
      let partition = partitions.get(q.rule_id);
      if (partition === undefined) {
        partition = await this.router.partitionOf(q.rule_id);
        partitions.set(q.rule_id, partition);
      }
      const local = owned.get(partition);
      if (local) answers[i] = local.state.seen.has(q.dedup_key);
      else if (authorization !== undefined) {
        const owner = await runner.ownerOf(partition);
        if (owner) remote.set(owner, [...(remote.get(owner) ?? []), i]);
      }
    }
    await Promise.all(
      [...remote].map(async ([owner, indexes]) => {
        const response = await fetch(`${owner}/api/v1/dispositions/counted`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: authorization ?? '',
            [FORWARDED_HEADER]: '1',
          },
          body: JSON.stringify({ keys: indexes.map((i) => queries[i]) }),
          signal: AbortSignal.timeout(5000),
        }).catch(() => null);
        // An owner that cannot answer leaves the records accepted: the store dedups them anyway.
        if (!response?.ok) return;
        const { counted } = (await response.json()) as { counted: boolean[] };
        indexes.forEach((i, k) => (answers[i] = counted[k] === true));
      }),
    );
    return answers;
  }
}
