/**
 * Incident policies: when an entity's window of risk contributions becomes an incident. Several
 * run at once, each named (Splunk's two defaults ship: score ≥ 100 in 24 h; ≥ 3 tactics and
 * ≥ 4 sources in 7 days). Parsed from YAML with every problem named by its key path.
 */
import { parse } from 'yaml';
import { parseDuration } from '@riskline/contracts';

export interface RiskPolicy {
  readonly name: string;
  readonly windowMs: number;
  readonly scoreThreshold: number | null;
  readonly tacticCountThreshold: number | null;
  /** With the tactic trigger: at least this many distinct sources (rules) too. */
  readonly minSources: number;
  readonly cooldownMs: number;
  readonly maxResultsPerIncident: number;
  readonly maxSourcesPerEntity: number;
  readonly include: 'refs' | 'results';
}

export interface RiskSettings {
  readonly policies: readonly RiskPolicy[];
  /** Entities tracked per partition (all policies together); a new one beyond it is evicted. */
  readonly maxOpenEntities: number;
}

export class RiskConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`risk policies: ${problems.join('; ')}`);
  }
}

export const DEFAULT_RISK_POLICIES_YAML = `# Riskline risk incident policies (defaults: Splunk ES risk-based alerting's two rules)
max_open_entities: 100000
policies:
  - name: score-24h
    window: 24h
    score_threshold: 100
    cooldown: 1h
  - name: tactics-7d
    window: 7d
    tactic_count_threshold: 3
    min_sources: 4
    cooldown: 1h
`;

type Raw = Record<string, unknown>;
const asRecord = (v: unknown): Raw | null =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Raw) : null;
const positiveInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v > 0;

function parsePolicy(raw: unknown, where: string, problems: string[]): RiskPolicy | null {
  const r = asRecord(raw);
  if (!r) {
    problems.push(`${where}: must be a mapping`);
    return null;
  }
  const name = r['name'];
  if (typeof name !== 'string' || !/^[a-z0-9][a-z0-9_.-]{0,127}$/i.test(name))
    problems.push(`${where}.name: must be 1-128 of letters, digits, . _ -`);
  const windowMs = parseDuration(r['window'] ?? '24h');
  if (windowMs === null || windowMs <= 0)
    problems.push(`${where}.window: must be a duration like 30m, 24h or 7d`);
  const cooldownMs = parseDuration(r['cooldown'] ?? '1h');
  if (cooldownMs === null) problems.push(`${where}.cooldown: must be a duration like 0s, 30m or 1h`);
  const score = r['score_threshold'] ?? null;
  const tactics = r['tactic_count_threshold'] ?? null;
  if (score !== null && !(typeof score === 'number' && score > 0))
    problems.push(`${where}.score_threshold: must be a positive number`);
  if (tactics !== null && !positiveInt(tactics))
    problems.push(`${where}.tactic_count_threshold: must be a positive integer`);
  if (score === null && tactics === null)
    problems.push(`${where}: needs score_threshold or tactic_count_threshold`);
  const minSources = r['min_sources'] ?? 1;
  if (!positiveInt(minSources)) problems.push(`${where}.min_sources: must be a positive integer`);
  const maxResults = r['max_results_per_incident'] ?? 1000;
  if (!positiveInt(maxResults))
    problems.push(`${where}.max_results_per_incident: must be a positive integer`);
  const maxSources = r['max_sources_per_entity'] ?? 1000;
  if (!positiveInt(maxSources)) problems.push(`${where}.max_sources_per_entity: must be a positive integer`);
  const include = r['include'] ?? 'refs';
  if (include !== 'refs' && include !== 'results') problems.push(`${where}.include: must be refs or results`);
  for (const key of Object.keys(r)) {
    if (
      ![
        'name',
        'window',
        'cooldown',
        'score_threshold',
        'tactic_count_threshold',
        'min_sources',
        'max_results_per_incident',
        'max_sources_per_entity',
        'include',
      ].includes(key)
    ) {
      problems.push(`${where}.${key}: unknown key`);
    }
  }
  return {
    name: name as string,
    windowMs: windowMs ?? 0,
    scoreThreshold: score as number | null,
    tacticCountThreshold: tactics as number | null,
    minSources: minSources as number,
    cooldownMs: cooldownMs ?? 0,
    maxResultsPerIncident: maxResults as number,
    maxSourcesPerEntity: maxSources as number,
    include: include as 'refs' | 'results',
  };
}

export function parseRiskSettings(text: string): RiskSettings {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (error) {
    throw new RiskConfigError([`not YAML: ${(error as Error).message.split('\n')[0]}`]);
  }
  const root = asRecord(doc);
  if (!root) throw new RiskConfigError(['must be a YAML mapping']);
  const problems: string[] = [];
  const maxOpen = root['max_open_entities'] ?? 100_000;
  if (!positiveInt(maxOpen)) problems.push('max_open_entities: must be a positive integer');
  const list = root['policies'];
  if (!Array.isArray(list) || list.length === 0) problems.push('policies: must list at least one policy');
  const policies = (Array.isArray(list) ? list : [])
    .map((p, i) => parsePolicy(p, `policies[${i}]`, problems))
    .filter((p): p is RiskPolicy => p !== null);
  const names = policies.map((p) => p.name);
  for (const name of new Set(names))
    if (names.filter((n) => n === name).length > 1) problems.push(`policies: name '${name}' is used twice`);
  if (problems.length > 0) throw new RiskConfigError(problems);
  return { policies, maxOpenEntities: maxOpen as number };
}
