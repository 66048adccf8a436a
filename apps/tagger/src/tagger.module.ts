/**
 * The tagger: Sigma and native rules on soc.events → soc.detections and keyed
 * soc.risk.contributions, with live rule state from soc.rule-state and hot-reloaded rule files.
 * Configuration files (risk config, log source mappings) are read and validated here, before
 * the application starts: a bad one refuses to start, naming the variable and the key.
 */
import {
  Inject,
  Module,
  type BeforeApplicationShutdown,
  type DynamicModule,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { Kafka, Producer } from 'kafkajs';
import {
  ConfigError,
  configuredTopics,
  loadConfigFile,
  KAFKA,
  LOGGER,
  MetricRegistry,
  startWithRetry,
  streamProcessors,
  type JsonLogger,
} from '@riskline/service-host';
import {
  CORRELATOR_PROCESSOR,
  correlatorProcessor,
  parseRiskConfig,
  TAGGER_PROCESSOR,
  taggerProcessor,
} from '@riskline/tagging';
import { parsePlaceholders, PlaceholderError } from '@riskline/detection';
import { RuleRegistry, loadMappingFiles } from './rule-registry';
import { RulesController } from './rules.controller';
import type { TaggerConfig } from './tagger.config';
import { RISK_CONFIG, RULE_STATE_PRODUCER, RULE_STATE_TOPIC, TAGGER_CONFIG } from './tagger.tokens';
import { RiskConfigController } from './risk-config.controller';
import { TaggerRuleStateReader } from './tagger-rule-states';
import { EntityContextReaders } from './entity-context-readers';

const RETRY_MS = 3000;

class TaggerLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private stopping = false;

  constructor(
    @Inject(RuleRegistry) private readonly registry: RuleRegistry,
    @Inject(TaggerRuleStateReader) private readonly reader: TaggerRuleStateReader,
    @Inject(EntityContextReaders) private readonly contexts: EntityContextReaders,
    @Inject(RULE_STATE_PRODUCER) private readonly producer: Producer,
    @Inject(LOGGER) private readonly log: JsonLogger,
    @Inject(TAGGER_CONFIG) private readonly config: TaggerConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.registry.start(this.config.RULES_POLL_MS);
    const options = { log: this.log, stopped: () => this.stopping, retryMs: RETRY_MS };
    void startWithRetry('rule state reader', () => this.reader.start(), options);
    void startWithRetry('entity context readers', () => this.contexts.start(), options);
    void startWithRetry('rule state producer', () => this.producer.connect(), options);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    this.registry.stop();
    await this.reader.stop();
    await this.contexts.stop();
    await this.producer.disconnect();
  }
}

function readPlaceholders(text: string | undefined): ReadonlyMap<string, readonly string[]> {
  try {
    return parsePlaceholders(
      (text ?? '')
        .split(';')
        .map((entry) => entry.trim())
        .filter((entry) => entry !== ''),
    );
  } catch (error) {
    if (error instanceof PlaceholderError)
      throw new ConfigError([{ key: 'SIGMA_PLACEHOLDERS', message: error.message }]);
    throw error;
  }
}

function readMappings(paths: readonly string[] | undefined) {
  let loaded;
  try {
    loaded = loadMappingFiles(paths);
  } catch (error) {
    throw new ConfigError([{ key: 'LOGSOURCE_MAPPINGS', message: (error as Error).message }]);
  }
  if (loaded.errors.length > 0)
    throw new ConfigError(loaded.errors.map((message) => ({ key: 'LOGSOURCE_MAPPINGS', message })));
  return loaded.mapping;
}

@Module({})
export class TaggerModule {
  static forRoot(config: TaggerConfig, host: DynamicModule): DynamicModule {
    const risk = loadConfigFile('RISK_CONFIG', config.RISK_CONFIG, parseRiskConfig);
    const mapping = readMappings(config.LOGSOURCE_MAPPINGS);
    const placeholders = readPlaceholders(config.SIGMA_PLACEHOLDERS);
    const topics = configuredTopics();
    return {
      module: TaggerModule,
      imports: [host],
      controllers: [RulesController, RiskConfigController],
      providers: [
        ...streamProcessors({
          processors: [
            {
              handle: TAGGER_PROCESSOR,
              inject: [RuleRegistry, TaggerRuleStateReader, EntityContextReaders],
              useFactory: (
                registry: RuleRegistry,
                ruleStates: TaggerRuleStateReader,
                contexts: EntityContextReaders,
              ) =>
                taggerProcessor({
                  topics,
                  engine: () => registry.engine,
                  ruleStates: () => ruleStates.states,
                  contexts: () => contexts.contexts,
                  risk,
                  maxEventBytes: config.MAX_EVENT_BYTES,
                  shape: config.EVENT_SHAPE,
                }),
            },
            // Sigma correlations: a partition-owned processor of its own (group `correlator`),
            // hosted here because its firings need the same rule set, rule states and scoring.
            {
              handle: CORRELATOR_PROCESSOR,
              inject: [RuleRegistry, TaggerRuleStateReader, EntityContextReaders],
              useFactory: (
                registry: RuleRegistry,
                ruleStates: TaggerRuleStateReader,
                contexts: EntityContextReaders,
              ) =>
                correlatorProcessor({
                  topics,
                  engine: () => registry.engine,
                  ruleStates: () => ruleStates.states,
                  contexts: () => contexts.contexts,
                  risk,
                }),
            },
          ],
        }),
        { provide: TAGGER_CONFIG, useValue: config },
        { provide: RISK_CONFIG, useValue: risk },
        { provide: RULE_STATE_TOPIC, useValue: topics.ruleState },
        {
          provide: RuleRegistry,
          inject: [LOGGER, MetricRegistry],
          useFactory: (log: JsonLogger, metrics: MetricRegistry) =>
            new RuleRegistry({
              paths: config.RULES_DIRS,
              mapping,
              sourceKindField: config.SOURCE_KIND_FIELD,
              placeholders,
              log,
              metrics,
            }),
        },
        {
          provide: TaggerRuleStateReader,
          inject: [KAFKA, LOGGER],
          useFactory: (kafka: Kafka, log: JsonLogger) =>
            new TaggerRuleStateReader(kafka, topics.ruleState, log),
        },
        {
          provide: EntityContextReaders,
          inject: [KAFKA, LOGGER],
          useFactory: (kafka: Kafka, log: JsonLogger) =>
            new EntityContextReaders(kafka, [topics.assets, topics.identities], log),
        },
        {
          provide: RULE_STATE_PRODUCER,
          inject: [KAFKA],
          useFactory: (kafka: Kafka) => kafka.producer({ idempotent: true, maxInFlightRequests: 1 }),
        },
        TaggerLifecycle,
      ],
    };
  }
}
