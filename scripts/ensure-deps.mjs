// Installs node_modules when they are missing or older than package-lock.json, so that
// `npm start` and `npm test` work on a fresh clone with nothing but Node.js and npm.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './stack/paths.mjs';

const stamp = join(repoRoot, 'node_modules', '.riskline-lock.sha256');

export function ensureDeps() {
  // The patches patch-package applies after install count as part of what was installed.
  const digest = createHash('sha256').update(readFileSync(join(repoRoot, 'package-lock.json')));
  const patches = join(repoRoot, 'patches');
  if (existsSync(patches))
    for (const name of readdirSync(patches).sort())
      digest.update(name).update(readFileSync(join(patches, name)));
  const hash = digest.digest('hex');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === hash) return;
  console.log('[deps] installing node modules (npm ci)…');
  const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: repoRoot, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`npm ci failed (exit ${result.status})`);
  writeFileSync(stamp, hash);
}
