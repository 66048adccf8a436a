/**
 * Native TTP rules (YAML) for sources Sigma does not cover — honeypot commands, HTTP requests,
 * authentication attempts. A rule applies to events whose `source_kind` is in `applies_to`,
 * matches with `pattern` (RE2 regex), `contains`, `equals`, `in_set` and `exists` leaves
 * combined by `all` / `any` / `not`, on a field that defaults per source kind, and emits one or
 * more ATT&CK tags, each with its own confidence. Compilation validates everything; a missing
 * tactic, technique or confidence is a load error for that rule.
 */
import { RE2JS } from 're2js';
import { ATTACK_TACTICS, SEVERITY_LEVELS, type AttackTactic } from '@riskline/contracts/core';
import type { EventView } from '../event/event-view';
import { RuleLoadError } from '../sigma/rule-error';

export interface NativeEmit {
  readonly tactic: AttackTactic;
  readonly technique_id: string;
  readonly sub_technique_id: string | null;
  /** `T1059` or `T1059.004`. */
  readonly technique: string;
  readonly confidence: number;
}

export interface NativeRule {
  readonly kind: 'native';
  readonly id: string;
  readonly version: number;
  readonly title: string;
  readonly description: string;
  readonly level: string;
  readonly appliesTo: readonly string[];
  readonly emits: readonly NativeEmit[];
  readonly evidenceFields: readonly string[];
  readonly tactics: readonly AttackTactic[];
  readonly techniques: readonly string[];
  readonly custom: Readonly<Record<string, unknown>>;
  matches(event: EventView, sourceKind: string): boolean;
}

/** Field a leaf reads when it names none, per source kind. */
export const DEFAULT_FIELDS: Readonly<Record<string, string>> = {
  'honeypot.command': 'command',
  'honeypot.session': 'src_ip',
  'http.request': 'url',
  'auth.attempt': 'username',
  'dns.query': 'query',
};
const FALLBACK_FIELD = 'message';

type Matcher = (event: EventView, sourceKind: string) => boolean;
type Raw = Record<string, unknown>;

const LEAF_OPERATORS = ['pattern', 'contains', 'equals', 'in_set', 'exists'] as const;
const TACTICS: ReadonlySet<string> = new Set(ATTACK_TACTICS);

function fieldOf(leaf: Raw, where: string): (sourceKind: string) => string {
  if (leaf['field'] === undefined) return (kind) => DEFAULT_FIELDS[kind] ?? FALLBACK_FIELD;
  if (typeof leaf['field'] !== 'string' || leaf['field'] === '')
    throw new RuleLoadError(`${where}: field must be a non-empty string`);
  const field = leaf['field'];
  return () => field;
}

function text(event: EventView, field: string): string | null {
  const value = event.get(field);
  return value === null || value === undefined || typeof value === 'object' ? null : String(value);
}

function compileLeaf(leaf: Raw, where: string): Matcher {
  const operators = LEAF_OPERATORS.filter((op) => leaf[op] !== undefined);
  if (operators.length !== 1)
    throw new RuleLoadError(`${where}: a match leaf needs exactly one of ${LEAF_OPERATORS.join(', ')}`);
  const op = operators[0]!;
  const field = fieldOf(leaf, where);
  const value = leaf[op];
  switch (op) {
    case 'pattern': {
      if (typeof value !== 'string') throw new RuleLoadError(`${where}: pattern must be a string`);
      let re: RE2JS;
      try {
        re = RE2JS.compile(value, leaf['case_sensitive'] === true ? 0 : RE2JS.CASE_INSENSITIVE);
      } catch (error) {
        throw new RuleLoadError(
          `${where}: pattern not supported by the linear-time engine: ${(error as Error).message}`,
        );
      }
      return (event, kind) => {
        const t = text(event, field(kind));
        return t !== null && re.matcher(t).find();
      };
    }
    case 'contains': {
      if (typeof value !== 'string') throw new RuleLoadError(`${where}: contains must be a string`);
      const needle = value.toLowerCase();
      return (event, kind) => event.lower(field(kind))?.includes(needle) ?? false;
    }
    case 'equals': {
      if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean')
        throw new RuleLoadError(`${where}: equals must be a scalar`);
      const expected = String(value).toLowerCase();
      return (event, kind) => event.lower(field(kind)) === expected;
    }
    case 'in_set': {
      if (!Array.isArray(value) || value.length === 0)
        throw new RuleLoadError(`${where}: in_set must be a non-empty list`);
      const set = new Set(value.map((v) => String(v).toLowerCase()));
      return (event, kind) => {
        const t = event.lower(field(kind));
        return t !== null && set.has(t);
      };
    }
    case 'exists': {
      if (typeof value !== 'boolean') throw new RuleLoadError(`${where}: exists must be true or false`);
      return (event, kind) => (event.get(field(kind)) !== undefined) === value;
    }
  }
}

