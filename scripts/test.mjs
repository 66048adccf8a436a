#!/usr/bin/env node
// `npm test` — installs what is missing, brings the stack up, then runs format check, lint,
// type-check, unit tests and integration tests (against the real broker and Redis) through Nx,
// and prints one closing line `N passed, N failed` summed over every jest run.
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDeps } from './ensure-deps.mjs';
import { ensureCommand } from './stack/install.mjs';
import { run, stackEnv } from './run.mjs';
import { stateDir } from './stack/paths.mjs';

const resultsDir = join(stateDir, 'test-results');

/** First lines of a failure, without ANSI colours: enough to name the cause in a CI log's tail. */
function firstLines(message, count = 6) {
  // eslint-disable-next-line no-control-regex
  const plain = String(message ?? '').replace(/\u001b\[[0-9;]*m/g, '');
  return plain
    .split('\n')
    .filter((line) => line.trim() !== '')
    .slice(0, count)
    .map((line) => `    ${line}`);
}

function summarize() {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  const failures = [];
  for (const file of readdirSync(resultsDir).filter((f) => f.endsWith('.json'))) {
    const result = JSON.parse(readFileSync(join(resultsDir, file), 'utf8'));
    passed += result.numPassedTests;
    failed += result.numFailedTests + (result.numRuntimeErrorTestSuites ?? 0);
    skipped += result.numPendingTests + (result.numTodoTests ?? 0);
    for (const suite of result.testResults ?? []) {
      const failedTests = (suite.assertionResults ?? []).filter((test) => test.status === 'failed');
      for (const test of failedTests) {
        failures.push(`  ✕ ${test.fullName} (${suite.name})`, ...firstLines(test.failureMessages?.[0]));
      }
      if (failedTests.length === 0 && suite.status === 'failed') {
        failures.push(`  ✕ suite ${suite.name}`, ...firstLines(suite.message));
      }
    }
  }
  return { passed, failed, skipped, failures };
}

async function main() {
  ensureDeps();
  // The console's browser tests drive Debian's Chromium (playwright-core cannot download one here).
  ensureCommand('chromium', 'chromium');
  const { bringUp, bringDown } = await import('./stack/stack.mjs');
  const stack = await bringUp();
  const env = stackEnv(stack);
  rmSync(resultsDir, { recursive: true, force: true });
  mkdirSync(resultsDir, { recursive: true });
  const nx = ['nx', 'run-many', '--output-style=stream', '--skip-nx-cache'];
  const steps = [
    ['topics', process.execPath, ['bin/riskline.js', 'topics']],
    ['format', 'npx', ['prettier', '--check', '--log-level', 'warn', '.']],
    ['lint, typecheck, unit', 'npx', [...nx, '-t', 'lint', 'typecheck', 'test', '--parallel=2']],
    // The Dockerfile's own steps replayed (no Docker engine here) and Helm built from the Go
    // module proxy: what the deployment tests (tools/deploy) boot and render with.
    ['image rehearsal', process.execPath, ['scripts/image-rehearsal.mjs', '.riskline/image']],
    ['helm', process.execPath, ['scripts/ensure-helm.mjs']],
    ['integration', 'npx', [...nx, '-t', 'integration', '--parallel=1']],
  ];
  const failures = [];
  try {
    for (const [name, command, args] of steps) {
      console.log(`\n[test] == ${name} ==`);
      const code = await run(command, args, env);
      if (code !== 0) failures.push(`${name} (exit ${code})`);
    }
  } finally {
    if (stack.started.length > 0 && process.env.RISKLINE_KEEP_STACK !== '1') await bringDown(stack.started);
  }
  const { passed, failed, skipped, failures: failedTests } = summarize();
  // Repeated at the very end: a CI log often keeps only its tail.
  if (failedTests.length > 0) console.log(`\n[test] failed tests:\n${failedTests.join('\n')}`);
  if (failures.length > 0) console.log(`[test] failed steps: ${failures.join(', ')}`);
  console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
  process.exit(failures.length > 0 || failed > 0 ? 1 : 0);
}

main().catch((error) => {
  console.error(`[test] ${error.message}`);
  process.exit(1);
});
