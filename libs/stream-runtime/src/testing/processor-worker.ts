/**
 * A process running a processor on the stream runtime, for tests that kill, add and remove
 * instances. PROCESSOR_MODULE names a module whose `createProcessor(env)` builds the processor;
 * everything else comes from the environment. SIGTERM stops it cleanly (checkpoint, leave the
 * group); SIGKILL is the crash under test.
 */
import { createKafka } from '../kafka-client';
import { connectRedis, createRedis } from '../redis-client';
import { StreamRunner } from '../stream-runner';
import type { LogSink } from '../log-sink';
import { resolve } from 'node:path';
import type { PartitionedProcessor } from '@riskline/stream-core';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};

const log: LogSink = {
  debug: () => undefined,
  info: (msg, fields) => process.stdout.write(`${JSON.stringify({ level: 'info', msg, ...fields })}\n`),
  warn: (msg, fields) => process.stdout.write(`${JSON.stringify({ level: 'warn', msg, ...fields })}\n`),
  error: (msg, fields) => process.stdout.write(`${JSON.stringify({ level: 'error', msg, ...fields })}\n`),
};

type Factory = (env: NodeJS.ProcessEnv) => PartitionedProcessor<unknown, unknown>;

async function main(): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the module is chosen at run time
  const factory = (require(resolve(env('PROCESSOR_MODULE'))) as { createProcessor: Factory }).createProcessor;
  const kafka = createKafka({
    clientId: `sum-worker-${process.pid}`,
    brokers: env('KAFKA_BROKERS').split(','),
    log,
  });
  const redis = createRedis(env('REDIS_URL'), log);
  await connectRedis(redis);
  const runner = new StreamRunner({
    kafka,
    redis,
    log,
    processor: factory(process.env),
    groupId: env('GROUP_ID'),
    checkpointIntervalMs: Number(process.env['CHECKPOINT_MS'] ?? 500),
    checkpointEveryRecords: Number(process.env['CHECKPOINT_RECORDS'] ?? 5000),
    sessionTimeoutMs: 6000,
    claimRetryMs: 500,
  });
  let stopping = false;
  process.on('SIGTERM', () => {
    if (stopping) return;
    stopping = true;
    void runner
      .stop()
      .then(() => redis.quit())
      .then(() => process.exit(0));
  });
  await runner.start();
  log.info('worker started', { pid: process.pid });
}

main().catch((error: Error) => {
  log.error('worker failed', { error: error.message });
  process.exit(1);
});
