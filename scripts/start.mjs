#!/usr/bin/env node
// `npm start` — installs what is missing, brings the stack up, creates the topics and runs the
// four services and the analyst console until Ctrl-C, then stops them and whatever part of the
// stack it started.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { ensureConsoleWeb } from './console-web.mjs';
import { ensureDeps } from './ensure-deps.mjs';
import { run, stackEnv, tsNode } from './run.mjs';
import { repoRoot } from './stack/paths.mjs';

// HTTP ports are consecutive from RISKLINE_HTTP_PORT_BASE (default 8081).
const portBase = Number(process.env.RISKLINE_HTTP_PORT_BASE ?? 8081);
export const SERVICES = [
  'tagger',
  'risk-accumulator',
  'disposition-ingestor',
  'attribution-worker',
  'console',
].map((name, i) => ({
  name,
  port: portBase + i,
}));
const urlOf = (name) => `http://127.0.0.1:${SERVICES.find((s) => s.name === name).port}`;
/** The console calls the other services' APIs. */
const CONSOLE_ENV = {
  TAGGER_URL: urlOf('tagger'),
  RISK_URL: urlOf('risk-accumulator'),
  DISPOSITIONS_URL: urlOf('disposition-ingestor'),
  ATTRIBUTION_URL: urlOf('attribution-worker'),
};
const READY_TIMEOUT_MS = 120_000;
const STOP_GRACE_MS = 10_000;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function isReady(port) {
  try {
    return (await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(1000) })).ok;
  } catch {
    return false;
  }
}

function startService(service, env) {
  const child = spawn(process.execPath, tsNode(`apps/${service.name}/src/main.ts`), {
    cwd: repoRoot,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: {
      ...process.env,
      ...env,
      ...(service.name === 'console' ? CONSOLE_ENV : {}),
      HTTP_PORT: String(service.port),
    },
  });
  return {
    ...service,
    child,
    exited: new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal }))),
  };
}

async function stopServices(running) {
  for (const s of running) if (s.child.exitCode === null) s.child.kill('SIGTERM');
  const timeout = sleep(STOP_GRACE_MS).then(() => 'timeout');
  for (const s of running) {
    if ((await Promise.race([s.exited, timeout])) === 'timeout') s.child.kill('SIGKILL');
  }
  await Promise.all(running.map((s) => s.exited));
}

async function main() {
  const t0 = Date.now();
  ensureDeps();
  const { bringUp, bringDown } = await import('./stack/stack.mjs');
  const stack = await bringUp();
  // The services' /api routes need a bearer token; a fresh one per run unless one is given.
  const token = process.env.RISKLINE_API_TOKEN ?? randomBytes(24).toString('base64url');
  const env = { ...stackEnv(stack), RISKLINE_API_TOKEN: token };
  // The demo's risk factors (demo/README.md), unless a risk config is given or there is no demo.
  if (process.env.RISKLINE_DEMO !== '0' && process.env.RISK_CONFIG === undefined)
    env.RISK_CONFIG = 'demo/risk-config.yml';
  let stopping = false;
  const running = [];
  const shutdown = async (why, code) => {
    if (stopping) return;
    stopping = true;
    console.log(`[start] ${why}: stopping services…`);
    await stopServices(running);
    if (process.env.RISKLINE_KEEP_STACK !== '1' && stack.started.length > 0) await bringDown(stack.started);
    console.log('[start] stopped');
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown('interrupted', 0));
  process.on('SIGTERM', () => void shutdown('terminated', 0));

  if ((await run(process.execPath, ['bin/riskline.js', 'topics'], env)) !== 0) {
    return shutdown('topic creation failed', 1);
  }
  await ensureConsoleWeb(env);
  for (const service of SERVICES) {
    const started = startService(service, env);
    running.push(started);
    void started.exited.then(({ code, signal }) => {
      if (!stopping) void shutdown(`${service.name} exited (${signal ?? `code ${code}`})`, 1);
    });
  }
  const deadline = Date.now() + READY_TIMEOUT_MS;
  const pending = new Set(SERVICES.map((s) => s.name));
  while (pending.size > 0 && Date.now() < deadline && !stopping) {
    for (const s of SERVICES) if (pending.has(s.name) && (await isReady(s.port))) pending.delete(s.name);
    if (pending.size > 0) await sleep(500);
  }
  if (stopping) return;
  if (pending.size > 0)
    return shutdown(`not ready within ${READY_TIMEOUT_MS / 1000}s: ${[...pending].join(', ')}`, 1);
  console.log(`[start] all services ready in ${((Date.now() - t0) / 1000).toFixed(1)}s:`);
  for (const s of SERVICES) console.log(`[start]   ${s.name.padEnd(22)} http://127.0.0.1:${s.port}/readyz`);
  console.log(`[start] API token (Authorization: Bearer …): ${token}`);
  console.log(`[start] analyst console: ${urlOf('console')}/ (log in with the API token)`);
  if (process.env.RISKLINE_DEMO !== '0') {
    const code = await run(process.execPath, tsNode('tools/demo/replay-scenario.ts'), {
      ...env,
      RISKLINE_DISPOSITIONS_URL: urlOf('disposition-ingestor'),
      RISKLINE_ATTRIBUTION_URL: urlOf('attribution-worker'),
    });
    if (code !== 0 && !stopping)
      console.log(`[start] the demo replay failed (exit ${code}); the services keep running`);
  }
  console.log(`[start] explore the demo in the analyst console: ${urlOf('console')}/`);
  console.log('[start] Ctrl-C stops everything this command started.');
}

main().catch((error) => {
  console.error(`[start] ${error.message}`);
  process.exit(1);
});
