#!/usr/bin/env node
// `npm run bench:<name>` — runs one benchmark file (bringing the stack up first when it needs
// Kafka and Redis); each prints its own in-run baseline and ratio. Stops what it started.
import { ensureDeps } from './ensure-deps.mjs';
import { run, stackEnv, tsNode } from './run.mjs';

// Each bench: its file, and whether it needs the Kafka + Redis stack.
const BENCHES = {
  runtime: { file: 'libs/stream-runtime/bench/runtime.bench.ts', stack: true },
  decode: { file: 'libs/contracts/bench/decode.bench.ts', stack: false },
  detection: { file: 'libs/detection/bench/detection.bench.ts', stack: false, node: ['--expose-gc'] },
  tagger: { file: 'apps/tagger/bench/tagger.bench.ts', stack: true },
  risk: {
    file: 'apps/risk-accumulator/bench/risk.bench.ts',
    stack: true,
    node: ['--expose-gc', '--max-old-space-size=8192'],
    env: { BENCH_KAFKA: '1' },
  },
  dispositions: { file: 'apps/disposition-ingestor/bench/dispositions.bench.ts', stack: true },
  scale: { file: 'tools/bench/scale.bench.ts', stack: true },
  pipeline: { file: 'tools/bench/pipeline.bench.ts', stack: true },
  cli: { file: 'tools/bench/cli.bench.ts', stack: false },
  attribution: {
    file: 'apps/attribution-worker/bench/attribution.bench.ts',
    stack: true,
    node: ['--expose-gc', '--max-old-space-size=8192'],
  },
};

const name = process.argv[2];
if (!(name in BENCHES)) {
  console.error(`usage: node scripts/bench.mjs ${Object.keys(BENCHES).join('|')}`);
  process.exit(2);
}
ensureDeps();
const bench = BENCHES[name];
const args = [...(bench.node ?? []), ...tsNode(bench.file)];
if (!bench.stack) process.exit(await run(process.execPath, args));
const { bringUp, bringDown } = await import('./stack/stack.mjs');
const stack = await bringUp();
const code = await run(process.execPath, args, { ...stackEnv(stack), ...(bench.env ?? {}) });
if (stack.started.length > 0 && process.env.RISKLINE_KEEP_STACK !== '1') await bringDown(stack.started);
process.exit(code);
