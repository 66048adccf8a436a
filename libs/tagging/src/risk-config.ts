/**
 * The tagger's risk configuration (YAML): which event fields name each risk entity, and how a
 * firing is scored. Read by `RiskConfigFile` (libs/settings): every key validated, all problems
 * at once, each with its key path, so a bad file refuses to start the tagger with a message
 * that says what to fix.
 *
 * Score precedence (first that applies): the rule's `risk_score` attribute; tag scores (exact
 * tag or `prefix.*`, combined by `reducer` sum|max); the level score; `default`.
 */
import { IsOptional } from 'class-validator';
import { ENTITY_TYPE_PATTERN, SEVERITY_LEVELS } from '@riskline/contracts';
import {
  Entries,
  EntriesOf,
  Flag,
  Names,
  NumberIn,
  OneOf,
  readSettings,
  Section,
  type EntryProblem,
  type SettingsProblem,
} from '@riskline/settings';

export interface EntitySelector {
  readonly type: string;
  readonly fields: readonly string[];
  readonly lowercase: boolean;
}

export interface RiskConfig {
  readonly entities: readonly EntitySelector[];
  /** Entity types in the order that picks a detection's primary entity (its Kafka key). */
  readonly primary: readonly string[];
  /** Values that never name an entity (placeholders such as `-`). Compared case-insensitively. */
  readonly ignoreValues: ReadonlySet<string>;
  readonly scores: {
    readonly default: number;
    readonly levels: Readonly<Record<string, number>>;
    readonly tagReducer: 'sum' | 'max';
    readonly tags: ReadonlyMap<string, number>;
    readonly tagPrefixes: readonly (readonly [string, number])[];
  };
}

export const DEFAULT_LEVEL_SCORES: Readonly<Record<string, number>> = {
  informational: 1,
  low: 10,
  medium: 25,
  high: 50,
  critical: 75,
};

const SCORE = { min: 0, aboveMin: false, max: Infinity, message: 'must be a non-negative number' };
const isScore = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v) && v >= 0;
const scoreEntry = (value: unknown): readonly EntryProblem[] =>
  isScore(value) ? [] : [{ at: '', message: SCORE.message }];
const levelEntry = (value: unknown, level: string): readonly EntryProblem[] => {
  if (!(SEVERITY_LEVELS as readonly string[]).includes(level))
    return [{ at: '', message: `not a severity level (${SEVERITY_LEVELS.join(', ')})` }];
  return scoreEntry(value);
};

class EntitySelectorFile {
  @Names('must be a non-empty list of field names or dotted paths', 1) fields: string[] = [];
  @Flag() lowercase = false;
}

const selector = (fields: string[], lowercase = false): EntitySelectorFile =>
  Object.assign(new EntitySelectorFile(), { fields, lowercase });

class TagScoresFile {
  @OneOf(['sum', 'max'], 'must be sum or max') reducer: 'sum' | 'max' = 'max';
  /** Exact tags, or `prefix.*`. */
  @Entries(scoreEntry) values: Record<string, number> = {};
}

class ScoresFile {
  @NumberIn(SCORE) default = 5;
  /** Levels not named here keep DEFAULT_LEVEL_SCORES. */
  @Entries(levelEntry) levels: Record<string, number> = {};
  @Section(() => TagScoresFile) tags = new TagScoresFile();
}

/** The YAML file: each key once, its initialiser the default (documented in docs/architecture.md). */
export class RiskConfigFile {
  @EntriesOf(EntitySelectorFile, (type) =>
    ENTITY_TYPE_PATTERN.test(type) ? null : `entity type must match ${ENTITY_TYPE_PATTERN}`,
  )
  entities: Record<string, EntitySelectorFile> = {
    user: selector(['User', 'TargetUserName', 'SubjectUserName', 'user.name', 'username', 'user'], true),
    host: selector(['Computer', 'Hostname', 'host.name', 'hostname', 'host'], true),
    src_ip: selector(['IpAddress', 'SourceIp', 'src_ip', 'source.ip']),
  };
  /** Absent: every entity type, in the order of `entities`. */
  @IsOptional() @Names('must list entity types defined under entities') primary: string[] | null = null;
  @Names('must be a list of strings') ignore_values: string[] = ['-', '', 'n/a', 'null', 'unknown'];
  @Section(() => ScoresFile) scores = new ScoresFile();
}

function crossCheck(file: RiskConfigFile): SettingsProblem[] {
  const problems: SettingsProblem[] = [];
  const types = Object.keys(file.entities ?? {});
  if (types.length === 0)
    problems.push({ at: 'entities', message: 'must map at least one entity type to its fields' });
  if (Array.isArray(file.primary) && !file.primary.every((p) => types.includes(p)))
    problems.push({ at: 'primary', message: 'must list entity types defined under entities' });
  return problems;
}

export function parseRiskConfig(text: string, source = 'risk config'): RiskConfig {
  const file = readSettings(RiskConfigFile, text, source, crossCheck);
  const entities = Object.entries(file.entities).map(([type, s]) => ({
    type,
    fields: s.fields,
    lowercase: s.lowercase,
  }));
  const tags = new Map<string, number>();
  const prefixes: [string, number][] = [];
  for (const [tag, value] of Object.entries(file.scores.tags.values)) {
    if (tag.endsWith('.*')) prefixes.push([tag.slice(0, -1).toLowerCase(), value]);
    else tags.set(tag.toLowerCase(), value);
  }
  return {
    entities,
    primary: file.primary ?? entities.map((e) => e.type),
    ignoreValues: new Set(file.ignore_values.map((v) => v.toLowerCase())),
    scores: {
      default: file.scores.default,
      levels: { ...DEFAULT_LEVEL_SCORES, ...file.scores.levels },
      tagReducer: file.scores.tags.reducer,
      tags,
      tagPrefixes: prefixes,
    },
  };
}
