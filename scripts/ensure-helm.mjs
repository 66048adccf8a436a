#!/usr/bin/env node
// Helm for the chart's tests: built once from the Go module proxy into the project's cache
// (~/.cache/riskline/bin/helm), the only way it installs on machines without other downloads.
// Prints the binary's path. Usage: node scripts/ensure-helm.mjs
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { cacheDir } from './stack/paths.mjs';

export const HELM_VERSION = 'v3.22.0';

export function ensureHelm() {
  const bin = join(cacheDir, 'bin');
  const helm = join(bin, 'helm');
  if (existsSync(helm)) {
    const version = spawnSync(helm, ['version', '--short'], { encoding: 'utf8' });
    // A go-install build reports only major.minor (no release ldflags).
    if (version.status === 0 && version.stdout.startsWith(HELM_VERSION.split('.').slice(0, 2).join('.')))
      return helm;
  }
  if (spawnSync('go', ['version']).status !== 0) throw new Error('Go is needed to build Helm (go install)');
  mkdirSync(bin, { recursive: true });
  console.error(`[helm] building helm ${HELM_VERSION} with go install (once, into ${bin})…`);
  const built = spawnSync('go', ['install', `helm.sh/helm/v3/cmd/helm@${HELM_VERSION}`], {
    env: { ...process.env, GOBIN: bin },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (built.status !== 0) throw new Error(`go install helm failed (exit ${built.status})`);
  return helm;
}

if (process.argv[1] && process.argv[1].endsWith('ensure-helm.mjs')) console.log(ensureHelm());
