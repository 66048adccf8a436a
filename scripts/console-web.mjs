// Builds the console's front end (Vite) into dist/console-web when it is missing or older than
// any of its sources, so `npm start` serves what the checkout holds.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { run } from './run.mjs';
import { repoRoot } from './stack/paths.mjs';

const sources = [join(repoRoot, 'apps/console/web'), join(repoRoot, 'libs/contracts/src/attack.ts')];
const built = join(repoRoot, 'dist/console-web/index.html');

function newestMtime(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}

export async function ensureConsoleWeb(env = {}) {
  if (existsSync(built) && statSync(built).mtimeMs >= Math.max(...sources.map(newestMtime))) return;
  console.log('[console] building the front end (vite)…');
  const code = await run(
    'npx',
    ['vite', 'build', '--logLevel', 'warn', '--config', 'apps/console/web/vite.config.ts'],
    env,
  );
  if (code !== 0) throw new Error(`the console's front end did not build (exit ${code})`);
}
