#!/usr/bin/env node
// `npm run bench:<name>` — brings the stack up (installing what is missing) and runs one
// benchmark file; it prints its own baseline and ratio. Stops what it started.
import { ensureDeps } from './ensure-deps.mjs';
import { run, stackEnv, tsNode } from './run.mjs';

const BENCHES = {
  runtime: 'libs/stream-runtime/bench/runtime.bench.ts',
};

const name = process.argv[2];
if (!(name in BENCHES)) {
  console.error(`usage: node scripts/bench.mjs ${Object.keys(BENCHES).join('|')}`);
  process.exit(2);
}
ensureDeps();
const { bringUp, bringDown } = await import('./stack/stack.mjs');
const stack = await bringUp();
const code = await run(process.execPath, tsNode(BENCHES[name]), stackEnv(stack));
if (stack.started.length > 0 && process.env.RISKLINE_KEEP_STACK !== '1') await bringDown(stack.started);
process.exit(code);
