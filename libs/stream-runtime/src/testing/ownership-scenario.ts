/**
 * The runtime guarantee's standard ordeal for a processor, on the real broker and Redis: the
 * first 60% of the input is produced and a worker is SIGKILLed at a random point mid-way; two
 * workers take over while the rest is produced; one of them is SIGKILLed; the survivor
 * finishes and stops cleanly. The caller then compares checkpoints and outputs with
 * `referenceRun` over the same input.
 */
import type { Admin, Kafka } from 'kafkajs';
import { ensureTopics } from '../ensure-topics';
import {
  produceRange,
  startWorker,
  stopWorker,
  waitForCommitted,
  type MessageAt,
  type Worker,
  type WorkerScenario,
} from './harness';
import { testBrokers, testRedisUrl } from './test-stack';

export async function createScenarioTopics(admin: Admin, s: WorkerScenario): Promise<void> {
  await ensureTopics(admin, [
    { name: s.inputTopic, partitions: s.partitions, cleanupPolicy: 'delete', isDlq: false },
    { name: `${s.inputTopic}.dlq`, partitions: 1, cleanupPolicy: 'delete', isDlq: true },
    { name: s.outputTopic, partitions: s.partitions, cleanupPolicy: 'delete', isDlq: false },
  ]);
}

export async function crashAndRebalance(
  kafka: Kafka,
  admin: Admin,
  s: WorkerScenario,
  total: number,
  messageAt: MessageAt,
  env: Record<string, string> = {},
): Promise<void> {
  await createScenarioTopics(admin, s);
  const workers: Worker[] = [];
  const launch = () => {
    const w = startWorker(s, { KAFKA_BROKERS: testBrokers().join(','), REDIS_URL: testRedisUrl(), ...env });
    workers.push(w);
    return w;
  };
  const firstBatch = Math.floor(total * 0.6);
  try {
    await produceRange(kafka, s.inputTopic, 0, firstBatch, messageAt);
    const first = launch();
    const killAt = Math.floor(total * (0.2 + Math.random() * 0.1));
    await waitForCommitted(admin, s.groupId, s.inputTopic, killAt, 90_000).catch((error: Error) => {
      throw new Error(`${error.message}; worker output:\n${first.output().slice(-3000)}`);
    });
    await stopWorker(first, 'SIGKILL');
    const second = launch();
    const extra = launch();
    await produceRange(kafka, s.inputTopic, firstBatch, total, messageAt);
    await waitForCommitted(admin, s.groupId, s.inputTopic, Math.floor(total * 0.7), 120_000);
    await stopWorker(extra, 'SIGKILL');
    await waitForCommitted(admin, s.groupId, s.inputTopic, total, 180_000).catch((error: Error) => {
      throw new Error(`${error.message}; worker output:\n${second.output().slice(-3000)}`);
    });
    const code = await stopWorker(second);
    if (code !== 0) throw new Error(`the surviving worker exited ${code}:\n${second.output().slice(-3000)}`);
  } finally {
    await Promise.all(workers.map((w) => stopWorker(w, 'SIGKILL')));
  }
}
