// Orchestrates the local stack. Each `up` returns which components it started itself, so the
// caller (npm start, npm test) can stop exactly those and leave a pre-existing stack alone.
import { kafkaLog, kafkaPorts, kafkaRunning, startKafka, KAFKA } from './kafka.mjs';
import { probeKafka, probeRedis, waitFor } from './probes.mjs';
import { stop } from './processes.mjs';
import { redisLog, redisPort, redisRunning, startRedis, REDIS } from './redis.mjs';

const KAFKA_START_TIMEOUT_MS = Number(process.env.RISKLINE_KAFKA_START_TIMEOUT_MS ?? 120_000);
const REDIS_START_TIMEOUT_MS = 20_000;

export function endpoints() {
  return {
    kafkaBrokers: (process.env.KAFKA_BROKERS ?? `127.0.0.1:${kafkaPorts().broker}`)
      .split(',')
      .map((b) => b.trim())
      .filter(Boolean),
    redisUrl: process.env.REDIS_URL ?? `redis://127.0.0.1:${redisPort()}`,
  };
}

async function upKafka(brokers) {
  if ((await probeKafka(brokers, 1500)) === null) return { started: false };
  if (process.env.KAFKA_BROKERS)
    throw new Error(`KAFKA_BROKERS is set but Kafka does not answer: ${await probeKafka(brokers)}`);
  const t0 = Date.now();
  const pid = kafkaRunning() ?? startKafka();
  const reason = await waitFor(
    () => probeKafka(brokers),
    KAFKA_START_TIMEOUT_MS,
    () => kafkaRunning() !== null,
  );
  if (reason)
    throw new Error(
      `Kafka did not become ready within ${KAFKA_START_TIMEOUT_MS / 1000}s (${reason}); its log: ${kafkaLog()}`,
    );
  console.log(
    `[stack] Kafka ready at ${brokers.join(',')} (pid ${pid}, ${((Date.now() - t0) / 1000).toFixed(1)}s)`,
  );
  return { started: true };
}

async function upRedis(url) {
  if ((await probeRedis(url, 1000)) === null) return { started: false };
  if (process.env.REDIS_URL)
    throw new Error(`REDIS_URL is set but Redis does not answer: ${await probeRedis(url)}`);
  const pid = redisRunning() ?? startRedis();
  const reason = await waitFor(
    () => probeRedis(url),
    REDIS_START_TIMEOUT_MS,
    () => redisRunning() !== null,
  );
  if (reason)
    throw new Error(
      `Redis did not become ready within ${REDIS_START_TIMEOUT_MS / 1000}s (${reason}); its log: ${redisLog()}`,
    );
  console.log(`[stack] Redis ready at ${url} (pid ${pid})`);
  return { started: true };
}

/** Brings both up; returns { kafkaBrokers, redisUrl, started: ['kafka'|'redis'…] }. */
export async function bringUp() {
  const { kafkaBrokers, redisUrl } = endpoints();
  const redis = await upRedis(redisUrl);
  let kafka;
  try {
    kafka = await upKafka(kafkaBrokers);
  } catch (error) {
    // Leave nothing behind: a Redis started for a stack that could not come up is stopped again.
    if (redis.started) await bringDown(['redis']);
    throw error;
  }
  const started = [...(kafka.started ? ['kafka'] : []), ...(redis.started ? ['redis'] : [])];
  console.log(
    `[stack] up: KAFKA_BROKERS=${kafkaBrokers.join(',')} REDIS_URL=${redisUrl}${started.length ? ` (started ${started.join(', ')})` : ' (already running)'}`,
  );
  return { kafkaBrokers, redisUrl, started };
}

/** Stops the components named (default: both) if this checkout started them. */
export async function bringDown(only = ['kafka', 'redis']) {
  for (const [name, spec] of [
    ['kafka', KAFKA],
    ['redis', REDIS],
  ]) {
    if (!only.includes(name)) continue;
    const stopped = await stop(spec.name, spec.marker);
    console.log(`[stack] ${name}: ${stopped ? 'stopped' : 'not running (from this checkout)'}`);
  }
  return { ok: true };
}

export async function status() {
  const { kafkaBrokers, redisUrl } = endpoints();
  const [kafka, redis] = await Promise.all([probeKafka(kafkaBrokers, 2000), probeRedis(redisUrl)]);
  const owned = (pid) => (pid ? `started here, pid ${pid}` : 'not started by this checkout');
  console.log(
    `kafka ${kafkaBrokers.join(',')}: ${kafka === null ? 'answering' : `DOWN (${kafka})`} — ${owned(kafkaRunning())}`,
  );
  console.log(
    `redis ${redisUrl}: ${redis === null ? 'answering' : `DOWN (${redis})`} — ${owned(redisRunning())}`,
  );
  return { ok: kafka === null && redis === null };
}
