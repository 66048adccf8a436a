/**
 * A Riskline service as its own process, started the way `npm start` starts it (its main.ts
 * through SWC) with the environment a test gives, for tests that must see the real thing —
 * configuration from the environment, telemetry, shutdown on SIGTERM.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '../..');

export interface ServiceProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<unknown>;
}

export function launchService(app: string, env: Record<string, string>): ServiceProcess {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', `apps/${app}/src/main.ts`], {
    cwd: REPO_ROOT,
    env: { ...process.env, SWC_NODE_PROJECT: resolve(REPO_ROOT, 'tsconfig.json'), ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return { child, exited: new Promise((r) => child.on('exit', r)) };
}

/** SIGTERM to each (a graceful stop: final checkpoint, telemetry flushed), then their exits. */
export async function stopServices(services: readonly ServiceProcess[]): Promise<void> {
  for (const s of services) if (s.child.exitCode === null) s.child.kill('SIGTERM');
  await Promise.all(services.map((s) => s.exited));
}
