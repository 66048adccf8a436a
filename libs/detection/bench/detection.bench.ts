/**
 * `npm run bench:detection` — the Sigma engine on one core: all 1,164 SigmaHQ
 * windows/process_creation rules, over the process_creation regression events replicated to
 * at least 200k events. Prints events/s, p50/p99 per-event latency, rule-set load time and heap
 * used by the rule set; and, as the in-run baseline, events/s of the floor any engine pays —
 * decoding each event (JSON.parse) — so the ratio is the share of time left after evaluation.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DEFAULT_MAPPING_YAML,
  DetectionEngine,
  loadMapping,
  loadRuleText,
  parseEvents,
  type Rule,
} from '../src';
import { requireSharedSigma } from '../src/testing/shared-sigma';

const TARGET_EVENTS = Number(process.env['BENCH_EVENTS'] ?? 200_000);

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

function main(): void {
  const root = requireSharedSigma();
  const ruleDir = join(root, 'rules/windows/process_creation');
  const files = readdirSync(ruleDir)
    .filter((f) => f.endsWith('.yml'))
    .sort();
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  const rules: Rule[] = [];
  for (const file of files)
    rules.push(...loadRuleText(file, readFileSync(join(ruleDir, file), 'utf8')).rules);
  const engine = new DetectionEngine(
    rules,
    loadMapping([{ name: 'default', text: DEFAULT_MAPPING_YAML }]).mapping,
  );
  const loadMs = performance.now() - t0;
  global.gc?.();
  const heapRules = process.memoryUsage().heapUsed - heapBefore;

  const regression = readFileSync(join(root, 'regression_expected.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { events_file: string; logsource: { category?: string } })
    .filter((t) => t.logsource.category === 'process_creation');
  const seed = regression.flatMap((t) =>
    parseEvents(readFileSync(join(root, t.events_file), 'utf8')).map((e) => JSON.stringify(e)),
  );
  const lines: string[] = [];
  while (lines.length < TARGET_EVENTS) lines.push(...seed);

  // Baseline: decoding alone.
  let t = performance.now();
  let sink = 0;
  for (const line of lines) sink += Object.keys(JSON.parse(line) as object).length;
  const decodeSeconds = (performance.now() - t) / 1000;

  const latencies = new Float64Array(lines.length);
  let firings = 0;
  t = performance.now();
  for (let i = 0; i < lines.length; i++) {
    const start = performance.now();
    firings += engine.evaluate(JSON.parse(lines[i]!) as Record<string, unknown>).length;
    latencies[i] = performance.now() - start;
  }
  const seconds = (performance.now() - t) / 1000;
  latencies.sort();
  const result = {
    rules_loaded: rules.length,
    rule_files: files.length,
    events: lines.length,
    distinct_seed_events: seed.length,
    firings,
    events_per_s: Math.round(lines.length / seconds),
    decode_only_events_per_s: Math.round(lines.length / decodeSeconds),
    ratio_engine_vs_decode_only: Number((decodeSeconds / seconds).toFixed(3)),
    p50_us: Math.round(percentile(latencies, 0.5) * 1000),
    p99_us: Math.round(percentile(latencies, 0.99) * 1000),
    max_us: Math.round(latencies[latencies.length - 1]! * 1000),
    load_ms: Math.round(loadMs),
    rule_set_heap_mb: Number((heapRules / 1e6).toFixed(1)),
    floor_events_per_s: 20_000,
    sink,
  };
  console.log(JSON.stringify(result, null, 2));
  console.log(
    `events/s ${result.events_per_s} (floor 20,000: ${(result.events_per_s / 20_000).toFixed(2)}x); engine / decode-only ratio ${result.ratio_engine_vs_decode_only}`,
  );
}

main();
