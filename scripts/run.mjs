// Child processes for the top-level scripts: run to completion, or run TypeScript entry points.
import { spawn } from 'node:child_process';
import { repoRoot } from './stack/paths.mjs';

/** Runs a command with inherited output; resolves to its exit code. */
export function run(command, args, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: repoRoot, stdio: 'inherit', env: { ...process.env, ...env } });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

/** Node arguments that run a TypeScript file of the workspace (SWC, tsconfig paths honoured). */
export const tsNode = (file) => ['-r', '@swc-node/register', file];

/** Environment every child gets: where the stack is, and Nx kept local and non-interactive. */
export function stackEnv(stack) {
  return {
    KAFKA_BROKERS: stack.kafkaBrokers.join(','),
    REDIS_URL: stack.redisUrl,
    NX_DAEMON: 'false',
    NX_NO_CLOUD: 'true',
    NX_TUI: 'false',
  };
}
