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
  type Compiled,
  type CompileOptions,
  type EventPredicate,
} from './field-predicate';
import { bestNeeds, unionNeeds, type Needs } from './needs';
import { RuleLoadError } from './rule-error';
import { customAttributes, ruleLevel } from './rule-metadata';

/** A detection rule's own keys, beside the shared metadata. */
const SIGMA_RULE_KEYS = ['logsource', 'detection', 'fields'];

export interface LogSource {
  readonly category?: string;
  readonly product?: string;
  readonly service?: string;
}

export interface SigmaRule extends AttackTagging {
  readonly kind: 'sigma';
  readonly id: string;
  /** The name correlation rules may refer to it by. */
  readonly name: string | null;
  readonly title: string;
  readonly status: string | null;
  readonly level: string;
  readonly tags: readonly string[];
  readonly logsource: LogSource;
  readonly falsepositives: readonly string[];
  /** Attributes outside the Sigma specification (e.g. `risk_score`), kept verbatim. */
  readonly custom: Readonly<Record<string, unknown>>;
  readonly fields: readonly string[];
  /** The event fields its detection names (modifiers stripped), in order: what a firing shows
   * as evidence when the rule declares no `fields`. */
  readonly detectionFields: readonly string[];
  readonly matches: EventPredicate;
  /** Literals one of which must occur for `matches` to hold (null: none known; see needs.ts). */
  readonly needs: Needs;
  /** The Sigma filters (meta filters) ANDed into `matches`, by id (sigma-filter.ts). */
  readonly filteredBy: readonly string[];
}

function searchPredicate(name: string, value: unknown, options: CompileOptions): Compiled {
  const mapPredicate = (map: Record<string, unknown>): Compiled => {
    const entries = Object.entries(map);
    if (entries.length === 0) throw new RuleLoadError(`search '${name}' has an empty map`);
    return allOf(entries.map(([spec, values]) => compileFieldItem(spec, values, options)));
  };
  if (value && typeof value === 'object' && !Array.isArray(value))
    return mapPredicate(value as Record<string, unknown>);
  if (Array.isArray(value)) {
    if (value.length === 0) throw new RuleLoadError(`search '${name}' is an empty list`);
    return anyOf(
      value.map((item) =>
        item && typeof item === 'object' && !Array.isArray(item)
          ? mapPredicate(item as Record<string, unknown>)
          : compileKeyword(item),
      ),
    );
  }
  if (typeof value === 'string' || typeof value === 'number') return compileKeyword(value);
  throw new RuleLoadError(`search '${name}' must be a map, a list of maps or a list of keywords`);
}

function allOf(parts: readonly Compiled[]): Compiled {
  if (parts.length === 1) return parts[0]!;
  const tests = parts.map((p) => p.test);
  return { test: (event) => tests.every((t) => t(event)), needs: bestNeeds(parts.map((p) => p.needs)) };
}

function anyOf(parts: readonly Compiled[]): Compiled {
  if (parts.length === 1) return parts[0]!;
  const tests = parts.map((p) => p.test);
  return { test: (event) => tests.some((t) => t(event)), needs: unionNeeds(parts.map((p) => p.needs)) };
}

function atLeast(needed: number, parts: readonly Compiled[]): Compiled {
  const tests = parts.map((p) => p.test);
  return {
    test: (event) => {
      let hits = 0;
      for (const t of tests) if (t(event) && ++hits >= needed) return true;
      return false;
    },
    needs: unionNeeds(parts.map((p) => p.needs)),
  };
}

