/**
 * A tagger processor over rule files with the shipped defaults (log source mapping, risk
 * config) and no rule state — what tests and benchmarks drive without a Nest application.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { TopicNames } from '@riskline/contracts';
import { DEFAULT_MAPPING_YAML, DetectionEngine, loadMapping, RuleCatalog } from '@riskline/detection';
import { parseRiskConfig } from '../risk-config';
import { RuleStates } from '@riskline/rule-state';
import { taggerProcessor } from '../tagger-processor';

function ruleFiles(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.ya?ml$/i.test(f))
    .sort()
    .map((f) => join(path, f));
}

export function taggerForRules(paths: readonly string[], topics: TopicNames) {
  const catalog = RuleCatalog.empty().withFiles(
    paths.flatMap(ruleFiles).map((file) => [file, readFileSync(file, 'utf8')] as const),
  );
  const engine = new DetectionEngine(
    catalog.rules(),
    loadMapping([{ name: 'default', text: DEFAULT_MAPPING_YAML }]).mapping,
    { sourceKindField: 'source_kind' },
  );
  const ruleStates = new RuleStates();
  const processor = taggerProcessor({
    topics,
    engine: () => engine,
    ruleStates: () => ruleStates,
    risk: parseRiskConfig(''),
    maxEventBytes: 1024 * 1024,
  });
  return { catalog, engine, ruleStates, processor };
}
