/**
 * A processor declared with streamProcessors runs on the stream runtime with the host's
 * clients, is built by a factory injecting the declaring module's own provider, is reported by
 * readiness, answers to its handle, and checkpoints on shutdown.
 */
import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { processorHandle } from '@riskline/stream-core';
import { NestFactory } from '@nestjs/core';
import type { Kafka } from 'kafkajs';
import { connectRedis, createKafka, createRedis, ensureTopics, silentLog } from '@riskline/stream-runtime';
import {
  checkpointedProgress,
  waitForCommitted,
  testBrokers,
  testRedisUrl,
  uniqueName,
} from '@riskline/stream-runtime/testing';
import { windowedSumProcessor } from '@riskline/stream-core/testing';
import { loadConfig } from '../config/load-config';
import { ServiceConfig } from '../config/service-config';
import { DependencyMonitor } from '../health/dependency-monitor';
import { JsonLogger } from '../logging/json-logger';
import { ServiceHostModule } from '../service-host.module';
import { StreamProcessorsHost, streamProcessors } from './stream-processors';

const APP_PROVIDED_PROCESSOR = Symbol('APP_PROVIDED_PROCESSOR');

describe('streamProcessors (real Kafka + Redis)', () => {
  it('runs a declared processor and checkpoints it on shutdown', async () => {
    const inputTopic = uniqueName('it.nest');
    const groupPrefix = uniqueName('it.nest.group');
    const processor = windowedSumProcessor({
      name: uniqueName('nest-svc'),
      inputTopic,
      outputTopic: `${inputTopic}.out`,
    });
    const kafka: Kafka = createKafka({ clientId: 'it-nest', brokers: testBrokers(), log: silentLog });
    const admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin, [
      { name: inputTopic, partitions: 2, cleanupPolicy: 'delete', isDlq: false },
      { name: `${inputTopic}.out`, partitions: 2, cleanupPolicy: 'delete', isDlq: false },
      { name: `${inputTopic}.dlq`, partitions: 1, cleanupPolicy: 'delete', isDlq: true },
    ]);
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic: inputTopic,
      messages: Array.from({ length: 100 }, (_, i) => ({
        key: `k${i % 5}`,
        value: JSON.stringify({ key: `k${i % 5}`, n: 1, ts: '2026-01-01T00:00:00Z' }),
      })),
    });
    await producer.disconnect();

    const groupId = `${groupPrefix}-${processor.name}`;
    const handle = processorHandle<unknown, unknown>(processor.name);
    @Module({})
    class TestModule {}

    const config = loadConfig(ServiceConfig, {
      KAFKA_BROKERS: testBrokers().join(','),
      REDIS_URL: testRedisUrl(),
      CHECKPOINT_INTERVAL_MS: '60000',
      CONSUMER_GROUP_PREFIX: groupPrefix,
      RISKLINE_API_TOKEN: 'test-token-0123456789',
    });
    const logger = new JsonLogger('it', 'warn', () => undefined);
    const app = await NestFactory.createApplicationContext(
      {
        module: TestModule,
        imports: [ServiceHostModule.forRoot({ service: 'it', config, logger })],
        providers: [
          { provide: APP_PROVIDED_PROCESSOR, useValue: processor },
          ...streamProcessors({
            processors: [
              {
                handle,
                inject: [APP_PROVIDED_PROCESSOR],
                useFactory: (fromModule: typeof processor) => fromModule,
              },
            ],
          }),
        ],
      } as never,
      { logger: false },
    );
    await app.init();
    const monitor = app.get(DependencyMonitor);
    const deadline = Date.now() + 60_000;
    while (!monitor.ready() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(monitor.snapshot()['stream']).toEqual(expect.objectContaining({ ok: true }));
    expect(app.get(StreamProcessorsHost).runner(handle)).toBeDefined();

    // The interval is a minute, so only the shutdown checkpoint can make the state visible.
    await new Promise((r) => setTimeout(r, 3000));
    await app.close();
    const redis = createRedis(testRedisUrl(), silentLog);
    await connectRedis(redis);
    const progress = await checkpointedProgress(redis, processor, 2, groupId);
    const total = [...progress.values()].reduce(
      (sum, p) => sum + [...p.state.keys.values()].reduce((s, k) => s + k.totalCount, 0),
      0,
    );
    expect(total).toBe(100);
    await waitForCommitted(admin, groupId, inputTopic, 100, 10_000);
    await redis.quit();
    await admin.disconnect();
  }, 120_000);
});