function compileMatch(node: unknown, where: string): Matcher {
  if (!node || typeof node !== 'object' || Array.isArray(node))
    throw new RuleLoadError(`${where}: must be a mapping`);
  const raw = node as Raw;
  for (const combinator of ['all', 'any'] as const) {
    if (raw[combinator] === undefined) continue;
    const items = raw[combinator];
    if (!Array.isArray(items) || items.length === 0)
      throw new RuleLoadError(`${where}.${combinator}: must be a non-empty list`);
    const matchers = items.map((item, i) => compileMatch(item, `${where}.${combinator}[${i}]`));
    return combinator === 'all'
      ? (e, k) => matchers.every((m) => m(e, k))
      : (e, k) => matchers.some((m) => m(e, k));
  }
  if (raw['not'] !== undefined) {
    const inner = compileMatch(raw['not'], `${where}.not`);
    return (e, k) => !inner(e, k);
  }
  return compileLeaf(raw, where);
}

function compileEmit(raw: unknown, where: string): NativeEmit {
  if (!raw || typeof raw !== 'object') throw new RuleLoadError(`${where}: must be a mapping`);
  const e = raw as Raw;
  const tactic = typeof e['tactic'] === 'string' ? e['tactic'].toLowerCase().replace(/_/g, '-') : undefined;
  if (!tactic) throw new RuleLoadError(`${where}: tactic is required`);
  if (!TACTICS.has(tactic))
    throw new RuleLoadError(`${where}: tactic '${tactic}' is not an ATT&CK Enterprise tactic`);
  const technique = e['technique_id'];
  if (technique === undefined || technique === null)
    throw new RuleLoadError(`${where}: technique_id is required`);
  if (typeof technique !== 'string' || !/^T\d{4}$/.test(technique)) {
    throw new RuleLoadError(`${where}: technique_id '${String(technique)}' must look like T1059`);
  }
  const subRaw = e['sub_technique_id'];
  let sub: string | null = null;
  if (subRaw !== undefined && subRaw !== null) {
    const m = String(subRaw).match(/^(?:T\d{4}\.)?(\d{3})$/);
    if (!m)
      throw new RuleLoadError(
        `${where}: sub_technique_id '${String(subRaw)}' must look like 001 or T1059.001`,
      );
    sub = m[1]!;
  }
  const confidence = e['confidence'];
  if (confidence === undefined) throw new RuleLoadError(`${where}: confidence is required`);
  if (typeof confidence !== 'number' || confidence < 0 || confidence > 1)
    throw new RuleLoadError(`${where}: confidence must be a number from 0 to 1`);
  return {
    tactic: tactic as AttackTactic,
    technique_id: technique,
    sub_technique_id: sub,
    technique: sub ? `${technique}.${sub}` : technique,
    confidence,
  };
}

const KNOWN_KEYS = new Set([
  'rule_id',
  'rule_version',
  'name',
  'description',
  'applies_to',
  'match',
  'emits',
  'evidence_fields',
  'level',
]);

export function compileNativeRule(doc: unknown): NativeRule {
  if (!doc || typeof doc !== 'object' || Array.isArray(doc))
    throw new RuleLoadError('a native rule must be a YAML mapping');
  const r = doc as Raw;
  const id = r['rule_id'];
  if (typeof id !== 'string' || id === '') throw new RuleLoadError('rule_id is required');
  const version = r['rule_version'] ?? 1;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0)
    throw new RuleLoadError('rule_version must be a non-negative integer');
  const name = r['name'];
  if (typeof name !== 'string' || name === '') throw new RuleLoadError('name is required');
  const appliesTo = r['applies_to'];
  if (!Array.isArray(appliesTo) || appliesTo.length === 0 || !appliesTo.every((a) => typeof a === 'string')) {
    throw new RuleLoadError('applies_to must be a non-empty list of source kinds');
  }
  const level = r['level'] ?? 'medium';
  if (typeof level !== 'string' || !(SEVERITY_LEVELS as readonly string[]).includes(level))
    throw new RuleLoadError(`level '${String(level)}' is not a severity level`);
  if (r['match'] === undefined) throw new RuleLoadError('match is required');
  const matcher = compileMatch(r['match'], 'match');
  const emitsRaw = r['emits'];
  if (!Array.isArray(emitsRaw) || emitsRaw.length === 0)
    throw new RuleLoadError('emits must list at least one tactic and technique');
  const emits = emitsRaw.map((e, i) => compileEmit(e, `emits[${i}]`));
  const evidence = r['evidence_fields'] ?? [];
  if (!Array.isArray(evidence) || !evidence.every((f) => typeof f === 'string'))
    throw new RuleLoadError('evidence_fields must be a list of field names');
  const kinds = new Set(appliesTo as string[]);
  return {
    kind: 'native',
    id,
    version,
    title: name,
    description: typeof r['description'] === 'string' ? r['description'] : '',
    level,
    appliesTo: [...kinds],
    emits,
    evidenceFields: evidence as string[],
    tactics: [...new Set(emits.map((e) => e.tactic))],
    techniques: [...new Set(emits.map((e) => e.technique))],
    custom: Object.fromEntries(Object.entries(r).filter(([k]) => !KNOWN_KEYS.has(k))),
    matches: (event, sourceKind) => kinds.has(sourceKind) && matcher(event, sourceKind),
  };
}
