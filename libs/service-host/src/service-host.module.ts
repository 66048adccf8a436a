/**
 * The NestJS module every Riskline service imports first: config, structured logging, the
 * shared Kafka and Redis clients, dependency monitoring, the /healthz and /readyz endpoints and
 * the Prometheus registry behind /metrics.
 * It owns their lifecycle — connects on bootstrap, closes on shutdown (SIGTERM/SIGINT).
 */
import {
  Global,
  Inject,
  Module,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type Redis from 'ioredis';
import { createKafka, createRedis } from '@riskline/stream-runtime';
import type { ServiceConfig } from './config/service-config';
import { kafkaCheck, redisCheck, type Check } from './health/dependency-checks';
import { DependencyMonitor } from './health/dependency-monitor';
import { HealthController } from './health/health.controller';
import { MetricRegistry } from './metrics/metric-registry';
import { MetricsController } from './metrics/metrics.controller';
import { type JsonLogger } from './logging/json-logger';
import { KAFKA, LOGGER, REDIS, SERVICE_CONFIG } from './tokens';

export interface ServiceHostOptions {
  readonly service: string;
  readonly config: ServiceConfig;
  readonly logger: JsonLogger;
}

const CHECKS = Symbol('CHECKS');

class HostLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(DependencyMonitor) private readonly monitor: DependencyMonitor,
    @Inject(CHECKS) private readonly checks: readonly Check[],
  ) {}

  onApplicationBootstrap(): void {
    this.monitor.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.monitor.stop();
    await Promise.all(this.checks.map((c) => c.close()));
  }
}

@Global()
@Module({})
export class ServiceHostModule {
  static forRoot(options: ServiceHostOptions): DynamicModule {
    const { config, logger, service } = options;
    const clientId = `riskline-${service}-${config.INSTANCE_ID}`;
    const kafkaSecurity = config.kafkaSecurity();
    const redisSecurity = config.redisSecurity();
    return {
      module: ServiceHostModule,
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: SERVICE_CONFIG, useValue: config },
        { provide: LOGGER, useValue: logger },
        {
          provide: KAFKA,
          useFactory: () =>
            createKafka({ clientId, brokers: config.KAFKA_BROKERS, log: logger, security: kafkaSecurity }),
        },
        {
          provide: REDIS,
          useFactory: () => createRedis(config.REDIS_URL, logger, `riskline-${service}`, redisSecurity),
        },
        {
          provide: CHECKS,
          inject: [REDIS],
          useFactory: (redis: Redis): Check[] => [
            kafkaCheck(clientId, config.KAFKA_BROKERS, kafkaSecurity),
            redisCheck(redis, config.REDIS_URL),
          ],
        },
        {
          provide: DependencyMonitor,
          inject: [CHECKS],
          useFactory: ([kafka, redis]: Check[]) =>
            new DependencyMonitor({ kafka: kafka!, redis: redis! }, logger),
        },
        { provide: MetricRegistry, useValue: new MetricRegistry() },
        HostLifecycle,
      ],
      exports: [SERVICE_CONFIG, LOGGER, KAFKA, REDIS, DependencyMonitor, MetricRegistry],
    };
  }
}
