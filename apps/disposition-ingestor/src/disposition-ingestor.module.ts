/**
 * Disposition ingestor: analyst verdicts (soc.dispositions and POST) → per-rule records
 * (soc.dispositions.by-rule) → rolling per-rule counts, scorecards (soc.rule-scorecards) and
 * auto-clip states (soc.rule-state), which soc.rule-state's relay feeds back onto the by-rule
 * topic so operators' states hold auto-clip in order. Settings are validated before start.
 */
import { Inject, Module, type DynamicModule, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import {
  parseDispositionSettings,
  RULE_STATE_RELAY_PROCESSOR,
  ruleStateRelayProcessor,
  VERDICT_ROUTER_PROCESSOR,
  VERDICT_STORE_PROCESSOR,
  verdictRouterProcessor,
  verdictStoreProcessor,
} from '@riskline/dispositions';
import { text } from 'body-parser';
import {
  configuredTopics,
  KAFKA,
  LOGGER,
  loadConfigFile,
  streamProcessors,
  type JsonLogger,
} from '@riskline/service-host';
import { DispositionIngestorConfig } from './disposition-ingestor.config';
import { DispositionsController } from './dispositions.controller';
import {
  DISPOSITION_SETTINGS,
  DISPOSITIONS_PRODUCER,
  INGESTOR_CONFIG,
  INGESTOR_TOPICS,
} from './dispositions.tokens';
import { INGESTOR_TABLES, IngestorLifecycle } from './ingestor-lifecycle';
import { ingestorTables, type IngestorTables } from './ingestor-tables';
import { VerdictIntake } from './verdict-intake';

@Module({})
export class DispositionIngestorModule implements NestModule {
  constructor(@Inject(INGESTOR_CONFIG) private readonly config: DispositionIngestorConfig) {}

  /**
   * NDJSON, text/plain and untyped bodies as UTF-8 text, by body-parser (Express' own), to the
   * same limit as the JSON bodies the host parses; a JSON body arrives parsed and is left alone.
   * Over the limit is its 413, an unknown charset its 415 — both http-errors Nest answers as is.
   */
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(text({ type: () => true, limit: this.config.MAX_BODY_BYTES, defaultCharset: 'utf-8' }))
      .forRoutes(DispositionsController);
  }

  static forRoot(config: DispositionIngestorConfig, host: DynamicModule): DynamicModule {
    const settings = loadConfigFile(
      'DISPOSITIONS_CONFIG',
      config.DISPOSITIONS_CONFIG,
      parseDispositionSettings,
    );
    const topics = configuredTopics();
    return {
      module: DispositionIngestorModule,
      imports: [host],
      controllers: [DispositionsController],
      providers: [
        ...streamProcessors({
          processors: [
            {
              handle: VERDICT_ROUTER_PROCESSOR,
              inject: [INGESTOR_TABLES],
              useFactory: (tables: IngestorTables) => verdictRouterProcessor(topics, tables.incidents.index),
            },
            { handle: VERDICT_STORE_PROCESSOR, useFactory: () => verdictStoreProcessor(topics, settings) },
            { handle: RULE_STATE_RELAY_PROCESSOR, useFactory: () => ruleStateRelayProcessor(topics) },
          ],
          startAfter: IngestorLifecycle,
        }),
        { provide: INGESTOR_CONFIG, useValue: config },
        { provide: INGESTOR_TOPICS, useValue: topics },
        { provide: DISPOSITION_SETTINGS, useValue: settings },
        {
          provide: INGESTOR_TABLES,
          inject: [KAFKA, LOGGER],
          useFactory: (kafka: Kafka, log: JsonLogger) => ingestorTables(kafka, topics, settings, log),
        },
        {
          provide: DISPOSITIONS_PRODUCER,
          inject: [KAFKA],
          useFactory: (kafka: Kafka) => kafka.producer({ idempotent: true, maxInFlightRequests: 1 }),
        },
        IngestorLifecycle,
        VerdictIntake,
      ],
    };
  }
}
