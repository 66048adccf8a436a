// Background processes the stack starts, tracked by pid file. Invariant: `stop` only ever signals
// a pid whose command line still names what we started, so a recycled pid is never killed.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { stateDir } from './paths.mjs';

const pidFile = (name) => join(stateDir, `${name}.pid`);
export const logFile = (name) => join(stateDir, `${name}.log`);

function commandLine(pid) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return null;
  }
}

/** The pid of our running process `name` (its command line contains `marker`), or null. */
export function runningPid(name, marker) {
  if (!existsSync(pidFile(name))) return null;
  const pid = Number(readFileSync(pidFile(name), 'utf8').trim());
  const cmd = Number.isInteger(pid) && pid > 0 ? commandLine(pid) : null;
  if (cmd && cmd.includes(marker)) return pid;
  rmSync(pidFile(name), { force: true });
  return null;
}

/** Starts `command` detached, output appended to its log, and records its pid. */
export function startDetached(name, command, args, options = {}) {
  mkdirSync(stateDir, { recursive: true });
  const log = openSync(logFile(name), 'a');
  const child = spawn(command, args, { detached: true, stdio: ['ignore', log, log], ...options });
  child.unref();
  mkdirSync(dirname(pidFile(name)), { recursive: true });
  writeFileSync(pidFile(name), String(child.pid));
  return child.pid;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
export async function stop(name, marker, graceMs = 30_000) {
  const pid = runningPid(name, marker);
  if (pid === null) return false;
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (commandLine(pid) !== null && Date.now() < deadline) await sleep(200);
  if (commandLine(pid) !== null) {
    process.kill(pid, 'SIGKILL');
    while (commandLine(pid) !== null) await sleep(100);
  }
  rmSync(pidFile(name), { force: true });
  return true;
}
