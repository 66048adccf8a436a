/**
 * Compiles one detection item — `Field|mod|mod: value(s)` — into a predicate over an event.
 * Values are OR'ed (AND'ed with `all`); transform fan-out (windash, base64offset, expand) is
 * OR'ed per value. Strings match case-insensitively unless `cased`; `re` is case-sensitive
 * unless its `i` flag is given, and runs on RE2 semantics (linear time, no backtracking), so a
 * rule's regex cannot be turned against the engine by attacker-controlled text.
 */
import { RE2JS } from 're2js';
import type { EventView } from '../event/event-view';
import { compileCidr } from './cidr';
import { bestNeeds, longestLiteral, unionNeeds, type Needs } from './needs';
import { requiredLiteral } from './regex-literal';
import { RuleLoadError } from './rule-error';
import { applyTransform, finalText, TRANSFORMS, type Intermediate } from './value-transforms';
import { compileGlob, lowerGlob, parseGlob, STAR, type Glob, type TextMatcher } from './wildcard';

export type EventPredicate = (event: EventView) => boolean;

/** A compiled detection part: its test, and what it needs to possibly match (see needs.ts). */
export interface Compiled {
  readonly test: EventPredicate;
  readonly needs: Needs;
}

const opaque = (test: EventPredicate): Compiled => ({ test, needs: null });

const MATCH_TYPES = new Set([
  'contains',
  'startswith',
  'endswith',
  're',
  'cidr',
  'exists',
  'gt',
  'gte',
  'lt',
  'lte',
  'fieldref',
]);
const BYTE_TRANSFORMS = new Set(['wide', 'utf16le', 'utf16be', 'utf16', 'base64', 'base64offset']);
const FLAGS = new Set(['all', 'cased', 'i', 'm', 's', 'ignorecase', 'multiline', 'dotall']);

export interface CompileOptions {
  readonly placeholders: ReadonlyMap<string, readonly string[]>;
}

interface Modifiers {
  readonly transforms: string[];
  readonly matchType: string | null;
  readonly flags: Set<string>;
}

function parseModifiers(field: string, names: readonly string[]): Modifiers {
  const transforms: string[] = [];
  let matchType: string | null = null;
  const flags = new Set<string>();
  for (const name of names) {
    if (TRANSFORMS.has(name)) transforms.push(name);
    else if (MATCH_TYPES.has(name)) {
      if (matchType && !(matchType === 'fieldref' || name === 'fieldref')) {
        throw new RuleLoadError(`field '${field}' combines the modifiers '${matchType}' and '${name}'`);
      }
      matchType =
        matchType === 'fieldref'
          ? `fieldref:${name}`
          : name === 'fieldref' && matchType
            ? `fieldref:${matchType}`
            : name;
    } else if (FLAGS.has(name)) flags.add(name);
    else throw new RuleLoadError(`field '${field}' uses the unknown modifier '${name}'`);
  }
  return { transforms, matchType, flags };
}

function scalarText(value: unknown): string | null {
  if (value === null || value === undefined || typeof value === 'object') return null;
  return String(value);
}

/** A predicate over the text of a field, or of each element when the field is an array. */
function onText(field: string, cased: boolean, test: TextMatcher): EventPredicate {
  return (event) => {
    if (!cased) {
      const text = event.lower(field);
      if (text !== null) return test(text);
    }
    const value = event.get(field);
    if (Array.isArray(value)) {
      return value.some((item) => {
        const text = scalarText(item);
        return text !== null && test(cased ? text : text.toLowerCase());
      });
    }
    const text = scalarText(value);
    return text !== null && test(text);
  };
}

function wrapGlob(glob: Glob, matchType: string | null): Glob {
  const lead: Glob = matchType === 'contains' || matchType === 'endswith' ? [STAR] : [];
  const trail: Glob = matchType === 'contains' || matchType === 'startswith' ? [STAR] : [];
  return [...lead, ...glob, ...trail];
}

function compileRegex(field: string, pattern: string, flags: Set<string>): TextMatcher {
  let options = 0;
  if (flags.has('i') || flags.has('ignorecase')) options |= RE2JS.CASE_INSENSITIVE;
  if (flags.has('m') || flags.has('multiline')) options |= RE2JS.MULTILINE;
  if (flags.has('s') || flags.has('dotall')) options |= RE2JS.DOTALL;
  let compiled: RE2JS;
  try {
    compiled = RE2JS.compile(pattern, options);
  } catch (error) {
    throw new RuleLoadError(
      `field '${field}': regular expression not supported by the linear-time engine: ${(error as Error).message}`,
    );
  }
  return (text) => compiled.matcher(text).find();
}

function numericCompare(field: string, op: string, bound: number): EventPredicate {
  return (event) => {
    const value = event.get(field);
    const n =
      typeof value === 'number'
        ? value
        : typeof value === 'string' && value.trim() !== ''
          ? Number(value)
          : NaN;
    if (!Number.isFinite(n)) return false;
    return op === 'gt' ? n > bound : op === 'gte' ? n >= bound : op === 'lt' ? n < bound : n <= bound;
  };
}

function fieldRef(field: string, other: string, matchType: string, cased: boolean): EventPredicate {
  return (event) => {
    const a = cased ? scalarText(event.get(field)) : event.lower(field);
    const b = cased ? scalarText(event.get(other)) : event.lower(other);
    if (a === null || b === null) return false;
    if (matchType === 'contains') return a.includes(b);
    if (matchType === 'startswith') return a.startsWith(b);
    if (matchType === 'endswith') return a.endsWith(b);
    return a === b;
  };
}

