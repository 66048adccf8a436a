// A local Redis for checkpoints: Debian's redis-server, append-only so a restart keeps them.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ensureCommand } from './install.mjs';
import { stateDir } from './paths.mjs';
import { logFile, runningPid, startDetached } from './processes.mjs';

export const REDIS = { name: 'redis', marker: 'redis-server' };

export const redisPort = () => Number(process.env.RISKLINE_REDIS_PORT ?? 6379);

export function startRedis() {
  ensureCommand('redis-server', 'redis-server');
  const dir = join(stateDir, 'redis');
  mkdirSync(dir, { recursive: true });
  return startDetached(REDIS.name, 'redis-server', [
    '--bind',
    '127.0.0.1',
    '--port',
    String(redisPort()),
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
