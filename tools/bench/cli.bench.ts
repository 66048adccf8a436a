/**
 * `npm run bench:cli` — `riskline eval` as a user runs it: the whole process (start-up, rule
 * load, reading, evaluation, one JSON line per firing) pinned to one core, over all 1,164
 * SigmaHQ windows/process_creation rules and their 94 regression events replicated to 101k
 * JSON lines. Runs the production build (`dist/`, built first), as the container image does.
 *
 * Events are flattened to the flat Sysmon JSON that NXLog or Fluent Bit ship (System's Channel,
 * EventID, Computer, Provider_Name beside the EventData fields): the shape both engines read
 * without a pipeline (rsigma resolves no evtx_dump nesting in JSON input).
 *
 * Baselines in the same run: a `node` process that only reads and JSON.parses the same lines
 * (the floor every JavaScript engine pays), and — when it is installed (RSIGMA=path, or
 * `rsigma` on PATH; `cargo install rsigma --version 0.23.0 --locked`) — rsigma, the Rust Sigma
 * engine, on the same rules and events, alternating run for run (best of five each). Start-up
 * is the same command over one event.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseEvents } from '@riskline/detection';

const repoRoot = resolve(__dirname, '../..');
const EVENTS = Number(process.env['BENCH_EVENTS'] ?? 101_000);
const ROUNDS = 5;

/** Wall seconds of a command, pinned to core 0 when taskset exists; throws on failure. */
function timed(
  command: string,
  args: readonly string[],
  oneCore = true,
): { seconds: number; stdout: string; stderr: string } {
  const pinned = oneCore && spawnSync('taskset', ['-c', '0', 'true']).status === 0;
  const t0 = performance.now();
  const result = spawnSync(pinned ? 'taskset' : command, pinned ? ['-c', '0', command, ...args] : [...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  const seconds = (performance.now() - t0) / 1000;
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return { seconds, stdout: result.stdout, stderr: result.stderr };
}

function best(runs: number, run: () => number): number {
  return Math.min(...Array.from({ length: runs }, run));
}

/** An evtx_dump record as flat Sysmon JSON (a flat record is kept as it is). */
function flatSysmon(record: Record<string, unknown>): Record<string, unknown> {
  const event = record['Event'] as
    { System?: Record<string, unknown>; EventData?: Record<string, unknown> | null } | undefined;
  if (!event?.System) return record;
  const system = event.System;
  const provider = system['Provider'] as { '#attributes'?: { Name?: string } } | undefined;
  return {
    Channel: system['Channel'],
    EventID: system['EventID'],
    Computer: system['Computer'],
    Provider_Name: provider?.['#attributes']?.Name,
    ...(event.EventData ?? {}),
  };
}

function rsigmaPath(): string | null {
  const candidate = process.env['RSIGMA'] ?? 'rsigma';
  return spawnSync(candidate, ['--version']).status === 0 ? candidate : null;
}

function main(): void {
  const root = resolve(repoRoot, '../shared/sigma');
  if (!existsSync(root)) throw new Error(`SigmaHQ material not found at ${root}`);
  const rules = join(root, 'rules/windows/process_creation');
  const dir = mkdtempSync(join(tmpdir(), 'riskline-bench-cli-'));
  const regression = readFileSync(join(root, 'regression_expected.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { events_file: string; logsource: { category?: string } })
    .filter((t) => t.logsource.category === 'process_creation');
  const seed = regression.flatMap((t) =>
    parseEvents(readFileSync(join(root, t.events_file), 'utf8')).map((e) => JSON.stringify(flatSysmon(e))),
  );
  const lines: string[] = [];
  while (lines.length < EVENTS) lines.push(...seed);
  const events = join(dir, 'events.jsonl');
  const one = join(dir, 'one.jsonl');
  writeFileSync(events, `${lines.join('\n')}\n`);
  writeFileSync(one, `${seed[0]}\n`);

  const build = spawnSync('npx', ['nx', 'run', 'cli:build'], { cwd: repoRoot, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`cli build failed: ${build.stdout}${build.stderr}`);
  const cli = join(repoRoot, 'dist/cli/apps/cli/src/main.js');
  const evalArgs = (file: string) => [cli, 'eval', '--rules', rules, '--events', file];

  const floorScript = `const l=require('fs').readFileSync(${JSON.stringify(events)},'utf8').split('\\n');let n=0;for(const x of l)if(x)n+=Object.keys(JSON.parse(x)).length;`;
  const floor = best(3, () => timed(process.execPath, ['-e', floorScript]).seconds);
  let firings = 0;
  const runRiskline = () => {
    const run = timed(process.execPath, evalArgs(events));
    firings = run.stdout.split('\n').filter(Boolean).length;
    return run.seconds;
  };
  const rsigma = rsigmaPath();
  const rsigmaArgs = (file: string) => ['engine', 'eval', '-r', rules, '-e', `@${file}`, '--no-stats'];
  let rsigmaMatches = 0;
  const runRsigma = () => {
    const run = timed(rsigma!, rsigmaArgs(events));
    rsigmaMatches = run.stdout.split('\n').filter(Boolean).length;
    return run.seconds;
  };
  // The engines alternate, run for run: this machine's speed drifts by a third within minutes,
  // and a block of one engine's runs followed by the other's measures the drift, not the engines.
  const times = { riskline: [] as number[], rsigma: [] as number[] };
  for (let round = 0; round < ROUNDS; round++) {
    times.riskline.push(runRiskline());
    if (rsigma) times.rsigma.push(runRsigma());
  }
  const riskline = Math.min(...times.riskline);
  const startup = best(5, () => timed(process.execPath, evalArgs(one)).seconds);
  const startupTwoCores = best(5, () => timed(process.execPath, evalArgs(one), false).seconds);
  const rsigmaSeconds = rsigma ? Math.min(...times.rsigma) : null;
  const rsigmaStartup = rsigma ? best(5, () => timed(rsigma, rsigmaArgs(one)).seconds) : null;
  /** Each round's riskline time over the same round's rsigma time: the spread of the ratio. */
  const roundRatios = times.rsigma.map((r, i) => Number((r / times.riskline[i]!).toFixed(3)));
  const perS = (s: number) => Math.round(lines.length / s);
  const result = {
    events: lines.length,
    firings,
    riskline_events_per_s: perS(riskline),
    json_parse_floor_events_per_s: perS(floor),
    ratio_vs_json_parse_floor: Number((floor / riskline).toFixed(3)),
    riskline_startup_ms: Math.round(startup * 1000),
    riskline_startup_two_cores_ms: Math.round(startupTwoCores * 1000),
    ...(rsigmaSeconds !== null
      ? {
          rsigma_events_per_s: perS(rsigmaSeconds),
          rsigma_match_lines: rsigmaMatches,
          ratio_vs_rsigma: Number((rsigmaSeconds / riskline).toFixed(3)),
          ratio_vs_rsigma_per_round: roundRatios,
          rsigma_startup_ms: Math.round(rsigmaStartup! * 1000),
        }
      : { rsigma: 'not installed (RSIGMA=path or rsigma on PATH)' }),
  };
  console.log(JSON.stringify(result, null, 2));
  console.log(
    `riskline eval: ${result.riskline_events_per_s} events/s whole process on one core` +
      (rsigmaSeconds !== null ? ` (${(rsigmaSeconds / riskline).toFixed(3)}× rsigma; goal ≥ 1.0)` : '') +
      `; start-up with 1,164 rules ${result.riskline_startup_ms} ms (goal < 1000 ms)`,
  );
}

main();
