/**
 * A parsed Sigma rule: its metadata and its compiled detection. Parsing validates everything a
 * rule needs (id, title, logsource, detection, condition, modifiers, regexes) so evaluation
 * never meets a malformed rule. Invariant: `matches` depends only on the event it is given.
 */
import { attackFromTags, type AttackTagging } from '../attack-tags';
import { parseCondition, type Condition } from './condition';
import {
  compileFieldItem,
  compileKeyword,
  type CompileOptions,
  type EventPredicate,
} from './field-predicate';
import { RuleLoadError } from './rule-error';

export interface LogSource {
  readonly category?: string;
  readonly product?: string;
  readonly service?: string;
}

export interface SigmaRule extends AttackTagging {
  readonly kind: 'sigma';
  readonly id: string;
  readonly title: string;
  readonly status: string | null;
  readonly level: string;
  readonly tags: readonly string[];
  readonly logsource: LogSource;
  readonly falsepositives: readonly string[];
  /** Attributes outside the Sigma specification (e.g. `risk_score`), kept verbatim. */
  readonly custom: Readonly<Record<string, unknown>>;
  readonly fields: readonly string[];
  readonly matches: EventPredicate;
}

const STANDARD_KEYS = new Set([
  'title',
  'id',
  'related',
  'name',
  'taxonomy',
  'status',
  'description',
  'license',
  'author',
  'references',
  'date',
  'modified',
  'logsource',
  'detection',
  'fields',
  'falsepositives',
  'level',
  'tags',
  'scope',
]);
const LEVELS = new Set(['informational', 'low', 'medium', 'high', 'critical']);

function searchPredicate(name: string, value: unknown, options: CompileOptions): EventPredicate {
  const mapPredicate = (map: Record<string, unknown>): EventPredicate => {
    const entries = Object.entries(map);
    if (entries.length === 0) throw new RuleLoadError(`search '${name}' has an empty map`);
    const predicates = entries.map(([spec, values]) => compileFieldItem(spec, values, options));
    return predicates.length === 1 ? predicates[0]! : (event) => predicates.every((p) => p(event));
  };
  if (value && typeof value === 'object' && !Array.isArray(value))
    return mapPredicate(value as Record<string, unknown>);
  if (Array.isArray(value)) {
    if (value.length === 0) throw new RuleLoadError(`search '${name}' is an empty list`);
    const predicates = value.map((item) =>
      item && typeof item === 'object' && !Array.isArray(item)
        ? mapPredicate(item as Record<string, unknown>)
        : compileKeyword(item),
    );
    return predicates.length === 1 ? predicates[0]! : (event) => predicates.some((p) => p(event));
  }
  if (typeof value === 'string' || typeof value === 'number') return compileKeyword(value);
  throw new RuleLoadError(`search '${name}' must be a map, a list of maps or a list of keywords`);
}

function compileCondition(
  condition: Condition,
  searches: ReadonlyMap<string, EventPredicate>,
): EventPredicate {
  switch (condition.kind) {
    case 'search':
      return searches.get(condition.name)!;
    case 'not': {
      const inner = compileCondition(condition.item, searches);
      return (event) => !inner(event);
    }
    case 'and': {
      const items = condition.items.map((c) => compileCondition(c, searches));
      return (event) => items.every((p) => p(event));
    }
    case 'or': {
      const items = condition.items.map((c) => compileCondition(c, searches));
      return (event) => items.some((p) => p(event));
    }
    case 'of': {
      const items = condition.names.map((n) => searches.get(n)!);
      if (condition.count === 'all') return (event) => items.every((p) => p(event));
      const needed = condition.count;
      return (event) => {
        let hits = 0;
        for (const p of items) if (p(event) && ++hits >= needed) return true;
        return false;
      };
    }
  }
}

function stringList(value: unknown, what: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string' || typeof v === 'number')) {
    throw new RuleLoadError(`${what} must be a list of strings`);
  }
  return value.map(String);
}

export function compileSigmaRule(doc: unknown, options: CompileOptions): SigmaRule {
  if (!doc || typeof doc !== 'object' || Array.isArray(doc))
    throw new RuleLoadError('a Sigma rule must be a YAML mapping');
  const rule = doc as Record<string, unknown>;
  if ('action' in rule)
    throw new RuleLoadError(
      `rule collections (action: ${String(rule['action'])}) are not supported; split them into rules`,
    );
  if ('correlation' in rule)
    throw new RuleLoadError('correlation rules are evaluated by the risk accumulator, not the tagger');
  const id = rule['id'];
  const title = rule['title'];
  if (typeof id !== 'string' || id.length === 0) throw new RuleLoadError('rule has no id');
  if (typeof title !== 'string' || title.length === 0) throw new RuleLoadError('rule has no title');
  const level = rule['level'] === undefined ? 'medium' : rule['level'];
  if (typeof level !== 'string' || !LEVELS.has(level))
    throw new RuleLoadError(`level '${String(level)}' is not one of ${[...LEVELS].join(', ')}`);
  const logsource = rule['logsource'];
  if (!logsource || typeof logsource !== 'object' || Array.isArray(logsource))
    throw new RuleLoadError('rule has no logsource mapping');
  const detection = rule['detection'];
  if (!detection || typeof detection !== 'object' || Array.isArray(detection))
    throw new RuleLoadError('rule has no detection mapping');
  const { condition, timeframe: _timeframe, ...searchItems } = detection as Record<string, unknown>;
  const searches = new Map<string, EventPredicate>();
  for (const [name, value] of Object.entries(searchItems))
    searches.set(name, searchPredicate(name, value, options));
  const conditions = Array.isArray(condition) ? condition : [condition];
  if (conditions.length === 0 || !conditions.every((c) => typeof c === 'string'))
    throw new RuleLoadError('detection has no condition');
  const compiled = conditions.map((c) =>
    compileCondition(parseCondition(c as string, [...searches.keys()]), searches),
  );
  const matches: EventPredicate =
    compiled.length === 1 ? compiled[0]! : (event) => compiled.some((p) => p(event));
  const tags = stringList(rule['tags'], 'tags');
  const ls = logsource as Record<string, unknown>;
  const pick = (k: string) => (typeof ls[k] === 'string' ? { [k]: (ls[k] as string).toLowerCase() } : {});
  return {
    kind: 'sigma',
    id,
    title,
    status: typeof rule['status'] === 'string' ? rule['status'] : null,
    level,
    tags,
    logsource: { ...pick('category'), ...pick('product'), ...pick('service') },
    falsepositives: stringList(rule['falsepositives'], 'falsepositives'),
    custom: Object.fromEntries(Object.entries(rule).filter(([k]) => !STANDARD_KEYS.has(k))),
    fields: stringList(rule['fields'], 'fields'),
    ...attackFromTags(tags),
    matches,
  };
}
