#!/usr/bin/env node
// `npm run stack:secured [up|down]` — a second local stack the way production runs it: Kafka with
// a SASL_SSL listener (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512) and Redis with TLS only, a password
// and an ACL user, both on self-signed certificates this script makes with openssl. Its own
// state directory (.riskline/secured, or RISKLINE_STATE_DIR) and ports (Kafka 9192/9193
// plaintext + controller, 9194 SASL_SSL; Redis 6380), so it runs beside the plain stack.
// `up` prints the environment that connects a service through both, as JSON.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
process.env.RISKLINE_STATE_DIR ??= resolve(here, '../../.riskline/secured');
process.env.RISKLINE_KAFKA_PORT ??= '9192';
process.env.RISKLINE_REDIS_PORT ??= '6380';
const stateDir = process.env.RISKLINE_STATE_DIR;
const plaintextPort = Number(process.env.RISKLINE_KAFKA_PORT);
const saslPort = Number(process.env.RISKLINE_KAFKA_SASL_PORT ?? plaintextPort + 2);
const redisPort = Number(process.env.RISKLINE_REDIS_PORT);
export const SECURED_USER = 'riskline';

const { startKafka, kafkaRunning, KAFKA } = await import('./kafka.mjs');
const { startRedis, redisRunning, REDIS } = await import('./redis.mjs');
const { probeKafka, waitFor } = await import('./probes.mjs');
const { stop } = await import('./processes.mjs');

function openssl(args, cwd) {
  const result = spawnSync('openssl', args, { cwd, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`openssl ${args[0]} failed: ${result.stderr}`);
}

/** A CA and a server certificate for 127.0.0.1 / localhost it signed, made once per state dir. */
function certificates() {
  const dir = join(stateDir, 'tls');
  mkdirSync(dir, { recursive: true });
  if (!existsSync(join(dir, 'keystore.pem'))) {
    const days = ['-days', '3650'];
    openssl(
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        'ca.key',
        '-out',
        'ca.pem',
        ...days,
        '-subj',
        '/CN=riskline-test-ca',
      ],
      dir,
    );
    openssl(
      [
        'req',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        'server.key',
        '-out',
        'server.csr',
        '-subj',
        '/CN=localhost',
      ],
      dir,
    );
    writeFileSync(join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
    openssl(
      [
        'x509',
        '-req',
        '-in',
        'server.csr',
        '-CA',
        'ca.pem',
        '-CAkey',
        'ca.key',
        '-CAcreateserial',
        '-out',
        'server.pem',
        ...days,
        '-extfile',
        'san.ext',
      ],
      dir,
    );
    // Kafka's PEM keystore: the (PKCS#8, unencrypted) key and the certificate chain in one file.
    writeFileSync(
      join(dir, 'keystore.pem'),
      readFileSync(join(dir, 'server.key'), 'utf8') + readFileSync(join(dir, 'server.pem'), 'utf8'),
    );
  }
  const passwordFile = join(dir, 'password');
  if (!existsSync(passwordFile))
    writeFileSync(passwordFile, `pw-${Math.random().toString(36).slice(2)}${Date.now()}`, { mode: 0o600 });
  return { dir, ca: join(dir, 'ca.pem'), password: readFileSync(passwordFile, 'utf8').trim(), passwordFile };
}

function redisAnswers(tls) {
  const ping = spawnSync(
    'redis-cli',
    [
      '--tls',
      '--cacert',
      tls.ca,
      '-h',
      '127.0.0.1',
      '-p',
      String(redisPort),
      '--user',
      SECURED_USER,
      '--pass',
      tls.password,
      '--no-auth-warning',
      'PING',
    ],
    { encoding: 'utf8' },
  );
  return ping.stdout.trim() === 'PONG' ? null : `redis ${redisPort}: ${ping.stdout || ping.stderr}`.trim();
}

export async function up() {
  const tls = certificates();
  const secured = { user: SECURED_USER, password: tls.password };
  if (kafkaRunning() === null)
    startKafka({ ...secured, port: saslPort, keystore: join(tls.dir, 'keystore.pem') });
  if (redisRunning() === null)
    startRedis({
      ...secured,
      cert: join(tls.dir, 'server.pem'),
      key: join(tls.dir, 'server.key'),
      ca: tls.ca,
    });
  const kafkaReason = await waitFor(
    () => probeKafka([`127.0.0.1:${plaintextPort}`]),
    120_000,
    () => kafkaRunning() !== null,
  );
  if (kafkaReason)
    throw new Error(`secured Kafka did not come up: ${kafkaReason} (log: ${join(stateDir, 'kafka.log')})`);
  const redisReason = await waitFor(
    async () => redisAnswers(tls),
    20_000,
    () => redisRunning() !== null,
  );
  if (redisReason)
    throw new Error(`secured Redis did not come up: ${redisReason} (log: ${join(stateDir, 'redis.log')})`);
  return {
    KAFKA_BROKERS: `127.0.0.1:${saslPort}`,
    KAFKA_SSL: 'true',
    KAFKA_SSL_CA_FILE: tls.ca,
    KAFKA_SASL_MECHANISM: 'scram-sha-512',
    KAFKA_SASL_USERNAME: SECURED_USER,
    KAFKA_SASL_PASSWORD_FILE: tls.passwordFile,
    REDIS_URL: `rediss://127.0.0.1:${redisPort}`,
    REDIS_USERNAME: SECURED_USER,
    REDIS_PASSWORD_FILE: tls.passwordFile,
    REDIS_TLS_CA_FILE: tls.ca,
  };
}

export async function down() {
  await stop(KAFKA.name, KAFKA.marker);
  await stop(REDIS.name, REDIS.marker);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const command = process.argv[2] ?? 'up';
  const action = command === 'down' ? down : command === 'up' ? up : null;
  if (!action) {
    console.error(`usage: node scripts/stack/secured.mjs up|down (got '${command}')`);
    process.exit(2);
  }
  action()
    .then((env) => env && console.log(JSON.stringify(env)))
    .catch((error) => {
      console.error(`[stack:secured] ${error.message}`);
      process.exit(1);
    });
}