function compileCondition(condition: Condition, searches: ReadonlyMap<string, Compiled>): Compiled {
  switch (condition.kind) {
    case 'search':
      return searches.get(condition.name)!;
    case 'not': {
      const inner = compileCondition(condition.item, searches).test;
      return { test: (event) => !inner(event), needs: null };
    }
    case 'and':
      return allOf(condition.items.map((c) => compileCondition(c, searches)));
    case 'or':
      return anyOf(condition.items.map((c) => compileCondition(c, searches)));
    case 'of': {
      const items = condition.names.map((n) => searches.get(n)!);
      if (condition.count === 'all') return allOf(items);
      return condition.count === 1 ? anyOf(items) : atLeast(condition.count, items);
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

/** A `detection` block (named searches and a condition; a rule's or a filter's) → one predicate. */
export function compileDetection(
  detection: unknown,
  options: CompileOptions,
  what = 'detection',
): { readonly test: EventPredicate; readonly needs: Needs } {
  if (!detection || typeof detection !== 'object' || Array.isArray(detection))
    throw new RuleLoadError(`rule has no ${what} mapping`);
  const { condition, timeframe: _timeframe, ...searchItems } = detection as Record<string, unknown>;
  const searches = new Map<string, Compiled>();
  for (const [name, value] of Object.entries(searchItems))
    searches.set(name, searchPredicate(name, value, options));
  const conditions = Array.isArray(condition) ? condition : [condition];
  if (conditions.length === 0 || !conditions.every((c) => typeof c === 'string'))
    throw new RuleLoadError(`${what} has no condition`);
  return anyOf(
    conditions.map((c) => compileCondition(parseCondition(c as string, [...searches.keys()]), searches)),
  );
}

/** The field names a `detection` block's searches test, modifiers stripped, first use first. */
export function detectionFieldNames(detection: unknown): string[] {
  if (!detection || typeof detection !== 'object' || Array.isArray(detection)) return [];
  const names = new Set<string>();
  const visit = (search: unknown) => {
    if (Array.isArray(search)) for (const item of search) visit(item);
    else if (search && typeof search === 'object')
      for (const key of Object.keys(search)) {
        const field = key.split('|')[0]!;
        if (field) names.add(field);
      }
  };
  for (const [name, search] of Object.entries(detection as Record<string, unknown>))
    if (name !== 'condition' && name !== 'timeframe') visit(search);
  return [...names];
}

/** A rule's `logsource`, its keys lower-cased. */
export function logSourceOf(value: unknown): LogSource {
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw new RuleLoadError('rule has no logsource mapping');
  const ls = value as Record<string, unknown>;
  const pick = (k: string) => (typeof ls[k] === 'string' ? { [k]: (ls[k] as string).toLowerCase() } : {});
  return { ...pick('category'), ...pick('product'), ...pick('service') };
}

export function compileSigmaRule(doc: unknown, options: CompileOptions): SigmaRule {
  if (!doc || typeof doc !== 'object' || Array.isArray(doc))
    throw new RuleLoadError('a Sigma rule must be a YAML mapping');
  const rule = doc as Record<string, unknown>;
  const id = rule['id'];
  const title = rule['title'];
  if (typeof id !== 'string' || id.length === 0) throw new RuleLoadError('rule has no id');
  if (typeof title !== 'string' || title.length === 0) throw new RuleLoadError('rule has no title');
  const level = ruleLevel(rule);
  const logsource = logSourceOf(rule['logsource']);
  const compiled = compileDetection(rule['detection'], options);
  const tags = stringList(rule['tags'], 'tags');
  return {
    kind: 'sigma',
    id,
    name: typeof rule['name'] === 'string' && rule['name'].length > 0 ? rule['name'] : null,
    title,
    status: typeof rule['status'] === 'string' ? rule['status'] : null,
    level,
    tags,
    logsource,
    falsepositives: stringList(rule['falsepositives'], 'falsepositives'),
    custom: customAttributes(rule, SIGMA_RULE_KEYS),
    fields: stringList(rule['fields'], 'fields'),
    detectionFields: detectionFieldNames(rule['detection']),
    ...attackFromTags(tags),
    matches: compiled.test,
    needs: compiled.needs,
    filteredBy: [],
  };
}
