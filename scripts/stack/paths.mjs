// Where the local stack keeps things. Invariant: nothing here is tracked by git — jars live in a
// per-user cache shared by every checkout, data, logs and pid files under <repo>/.riskline.
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const stateDir = process.env.RISKLINE_STATE_DIR ?? join(repoRoot, '.riskline');
export const cacheDir =
  process.env.RISKLINE_CACHE_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'riskline');

export const KAFKA_VERSION = '3.9.1';
export const kafkaLibs = join(cacheDir, `kafka-${KAFKA_VERSION}`, 'libs');
export const kafkaPom = join(repoRoot, 'tools', 'kafka', 'pom.xml');
