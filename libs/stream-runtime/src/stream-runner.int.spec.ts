/**
 * StreamRunner in-process on the real broker and Redis: bad records become dead letters with
 * their reason and coordinates while the partition goes on; a checkpoint of another snapshot
 * version is not restored: the state is rebuilt from the retained log, with a warning.
 */
import type { Admin, Kafka } from 'kafkajs';
import type Redis from 'ioredis';
import { DeadLetterSchema, decodeMessage, type DeadLetter } from '@riskline/contracts';
import { createKafka } from './kafka-client';
import { ensureTopics } from './ensure-topics';
import { silentLog, type LogSink } from './log-sink';
import { connectRedis, createRedis } from './redis-client';
import { StreamRunner } from './stream-runner';
import { checkpointedProgress, readTopic, waitForCommitted } from './testing/harness';
import { testBrokers, testRedisUrl, uniqueName } from './testing/test-stack';
import { windowedSumProcessor } from '@riskline/stream-core/testing';

const ts = '2026-01-01T00:00:00Z';

describe('StreamRunner (real Kafka + Redis)', () => {
  let kafka: Kafka;
  let admin: Admin;
  let redis: Redis;

  beforeAll(async () => {
    kafka = createKafka({ clientId: 'it-runner', brokers: testBrokers(), log: silentLog });
    admin = kafka.admin();
    await admin.connect();
    redis = createRedis(testRedisUrl(), silentLog);
    await connectRedis(redis);
  });

  afterAll(async () => {
    await admin.disconnect();
    await redis.quit();
  });

  async function setUp(name: string) {
    const inputTopic = uniqueName(`it.${name}`);
    const outputTopic = `${inputTopic}.out`;
    await ensureTopics(admin, [
      { name: inputTopic, partitions: 3, cleanupPolicy: 'delete', isDlq: false },
      { name: `${inputTopic}.dlq`, partitions: 1, cleanupPolicy: 'delete', isDlq: true },
      { name: outputTopic, partitions: 3, cleanupPolicy: 'delete', isDlq: false },
    ]);
    const processor = windowedSumProcessor({ name: uniqueName('svc'), inputTopic, outputTopic });
    const groupId = uniqueName('it.group');
    return { inputTopic, processor, groupId };
  }

  function runner(
    setup: Awaited<ReturnType<typeof setUp>>,
    log: LogSink = silentLog,
    processor = setup.processor,
  ) {
    return new StreamRunner({
      kafka,
      redis,
      log,
      processor,
      groupId: setup.groupId,
      checkpointIntervalMs: 200,
      sessionTimeoutMs: 6000,
    });
  }

  async function send(topic: string, values: (string | Buffer)[]) {
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic,
      messages: values.map((value) => ({ key: 'k', value, headers: { traceparent: '00-abc-def-01' } })),
    });
    await producer.disconnect();
  }

  it('waits for an input topic created after it starts, and refuses one that never appears by name', async () => {
    const inputTopic = uniqueName('it.late');
    const processor = windowedSumProcessor({
      name: uniqueName('svc'),
      inputTopic,
      outputTopic: `${inputTopic}.out`,
    });
    const warnings: string[] = [];
    const log: LogSink = { ...silentLog, warn: (msg) => warnings.push(msg) };
    const groupId = uniqueName('it.group');
    const late = new StreamRunner({ kafka, redis, log, processor, groupId, sessionTimeoutMs: 6000 });
    const started = late.start();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await ensureTopics(admin, [
      { name: inputTopic, partitions: 3, cleanupPolicy: 'delete', isDlq: false },
      { name: `${inputTopic}.dlq`, partitions: 1, cleanupPolicy: 'delete', isDlq: true },
      { name: `${inputTopic}.out`, partitions: 3, cleanupPolicy: 'delete', isDlq: false },
    ]);
    await started;
    await send(inputTopic, [JSON.stringify({ key: 'k', n: 1, ts })]);
    await waitForCommitted(admin, groupId, inputTopic, 1, 60_000);
    await late.stop();
    expect(warnings).toContain('waiting for the input topic to exist');

    const missing = uniqueName('it.missing');
    const never = new StreamRunner({
      kafka,
      redis,
      log: silentLog,
      processor: windowedSumProcessor({
        name: uniqueName('svc'),
        inputTopic: missing,
        outputTopic: `${missing}.out`,
      }),
      groupId: uniqueName('it.group'),
      topicWaitMs: 1000,
    });
    await expect(never.start()).rejects.toThrow(`input topic ${missing} does not exist`);
    await never.stop();
  }, 90_000);

  it('sends poison records to the DLQ with reason and coordinates, and keeps going', async () => {
    const setup = await setUp('poison');
    await send(setup.inputTopic, [
      JSON.stringify({ key: 'k', n: 1, ts }),
      '{"key": "k", "n":',
      JSON.stringify({ key: 'k', n: 'two', ts }),
      Buffer.from([0xff, 0xfe, 0x00]),
      JSON.stringify({ key: 'k', n: 4, ts }),
    ]);
    const run = runner(setup);
    await run.start();
    await waitForCommitted(admin, setup.groupId, setup.inputTopic, 5, 60_000);
    await run.stop();

    const letters = [...(await readTopic(kafka, admin, `${setup.inputTopic}.dlq`)).values()].flat();
    const decoded = letters.map((r) => decodeMessage(DeadLetterSchema, r.value));
    expect(decoded.every((d) => d.ok)).toBe(true);
    const values = decoded.map((d) => (d as { value: DeadLetter }).value);
    expect(values.map((v) => [v.reason.kind, v.source.offset, v.source.key, v.payload.encoding])).toEqual([
      ['invalid_json', '1', 'k', 'utf8'],
      ['schema_violation', '2', 'k', 'utf8'],
      ['not_utf8', '3', 'k', 'base64'],
    ]);
    expect(values[0]!.source.topic).toBe(setup.inputTopic);
    expect(Buffer.from(values[2]!.payload.data, 'base64')).toEqual(Buffer.from([0xff, 0xfe, 0x00]));
    const state = [...(await checkpointedProgress(redis, setup.processor, 3, setup.groupId)).values()];
    expect(state).toHaveLength(1);
    expect(state[0]!.nextOffset).toBe(5);
    expect(state[0]!.state.keys.get('k')).toEqual(expect.objectContaining({ totalSum: 5, totalCount: 2 }));
  }, 90_000);

  it('rebuilds the state from the retained log when the snapshot version changed, and says so', async () => {
    const setup = await setUp('version');
    await send(setup.inputTopic, [
      JSON.stringify({ key: 'k', n: 1, ts }),
      JSON.stringify({ key: 'k', n: 2, ts }),
    ]);
    const v1 = runner(setup);
    await v1.start();
    await waitForCommitted(admin, setup.groupId, setup.inputTopic, 2, 60_000);
    await v1.stop();

    await send(setup.inputTopic, [JSON.stringify({ key: 'k', n: 10, ts })]);
    const warnings: string[] = [];
    const log: LogSink = {
      ...silentLog,
      warn: (msg, fields) => warnings.push(`${msg} ${JSON.stringify(fields)}`),
    };
    const v2processor = { ...setup.processor, snapshot: { ...setup.processor.snapshot, version: 2 } };
    const v2 = runner(setup, log, v2processor);
    await v2.start();
    await waitForCommitted(admin, setup.groupId, setup.inputTopic, 3, 60_000);
    await v2.stop();

    expect(
      warnings.some(
        (w) =>
          w.includes('checkpoint not restored, rebuilding the state from the earliest retained record') &&
          w.includes('snapshot version 1, this build reads 2') &&
          w.includes('"from_offset":0'),
      ),
    ).toBe(true);
    const [progress] = [...(await checkpointedProgress(redis, v2processor, 3, setup.groupId)).values()];
    expect(progress!.nextOffset).toBe(3);
    expect(progress!.state.keys.get('k')).toEqual(expect.objectContaining({ totalSum: 13, totalCount: 3 }));
  }, 90_000);
});
