/**
 * The rules and log source mappings an offline command runs, read from disk and loaded by the
 * detection library exactly as the tagger loads them. A bad rule file is reported and skipped;
 * what makes the whole run meaningless — no rule loaded, a mapping file that does not load
 * (every Sigma rule would then be dead) — is a `problem` the command refuses to run with.
 */
import {
  DEFAULT_MAPPING_YAML,
  DetectionEngine,
  loadMapping,
  RuleCatalog,
  type LoadError,
  type Rule,
} from '@riskline/detection';
import type { Io } from './io';
import { expandPaths, readTextFile, RULE_FILES } from './input-files';
import { RuleDocumentCache, ruleCachePath } from './rule-document-cache';

export interface RuleSet {
  readonly engine: DetectionEngine;
  readonly rules: readonly Rule[];
  readonly errors: readonly LoadError[];
  readonly loadMs: number;
  /** Why the run cannot go on, or null. */
  readonly problem: string | null;
}

function describeLoadError(e: LoadError): string {
  return `${e.source}${e.id ? ` [${e.id}]` : ''}: ${e.reason}`;
}

/** One line per logsource no loaded mapping covers, with how many rules it leaves unmapped. */
function describeUnmapped(engine: DetectionEngine): string[] {
  const bySource = new Map<string, number>();
  for (const rule of engine.unmapped) {
    const key = Object.entries(rule.logsource)
      .map(([k, v]) => `${k}: ${v}`)
      .join(', ');
    bySource.set(key, (bySource.get(key) ?? 0) + 1);
  }
  return [...bySource].map(
    ([logsource, n]) =>
      `rules unmapped: ${n} with logsource {${logsource}} — no loaded mapping covers it; they fire only on events declaring that logsource`,
  );
}

export function loadRuleSet(
  rulePaths: readonly string[],
  pipelinePaths: readonly string[],
  io: Io,
  placeholders: ReadonlyMap<string, readonly string[]> = new Map(),
): RuleSet {
  const t0 = performance.now();
  const mappingTexts = pipelinePaths.length
    ? pipelinePaths.map((p) => readTextFile(p, 'pipeline'))
    : [{ name: 'default', text: DEFAULT_MAPPING_YAML }];
  const mapping = loadMapping(mappingTexts);
  for (const error of mapping.errors) io.err(`pipeline: ${error}`);
  // The services' own catalog: duplicate ids refused, correlations resolved across files.
  const cache = RuleDocumentCache.open(ruleCachePath(process.env));
  const catalog = RuleCatalog.empty({ placeholders, parseDocuments: cache.parse }).withFiles(
    expandPaths(rulePaths, 'rules at', RULE_FILES).map(
      (path) => [path, readTextFile(path, 'rule file').text] as const,
    ),
  );
  cache.save();
  const rules: Rule[] = catalog.rules();
  const errors: LoadError[] = catalog.errors();
  for (const error of errors) io.err(`rule not loaded: ${describeLoadError(error)}`);
  const problem =
    mapping.errors.length > 0
      ? `the log source mapping did not load (${mapping.errors.length} error${mapping.errors.length === 1 ? '' : 's'})`
      : rules.length === 0
        ? 'no rule loaded'
        : null;
  const engine = new DetectionEngine(rules, mapping.mapping, { correlations: catalog.correlationPlan() });
  for (const line of describeUnmapped(engine)) io.err(line);
  return {
    engine,
    rules,
    errors,
    loadMs: performance.now() - t0,
    problem,
  };
}
