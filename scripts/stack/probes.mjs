// "Really answers" checks: Kafka by a kafkajs admin describeCluster, Redis by PING → +PONG.
import { createRequire } from 'node:module';
import { repoRoot } from './paths.mjs';

const require = createRequire(`${repoRoot}/package.json`);

/** Resolves to null when the cluster answers, else a one-line reason. */
export async function probeKafka(brokers, timeoutMs = 3000) {
  const { Kafka, logLevel } = require('kafkajs');
  const kafka = new Kafka({
    clientId: 'riskline-stack-probe',
    brokers,
    connectionTimeout: timeoutMs,
    requestTimeout: timeoutMs,
    retry: { retries: 0 },
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  try {
    await admin.connect();
    await admin.describeCluster();
    return null;
  } catch (error) {
    return `${brokers.join(',')}: ${error?.message ?? error}`;
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

/**
 * Resolves to null when Redis answers PING, else a one-line reason — by ioredis, the client
 * the services use, so the URL (`redis://`, `rediss://`, user and password) means the same here.
 */
export async function probeRedis(url, timeoutMs = 2000) {
  const Redis = require('ioredis');
  const { hostname, port } = new URL(url);
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  // The socket's own error (ECONNREFUSED, TLS) says more than the rejected connect().
  let socketError = null;
  client.on('error', (error) => (socketError ??= error));
  try {
    await client.connect();
    const answer = await client.ping();
    return answer === 'PONG' ? null : `${hostname}:${port}: answered '${answer}' to PING`;
  } catch (error) {
    return `${hostname}:${port}: ${(socketError ?? error)?.message ?? error}`;
  } finally {
    client.disconnect();
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls `probe` until it answers or `timeoutMs` passes; returns the last reason or null. */
export async function waitFor(probe, timeoutMs, isAlive = () => true) {
  const deadline = Date.now() + timeoutMs;
  let reason = 'not probed';
  while (Date.now() < deadline) {
    reason = await probe();
    if (reason === null) return null;
    if (!isAlive()) return `${reason} (the process exited)`;
    await sleep(500);
  }
  return reason;
}
