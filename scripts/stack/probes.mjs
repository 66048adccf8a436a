// "Really answers" checks: Kafka by a kafkajs admin describeCluster, Redis by PING → +PONG.
import { createRequire } from 'node:module';
import { connect } from 'node:net';
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

/** Resolves to null when Redis answers PING, else a one-line reason. */
export function probeRedis(url, timeoutMs = 2000) {
  const { hostname, port } = new URL(url);
  return new Promise((resolveProbe) => {
    const socket = connect({ host: hostname || '127.0.0.1', port: Number(port || 6379) });
    const done = (reason) => {
      socket.destroy();
      resolveProbe(reason);
    };
    socket.setTimeout(timeoutMs, () => done(`${hostname}:${port}: no answer within ${timeoutMs} ms`));
    socket.on('error', (error) => done(`${hostname}:${port}: ${error.message}`));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (data) => {
      const line = data.toString('utf8');
      done(line.startsWith('+PONG') ? null : `${hostname}:${port}: answered '${line.trim()}' to PING`);
    });
  });
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
