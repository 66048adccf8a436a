/**
 * Starts what the ingestor's processors and API depend on — the three tables and the producer
 * of accepted verdicts — and gates the processors until the tables hold what their topics held
 * at start: the router must not reject an incident the index has yet to read, nor the store
 * write an auto-clip over an operator state it has yet to see.
 */
import { Inject, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { Producer } from 'kafkajs';
import { LOGGER, startWithRetry, type JsonLogger, type StartGate } from '@riskline/service-host';
import type { TopicTableReader } from '@riskline/stream-runtime';
import { DISPOSITIONS_PRODUCER } from './dispositions.tokens';
import type { IngestorTables } from './ingestor-tables';

export const INGESTOR_TABLES = Symbol('INGESTOR_TABLES');
const RETRY_MS = 3000;
const CATCH_UP_SLICE_MS = 10_000;

export class IngestorLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown, StartGate {
  private stopping = false;
  private started: Promise<boolean[]> | null = null;

  constructor(
    @Inject(INGESTOR_TABLES) private readonly tables: IngestorTables,
    @Inject(DISPOSITIONS_PRODUCER) private readonly producer: Producer,
    @Inject(LOGGER) private readonly log: JsonLogger,
  ) {}

  onApplicationBootstrap(): void {
    const options = { log: this.log, stopped: () => this.stopping, retryMs: RETRY_MS };
    const { incidents, ruleStates, scorecards } = this.tables;
    this.started = Promise.all([
      startWithRetry('incident index', () => incidents.start(), options),
      startWithRetry('rule state reader', () => ruleStates.start(), options),
      startWithRetry('scorecard reader', () => scorecards.start(), options),
      startWithRetry('dispositions producer', () => this.producer.connect(), options),
    ]);
  }

  async ready(): Promise<void> {
    await this.started;
    for (const [name, table] of this.readers()) {
      while (!this.stopping && !(await table.caughtUp(CATCH_UP_SLICE_MS)))
        this.log.info('waiting for a table to catch up before processing', { table: name });
    }
  }

  private readers(): [string, TopicTableReader<unknown>][] {
    return Object.entries(this.tables) as [string, TopicTableReader<unknown>][];
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.readers().map(([, table]) => table.stop()));
    await this.producer.disconnect();
  }
}
