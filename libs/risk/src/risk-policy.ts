/**
 * Incident policies: when an entity's window of risk contributions becomes an incident. Several
 * run at once, each named (Splunk's two defaults ship: score ≥ 100 in 24 h; ≥ 3 tactics and
 * ≥ 4 sources in 7 days). Read from YAML by `RiskSettingsFile` (libs/settings: defaults are its
 * initialisers, every problem named by its key path).
 */
import { ArrayMinSize, IsOptional } from 'class-validator';
import { parseDuration } from '@riskline/contracts';
import {
  Duration,
  ListOf,
  NumberIn,
  OneOf,
  PositiveInt,
  readSettings,
  TextMatching,
  type SettingsProblem,
} from '@riskline/settings';

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

const POLICY_NAME = /^[a-z0-9][a-z0-9_.-]{0,127}$/i;

/** One policy as written: each key once, its initialiser the default. */
export class RiskPolicyFile {
  @TextMatching(POLICY_NAME, 'must be 1-128 of letters, digits, . _ -') name = '';
  @Duration({ example: '30m, 24h or 7d' }) window = '24h';
  @Duration({ zeroAllowed: true }) cooldown = '1h';
  @IsOptional()
  @NumberIn({ max: Infinity, message: 'must be a positive number' })
  score_threshold: number | null = null;
  @IsOptional() @PositiveInt() tactic_count_threshold: number | null = null;
  /** With the tactic trigger: at least this many distinct sources (rules) too. */
  @PositiveInt() min_sources = 1;
  @PositiveInt() max_results_per_incident = 1000;
  @PositiveInt() max_sources_per_entity = 1000;
  @OneOf(['refs', 'results'], 'must be refs or results') include: 'refs' | 'results' = 'refs';

  static of(fields: Partial<RiskPolicyFile>): RiskPolicyFile {
    return Object.assign(new RiskPolicyFile(), fields);
  }
}

/** The YAML file (defaults: Splunk ES risk-based alerting's two rules). */
export class RiskSettingsFile {
  @PositiveInt() max_open_entities = 100_000;
  @ListOf(() => RiskPolicyFile, { message: 'must list at least one policy' })
  @ArrayMinSize(1, { message: 'must list at least one policy' })
  policies: RiskPolicyFile[] = [
    RiskPolicyFile.of({ name: 'score-24h', window: '24h', score_threshold: 100, cooldown: '1h' }),
    RiskPolicyFile.of({
      name: 'tactics-7d',
      window: '7d',
      tactic_count_threshold: 3,
      min_sources: 4,
      cooldown: '1h',
    }),
  ];
}

function crossCheck(file: RiskSettingsFile): SettingsProblem[] {
  const problems: SettingsProblem[] = [];
  const policies = Array.isArray(file.policies) ? file.policies : [];
  policies.forEach((policy, i) => {
    if (
      policy instanceof RiskPolicyFile &&
      policy.score_threshold === null &&
      policy.tactic_count_threshold === null
    )
      problems.push({ at: `policies[${i}]`, message: 'needs score_threshold or tactic_count_threshold' });
  });
  const names = policies.map((p) => (p as RiskPolicyFile).name);
  for (const name of new Set(names))
    if (names.filter((n) => n === name).length > 1)
      problems.push({ at: 'policies', message: `name '${name}' is used twice` });
  return problems;
}

function toPolicy(file: RiskPolicyFile): RiskPolicy {
  return {
    name: file.name,
    windowMs: parseDuration(file.window)!,
    scoreThreshold: file.score_threshold,
    tacticCountThreshold: file.tactic_count_threshold,
    minSources: file.min_sources,
    cooldownMs: parseDuration(file.cooldown)!,
    maxResultsPerIncident: file.max_results_per_incident,
    maxSourcesPerEntity: file.max_sources_per_entity,
    include: file.include,
  };
}

export function parseRiskSettings(text: string, source = 'risk policies'): RiskSettings {
  const file = readSettings(RiskSettingsFile, text, source, crossCheck);
  return { policies: file.policies.map(toPolicy), maxOpenEntities: file.max_open_entities };
}
