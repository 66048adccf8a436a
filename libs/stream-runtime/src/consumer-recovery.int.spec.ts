/**
 * A consumer kafkajs stops for good is replaced by the runner. kafkajs crashes a consumer
 * without restarting it on errors it classes as non-retriable — "Failed to find group
 * coordinator" while a broker restarts is the one met in the wild; here a private broker with
 * `group.max.size=1` makes the second member's join fail with GROUP_MAX_SIZE_REACHED, which
 * kafkajs also treats as final. Once the first runner leaves, the second must take the
 * partitions over by itself and its stop must still checkpoint and exit cleanly.
 */
import type Redis from 'ioredis';
import { createKafka } from './kafka-client';
import { ensureTopics } from './ensure-topics';
import { silentLog, type LogSink } from './log-sink';
import { connectRedis, createRedis } from './redis-client';
import { StreamRunner } from './stream-runner';
import { checkpointedProgress, waitForCommitted } from './testing/harness';
import { PrivateBroker } from './testing/private-broker';
import { testRedisUrl, uniqueName } from './testing/test-stack';
import { windowedSumProcessor } from '@riskline/stream-core/testing';

const RECOVERY_BROKER_PORT = 19_496;
const ts = '2026-01-01T00:00:00Z';

function recordingLog(lines: string[]): LogSink {
  const record = (msg: string) => void lines.push(msg);
  return { debug: () => undefined, info: record, warn: record, error: record };
}

describe('StreamRunner consumer recovery (private broker + real Redis)', () => {
  const broker = new PrivateBroker(RECOVERY_BROKER_PORT, { 'group.max.size': '1' });
  let redis: Redis;

  beforeAll(async () => {
    await broker.start();
    redis = createRedis(testRedisUrl(), silentLog);
    await connectRedis(redis);
  }, 120_000);

  afterAll(async () => {
    await redis.quit();
    await broker.destroy();
  });

  it('replaces a consumer kafkajs crashed for good and goes on consuming', async () => {
    const kafka = createKafka({ clientId: 'it-recovery', brokers: broker.brokers, log: silentLog });
    const admin = kafka.admin();
    await admin.connect();
    const inputTopic = uniqueName('it.recovery');
    const outputTopic = `${inputTopic}.out`;
    await ensureTopics(admin, [
      { name: inputTopic, partitions: 2, cleanupPolicy: 'delete', isDlq: false },
      { name: `${inputTopic}.dlq`, partitions: 1, cleanupPolicy: 'delete', isDlq: true },
      { name: outputTopic, partitions: 2, cleanupPolicy: 'delete', isDlq: false },
    ]);
    const processor = windowedSumProcessor({ name: uniqueName('svc'), inputTopic, outputTopic });
    const groupId = uniqueName('it.group');
    const runner = (log: LogSink) =>
      new StreamRunner({
        kafka,
        redis,
        log,
        processor,
        groupId,
        checkpointIntervalMs: 200,
        sessionTimeoutMs: 6000,
      });
    const send = async (from: number, to: number) => {
      const producer = kafka.producer();
      await producer.connect();
      const messages = [];
      for (let n = from; n < to; n++)
        messages.push({ key: `k${n % 4}`, value: JSON.stringify({ key: `k${n % 4}`, n: 1, ts }) });
      await producer.send({ topic: inputTopic, messages });
      await producer.disconnect();
    };

    const first = runner(silentLog);
    await first.start();
    await send(0, 100);
    await waitForCommitted(admin, groupId, inputTopic, 100, 60_000);

    const secondLog: string[] = [];
    const second = runner(recordingLog(secondLog));
    // kafkajs' run() returns once the join has failed and the consumer was crashed.
    await second.start();
    await first.stop();
    await send(100, 200);
    await waitForCommitted(admin, groupId, inputTopic, 200, 120_000);
    expect(secondLog).toContain('consumer stopped by kafkajs; replacing it');
    expect(secondLog).toContain('consumer replaced and back in the group');
    await second.stop();

    const states = [...(await checkpointedProgress(redis, processor, 2, groupId)).values()];
    const total = states.reduce(
      (sum, p) => sum + [...p.state.keys.values()].reduce((s, k) => s + k.totalCount, 0),
      0,
    );
    expect(total).toBe(200);
    await admin.disconnect();
  }, 300_000);
});
