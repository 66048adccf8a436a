// A local Redis for checkpoints: Debian's redis-server, append-only so a restart keeps them.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ensureCommand } from './install.mjs';
import { stateDir } from './paths.mjs';
import { logFile, runningPid, startDetached } from './processes.mjs';

export const REDIS = { name: 'redis', marker: 'redis-server' };

export const redisPort = () => Number(process.env.RISKLINE_REDIS_PORT ?? 6379);

/**
 * With `secured` ({ cert, key, ca, user, password }): TLS only (no plaintext port), the default
 * user's password (`requirepass`) and an ACL user `user` with the same password.
 */
function securedArgs(secured) {
  if (!secured) return ['--port', String(redisPort())];
  const { cert, key, ca, user, password } = secured;
  return [
    '--port',
    '0',
    '--tls-port',
    String(redisPort()),
    '--tls-cert-file',
    cert,
    '--tls-key-file',
    key,
    '--tls-ca-cert-file',
    ca,
    '--tls-auth-clients',
    'no',
    '--requirepass',
    password,
    '--user',
    user,
    'on',
    `>${password}`,
    '~*',
    '&*',
    '+@all',
  ];
}

export function startRedis(secured) {
  ensureCommand('redis-server', 'redis-server');
  const dir = join(stateDir, 'redis');
  mkdirSync(dir, { recursive: true });
  return startDetached(REDIS.name, 'redis-server', [
    '--bind',
    '127.0.0.1',
    ...securedArgs(secured),
    '--dir',
    dir,
    '--appendonly',
    'yes',
    '--appendfsync',
    'everysec',
    '--save',
    '',
    '--daemonize',
    'no',
    '--protected-mode',
    'yes',
  ]);
}

export const redisRunning = () => runningPid(REDIS.name, REDIS.marker);
export const redisLog = () => logFile(REDIS.name);
