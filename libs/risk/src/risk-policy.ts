/**
 * Incident policies: when an entity's window of risk contributions becomes an incident. Several
 * run at once, each named (Splunk's two defaults ship: score ≥ 100 in 24 h; ≥ 3 tactics and
 * ≥ 4 sources in 7 days). Beside them: how the 0–100 entity score is computed (Elastic's
 * scheme, entity-score.ts), the severity bands of incidents (Splunk's), and how analysts'
 * false-positive verdicts suppress repeats (episode.ts). Read from YAML by `RiskSettingsFile`
 * (libs/settings: defaults are its initialisers, every problem named by its key path).
 */
import { ArrayMinSize, IsOptional } from 'class-validator';
import { parseDuration, VERDICTS } from '@riskline/contracts';
import type { NormalizedScoring, SeverityBands } from './entity-score';
import type { EpisodeRules } from './episode';
import type { SourceCap } from './source-cap';
import {
  Duration,
  Entries,
  ListOf,
  Names,
  NumberIn,
  OneOf,
  PositiveInt,
  readSettings,
  Section,
  TextMatching,
  type EntryProblem,
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
  /** Anti-stacking: what one source may add to the window. */
  readonly cap: SourceCap;
  readonly episodes: EpisodeRules;
}

export interface RiskSettings {
  readonly policies: readonly RiskPolicy[];
  /** Entities tracked per partition (all policies together); a new one beyond it is evicted. */
  readonly maxOpenEntities: number;
  readonly scoring: NormalizedScoring;
  readonly severity: SeverityBands;
  /** Verdicts on an incident that suppress its entity's unchanged repeats. */
  readonly suppressingVerdicts: ReadonlySet<string>;
}

const POLICY_NAME = /^[a-z0-9][a-z0-9_.-]{0,127}$/i;

/** One policy as written: each key once, its initialiser the default. */
export class RiskPolicyFile {
  @TextMatching(POLICY_NAME, 'must be 1-128 of letters, digits, . _ -') name = '';
  @Duration({ example: '30m, 24h or 7d' }) window = '24h';
  /** How long the entity must stay below the threshold before a crossing opens a new episode. */
  @Duration({ zeroAllowed: true }) cooldown = '1h';
  /**
   * Least time between two updates of an episode that add no source or tactic: a noisy entity
   * above its threshold would otherwise publish its whole window again on every contribution.
   */
  @Duration({ zeroAllowed: true }) update_interval = '10m';
  /** Anti-stacking: a source counts at most its N largest contributions in the window. */
  @IsOptional() @PositiveInt() max_contributions_per_source: number | null = null;
  /** Anti-stacking: a source counts at most this multiple of its largest contribution. */
  @IsOptional()
  @NumberIn({ min: 1, aboveMin: false, max: Infinity, message: 'must be a number ≥ 1' })
  source_score_multiple: number | null = null;
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

const weightEntry = (v: unknown): readonly EntryProblem[] =>
  typeof v === 'number' && Number.isFinite(v) && v > 0
    ? []
    : [{ at: '', message: 'must be a positive number' }];

const LEVEL = { min: 0, max: 100, aboveMin: false };

class RiskLevelsFile {
  @NumberIn(LEVEL) low = 20;
  @NumberIn(LEVEL) moderate = 40;
  @NumberIn(LEVEL) high = 70;
  @NumberIn(LEVEL) critical = 90;
}

/** Elastic's entity risk scoring: its constants are the defaults. */
class ScoringFile {
  @NumberIn({ max: Infinity }) contribution_max = 100;
  @PositiveInt() max_contributions = 10_000;
  @Entries(weightEntry) criticality_weights: Record<string, number> = {
    low: 0.5,
    medium: 1,
    high: 1.5,
    critical: 2,
  };
  @Section(() => RiskLevelsFile) levels = new RiskLevelsFile();
}

const BAND = { max: Infinity, message: 'must be a positive number' };

/** Splunk ES's risk score bands. */
class SeverityFile {
  @NumberIn(BAND) medium = 100;
  @NumberIn(BAND) high = 250;
  @NumberIn(BAND) critical = 500;
}

class SuppressionFile {
  /** Verdicts on an incident that suppress its entity's repeats. */
  @Names('must be a list of verdicts') verdicts: string[] = ['false_positive'];
  /** Score growth (a fraction of the judged score) past which a judged entity re-alerts. */
  @NumberIn({ min: 0, aboveMin: false, max: Infinity, message: 'must be a non-negative number' })
  score_margin = 0.25;
}

/** The YAML file (defaults: Splunk ES risk-based alerting's two rules). */
export class RiskSettingsFile {
  @PositiveInt() max_open_entities = 100_000;
  @Section(() => ScoringFile) scoring = new ScoringFile();
  @Section(() => SeverityFile) severity = new SeverityFile();
  @Section(() => SuppressionFile) suppression = new SuppressionFile();
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
  const levels = file.scoring?.levels;
  if (
    levels &&
    !(levels.low <= levels.moderate && levels.moderate <= levels.high && levels.high <= levels.critical)
  )
    problems.push({ at: 'scoring.levels', message: 'must rise: low ≤ moderate ≤ high ≤ critical' });
  const bands = file.severity;
  if (bands && !(bands.medium <= bands.high && bands.high <= bands.critical))
    problems.push({ at: 'severity', message: 'must rise: medium ≤ high ≤ critical' });
  const unknownVerdicts = (file.suppression?.verdicts ?? []).filter(
    (v) => !(VERDICTS as readonly string[]).includes(v),
  );
  if (unknownVerdicts.length > 0)
    problems.push({
      at: 'suppression.verdicts',
      message: `unknown verdict ${unknownVerdicts.join(', ')} (one of ${VERDICTS.join(', ')})`,
    });
  const names = policies.map((p) => (p as RiskPolicyFile).name);
  for (const name of new Set(names))
    if (names.filter((n) => n === name).length > 1)
      problems.push({ at: 'policies', message: `name '${name}' is used twice` });
  return problems;
}

function toPolicy(file: RiskPolicyFile, suppression: SuppressionFile): RiskPolicy {
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
    cap: { maxPerSource: file.max_contributions_per_source, multiple: file.source_score_multiple },
    episodes: {
      updateIntervalMs: parseDuration(file.update_interval)!,
      falsePositiveMargin: suppression.score_margin,
    },
  };
}

export function parseRiskSettings(text: string, source = 'risk policies'): RiskSettings {
  const file = readSettings(RiskSettingsFile, text, source, crossCheck);
  const { scoring, severity, suppression } = file;
  return {
    policies: file.policies.map((p) => toPolicy(p, suppression)),
    maxOpenEntities: file.max_open_entities,
    scoring: {
      contributionMax: scoring.contribution_max,
      maxContributions: scoring.max_contributions,
      criticalityWeights: { ...scoring.criticality_weights },
      levels: { ...scoring.levels },
    },
    severity: { ...severity },
    suppressingVerdicts: new Set(suppression.verdicts),
  };
}