function valuePredicate(
  field: string,
  raw: unknown,
  modifiers: Modifiers,
  options: CompileOptions,
): Compiled {
  const { matchType, flags } = modifiers;
  const cased = flags.has('cased');
  if (matchType === 'exists') {
    if (typeof raw !== 'boolean') throw new RuleLoadError(`field '${field}|exists' needs true or false`);
    return opaque((event) => (event.get(field) !== undefined) === raw);
  }
  if (matchType && ['gt', 'gte', 'lt', 'lte'].includes(matchType)) {
    const bound = typeof raw === 'number' ? raw : Number(raw);
    if (!Number.isFinite(bound)) throw new RuleLoadError(`field '${field}|${matchType}' needs a number`);
    return opaque(numericCompare(field, matchType, bound));
  }
  if (matchType?.startsWith('fieldref')) {
    if (typeof raw !== 'string') throw new RuleLoadError(`field '${field}|fieldref' needs a field name`);
    return opaque(fieldRef(field, raw, matchType.split(':')[1] ?? 'equals', cased));
  }
  if (raw === null) return opaque((event) => event.get(field) === undefined || event.get(field) === null);
  if (typeof raw === 'object')
    throw new RuleLoadError(`field '${field}' has a value that is not a string, number, boolean or null`);

  if (typeof raw !== 'string') {
    // Numbers and booleans compare as text, so EventID: 1 matches 1 and "1".
    const text = String(raw).toLowerCase();
    return { test: onText(field, false, (value) => value === text), needs: [{ field, literal: text }] };
  }
  // Encoded values (base64, UTF-16) are byte-exact: a `*` in them is data, not a wildcard.
  const encoded = modifiers.transforms.some((t) => BYTE_TRANSFORMS.has(t));
  // Unencoded, windash is a property of the glob (DASH), not a fan-out of variants.
  const windashGlob = !encoded && matchType !== 're' && modifiers.transforms.includes('windash');
  let variants: Intermediate[] = [raw];
  for (const transform of modifiers.transforms)
    if (!(windashGlob && transform === 'windash'))
      variants = variants.flatMap((v) => applyTransform(transform, v, options.placeholders));
  const texts = variants.map(finalText);

  let tests: TextMatcher[];
  if (matchType === 're') {
    tests = texts.map((t) => compileRegex(field, t, flags));
    const literals = texts.map(requiredLiteral);
    const needs = literals.every((l) => l !== null)
      ? literals.map((literal) => ({ field, literal: literal! }))
      : null;
    return { test: onText(field, true, (text) => tests.some((test) => test(text))), needs };
  }
  if (matchType === 'cidr') {
    tests = texts.map((t) => compileCidr(t));
    return opaque(onText(field, true, (text) => tests.some((test) => test(text))));
  }
  const globs = texts.map((t) => (encoded ? [t] : parseGlob(t, windashGlob)));
  tests = globs.map((glob) => compileGlob(wrapGlob(cased ? glob : lowerGlob(glob), matchType)));
  const literals = globs.map((glob) => longestLiteral(lowerGlob(glob)));
  const needs = literals.every((l) => l !== null)
    ? literals.map((literal) => ({ field, literal: literal! }))
    : null;
  if (tests.length === 1) return { test: onText(field, cased, tests[0]!), needs };
  return { test: onText(field, cased, (text) => tests.some((test) => test(text))), needs };
}

/** `Field|mods` with one value or a list of values → one predicate. */
export function compileFieldItem(spec: string, values: unknown, options: CompileOptions): Compiled {
  const [field, ...modifierNames] = spec.split('|');
  const list = Array.isArray(values) ? values : [values];
  if (!field) return compileKeywordItem(spec, modifierNames, list);
  const modifiers = parseModifiers(field, modifierNames);
  if (list.length === 0) throw new RuleLoadError(`field '${field}' has an empty value list`);
  const parts = list.map((v) => valuePredicate(field, v, modifiers, options));
  if (parts.length === 1) return parts[0]!;
  const tests = parts.map((p) => p.test);
  if (modifiers.flags.has('all'))
    return { test: (event) => tests.every((t) => t(event)), needs: bestNeeds(parts.map((p) => p.needs)) };
  return { test: (event) => tests.some((t) => t(event)), needs: unionNeeds(parts.map((p) => p.needs)) };
}

/** A keyword (full-text) value: matches when any scalar value of the event contains it. */
export function compileKeyword(value: unknown): Compiled {
  if (value === null || typeof value === 'object')
    throw new RuleLoadError(`keyword ${JSON.stringify(value)} must be a string or number`);
  const test = compileGlob(wrapGlob(lowerGlob(parseGlob(String(value))), 'contains'));
  return opaque((event) => event.keywords().some(test));
}

/** `'|all': [k1, k2]` — keywords under modifiers: only `all` (every keyword) is meaningful. */
function compileKeywordItem(
  spec: string,
  modifierNames: readonly string[],
  list: readonly unknown[],
): Compiled {
  const unsupported = modifierNames.filter((m) => m !== 'all' && m !== 'contains');
  if (unsupported.length > 0)
    throw new RuleLoadError(`keyword item '${spec}' uses unsupported modifiers ${unsupported.join(', ')}`);
  const tests = list.map((v) => compileKeyword(v).test);
  if (modifierNames.includes('all')) return opaque((event) => tests.every((t) => t(event)));
  return opaque((event) => tests.some((t) => t(event)));
}
