/**
 * The tagger's risk configuration (YAML): which event fields name each risk entity, and how a
 * firing is scored. Parsing validates every key and reports all problems at once, each with its
 * key path, so a bad file refuses to start the tagger with a message that says what to fix.
 *
 * Score precedence (first that applies): the rule's `risk_score` attribute; tag scores (exact
 * tag or `prefix.*`, combined by `reducer` sum|max); the level score; `default`.
 */
import { parse } from 'yaml';
import { ENTITY_TYPE_PATTERN, SEVERITY_LEVELS } from '@riskline/contracts';
import { TaggingConfigError } from './config-error';

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

/** Shipped defaults, documented in docs/architecture.md. */
export const DEFAULT_RISK_CONFIG_YAML = `# Riskline tagger risk configuration (defaults)
entities:
  user:
    fields: [User, TargetUserName, SubjectUserName, user.name, username, user]
    lowercase: true
  host:
    fields: [Computer, Hostname, host.name, hostname, host]
    lowercase: true
  src_ip:
    fields: [IpAddress, SourceIp, src_ip, source.ip]
primary: [user, host, src_ip]
ignore_values: ['-', '', 'n/a', 'null', 'unknown']
scores:
  default: 5
  levels: {informational: 1, low: 10, medium: 25, high: 50, critical: 75}
  tags:
    reducer: max
    values: {}
`;

type Raw = Record<string, unknown>;

const asRecord = (v: unknown): Raw | null =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Raw) : null;
const isScore = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;

export function parseRiskConfig(text: string, source = 'risk config'): RiskConfig {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (error) {
    throw new TaggingConfigError(source, [`not YAML: ${(error as Error).message.split('\n')[0]}`]);
  }
  const problems: string[] = [];
  const root = asRecord(doc);
  if (!root) throw new TaggingConfigError(source, ['must be a YAML mapping']);
  for (const key of Object.keys(root))
    if (!['entities', 'primary', 'ignore_values', 'scores'].includes(key))
      problems.push(`${key}: unknown key`);

  const entities: EntitySelector[] = [];
  const rawEntities = asRecord(root['entities']);
  if (!rawEntities || Object.keys(rawEntities).length === 0)
    problems.push('entities: must map at least one entity type to its fields');
  for (const [type, value] of Object.entries(rawEntities ?? {})) {
    const where = `entities.${type}`;
    if (!ENTITY_TYPE_PATTERN.test(type))
      problems.push(`${where}: entity type must match ${ENTITY_TYPE_PATTERN}`);
    const selector = asRecord(value);
    const fields = selector?.['fields'];
    if (
      !Array.isArray(fields) ||
      fields.length === 0 ||
      !fields.every((f) => typeof f === 'string' && f.length > 0)
    ) {
      problems.push(`${where}.fields: must be a non-empty list of field names or dotted paths`);
      continue;
    }
    const lowercase = selector!['lowercase'] ?? false;
    if (typeof lowercase !== 'boolean') problems.push(`${where}.lowercase: must be true or false`);
    entities.push({ type, fields: fields as string[], lowercase: lowercase === true });
  }

  const primary = root['primary'] ?? entities.map((e) => e.type);
  if (
    !Array.isArray(primary) ||
    !primary.every((p) => typeof p === 'string' && entities.some((e) => e.type === p))
  ) {
    problems.push('primary: must list entity types defined under entities');
  }
  const ignore = root['ignore_values'] ?? ['-', ''];
  if (!Array.isArray(ignore) || !ignore.every((v) => typeof v === 'string'))
    problems.push('ignore_values: must be a list of strings');

  const scores = asRecord(root['scores']) ?? {};
  const defaultScore = scores['default'] ?? 5;
  if (!isScore(defaultScore)) problems.push('scores.default: must be a non-negative number');
  // Levels not configured keep their shipped scores.
  const levels: Record<string, number> = { ...DEFAULT_LEVEL_SCORES };
  for (const [level, value] of Object.entries(asRecord(scores['levels']) ?? {})) {
    if (!(SEVERITY_LEVELS as readonly string[]).includes(level))
      problems.push(`scores.levels.${level}: not a severity level (${SEVERITY_LEVELS.join(', ')})`);
    else if (!isScore(value)) problems.push(`scores.levels.${level}: must be a non-negative number`);
    else levels[level] = value;
  }
  const tagsConfig = asRecord(scores['tags']) ?? {};
  const reducer = tagsConfig['reducer'] ?? 'max';
  if (reducer !== 'sum' && reducer !== 'max') problems.push('scores.tags.reducer: must be sum or max');
  const tags = new Map<string, number>();
  const prefixes: [string, number][] = [];
  for (const [tag, value] of Object.entries(asRecord(tagsConfig['values']) ?? {})) {
    if (!isScore(value)) {
      problems.push(`scores.tags.values.${tag}: must be a non-negative number`);
      continue;
    }
    if (tag.endsWith('.*')) prefixes.push([tag.slice(0, -1).toLowerCase(), value]);
    else tags.set(tag.toLowerCase(), value);
  }
  if (problems.length > 0) throw new TaggingConfigError(source, problems);
  return {
    entities,
    primary: primary as string[],
    ignoreValues: new Set((ignore as string[]).map((v) => v.toLowerCase())),
    scores: {
      default: defaultScore as number,
      levels,
      tagReducer: reducer as 'sum' | 'max',
      tags,
      tagPrefixes: prefixes,
    },
  };
}
