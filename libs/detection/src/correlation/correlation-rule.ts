/**
 * Sigma correlation rules (specification v2, metric types of v2.1): a correlation names the
 * rules it correlates (by id or `name`), the fields that group their firings (`group-by`, with
 * per-rule `aliases`), a `timespan`, and a condition on what the window holds. Compilation
 * validates everything a correlation needs, so evaluation never meets a malformed one; what
 * the references point at is resolved later, against the whole catalog (correlation-plan.ts).
 */
import { parseDuration } from '@riskline/contracts/core';
import { attackFromTags, type AttackTagging } from '../attack-tags';
import { RuleLoadError } from '../sigma/rule-error';
import { customAttributes, ruleLevel } from '../sigma/rule-metadata';

export const CORRELATION_TYPES = [
  'event_count',
  'value_count',
  'temporal',
  'temporal_ordered',
  'value_sum',
  'value_avg',
  'value_percentile',
] as const;
export type CorrelationType = (typeof CORRELATION_TYPES)[number];

export const CONDITION_OPERATORS = ['gt', 'gte', 'lt', 'lte', 'eq', 'neq'] as const;
export type ConditionOperator = (typeof CONDITION_OPERATORS)[number];

/** The types whose condition reads a `field` of the correlated events. */
const FIELD_TYPES: ReadonlySet<CorrelationType> = new Set([
  'value_count',
  'value_sum',
  'value_avg',
  'value_percentile',
]);
const TEMPORAL_TYPES: ReadonlySet<CorrelationType> = new Set(['temporal', 'temporal_ordered']);

export interface CorrelationCondition {
  /** All must hold (a range is `gt` and `lte` together). */
  readonly predicates: readonly (readonly [ConditionOperator, number])[];
  /** The field the metric reads (value_* types). */
  readonly field: string | null;
}

export interface CorrelationRule extends AttackTagging {
  readonly kind: 'correlation';
  readonly id: string;
  /** The name other correlations may refer to it by. */
  readonly name: string | null;
  readonly title: string;
  readonly status: string | null;
  readonly level: string;
  readonly tags: readonly string[];
  readonly falsepositives: readonly string[];
  readonly custom: Readonly<Record<string, unknown>>;
  readonly type: CorrelationType;
  /** References as written: rule ids or names, in order (temporal_ordered's order). */
  readonly rules: readonly string[];
  readonly groupBy: readonly string[];
  readonly timespanMs: number;
  readonly condition: CorrelationCondition;
  /** alias → (rule name or id → the field of that rule's events). */
  readonly aliases: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** Whether the correlated rules' own firings are emitted too (the specification's default: no). */
  readonly generate: boolean;
}

/** A correlation rule's own keys, beside the shared metadata. */
const CORRELATION_RULE_KEYS = ['correlation', 'generate'];
const CORRELATION_KEYS = new Set([
  'type',
  'rules',
  'group-by',
  'timespan',
  'condition',
  'aliases',
  'generate',
]);
const MAX_REFERENCES = 64;

const isMapping = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function strings(value: unknown, what: string, { min = 0 } = {}): string[] {
  if (value === undefined || value === null) {
    if (min > 0) throw new RuleLoadError(`${what} is required`);
    return [];
  }
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || !list.every((v) => typeof v === 'string' && v.length > 0))
    throw new RuleLoadError(`${what} must be a list of non-empty strings`);
  if (list.length < min) throw new RuleLoadError(`${what} needs at least ${min}`);
  return list as string[];
}

function condition(type: CorrelationType, raw: unknown, references: number): CorrelationCondition {
  if (raw === undefined || raw === null) {
    // Temporal types: every correlated rule must have fired.
    if (TEMPORAL_TYPES.has(type)) return { predicates: [['gte', references]], field: null };
    throw new RuleLoadError(`correlation.condition is required for ${type}`);
  }
  if (!isMapping(raw)) throw new RuleLoadError('correlation.condition must be a mapping such as {gte: 10}');
  const predicates: [ConditionOperator, number][] = [];
  let field: string | null = null;
  for (const [key, value] of Object.entries(raw)) {
    if (key === 'field') {
      const fields = strings(value, 'correlation.condition.field', { min: 1 });
      if (fields.length !== 1) throw new RuleLoadError('correlation.condition.field must name one field');
      field = fields[0]!;
      continue;
    }
    if (!(CONDITION_OPERATORS as readonly string[]).includes(key))
      throw new RuleLoadError(
        `correlation.condition.${key}: not one of ${[...CONDITION_OPERATORS, 'field'].join(', ')}`,
      );
    if (typeof value !== 'number' || !Number.isFinite(value))
      throw new RuleLoadError(`correlation.condition.${key} must be a number`);
    predicates.push([key as ConditionOperator, value]);
  }
  if (predicates.length === 0)
    throw new RuleLoadError('correlation.condition has no comparison (gt, gte, lt, lte, eq, neq)');
  if (FIELD_TYPES.has(type) && field === null)
    throw new RuleLoadError(`correlation.condition.field is required for ${type}`);
  if (!FIELD_TYPES.has(type) && field !== null)
    throw new RuleLoadError(`correlation.condition.field does not apply to ${type}`);
  return { predicates, field };
}

function aliases(raw: unknown): Record<string, Record<string, string>> {
  if (raw === undefined || raw === null) return {};
  if (!isMapping(raw)) throw new RuleLoadError('correlation.aliases must map alias names to {rule: field}');
  const out: Record<string, Record<string, string>> = {};
  for (const [alias, perRule] of Object.entries(raw)) {
    if (!isMapping(perRule) || !Object.values(perRule).every((f) => typeof f === 'string' && f.length > 0))
      throw new RuleLoadError(`correlation.aliases.${alias} must map rule names to field names`);
    out[alias] = perRule as Record<string, string>;
  }
  return out;
}

export function isCorrelationDocument(doc: unknown): boolean {
  return isMapping(doc) && 'correlation' in doc;
}

export function compileCorrelationRule(doc: unknown): CorrelationRule {
  if (!isMapping(doc)) throw new RuleLoadError('a correlation rule must be a YAML mapping');
  const { id, title, name } = doc;
  if (typeof id !== 'string' || id.length === 0) throw new RuleLoadError('correlation rule has no id');
  if (typeof title !== 'string' || title.length === 0)
    throw new RuleLoadError('correlation rule has no title');
  if (name !== undefined && (typeof name !== 'string' || name.length === 0))
    throw new RuleLoadError('name must be a non-empty string');
  const level = ruleLevel(doc);
  const body = doc['correlation'];
  if (!isMapping(body)) throw new RuleLoadError('correlation must be a mapping');
  for (const key of Object.keys(body))
    if (!CORRELATION_KEYS.has(key)) throw new RuleLoadError(`correlation.${key}: unknown key`);
  const type = body['type'];
  if (typeof type !== 'string' || !(CORRELATION_TYPES as readonly string[]).includes(type))
    throw new RuleLoadError(`correlation.type must be one of ${CORRELATION_TYPES.join(', ')}`);
  const rules = strings(body['rules'], 'correlation.rules', { min: 1 });
  if (rules.length > MAX_REFERENCES)
    throw new RuleLoadError(`correlation.rules lists more than ${MAX_REFERENCES}`);
  if (new Set(rules).size !== rules.length) throw new RuleLoadError('correlation.rules lists a rule twice');
  if (TEMPORAL_TYPES.has(type as CorrelationType) && rules.length < 2)
    throw new RuleLoadError(`${type} correlates at least two rules`);
  const groupBy = strings(body['group-by'], 'correlation.group-by');
  const timespan = body['timespan'];
  const timespanMs = parseDuration(timespan);
  if (timespanMs === null || timespanMs <= 0)
    throw new RuleLoadError(
      `correlation.timespan '${String(timespan)}' is not a duration like 30s, 5m, 1h or 1d`,
    );
  const generate = doc['generate'] ?? body['generate'] ?? false;
  if (typeof generate !== 'boolean') throw new RuleLoadError('generate must be true or false');
  const tags = strings(doc['tags'], 'tags');
  return {
    kind: 'correlation',
    id,
    name: typeof name === 'string' ? name : null,
    title,
    status: typeof doc['status'] === 'string' ? doc['status'] : null,
    level,
    tags,
    falsepositives: strings(doc['falsepositives'], 'falsepositives'),
    custom: customAttributes(doc, CORRELATION_RULE_KEYS),
    type: type as CorrelationType,
    rules,
    groupBy,
    timespanMs,
    condition: condition(type as CorrelationType, body['condition'], rules.length),
    aliases: aliases(body['aliases']),
    generate,
    ...attackFromTags(tags),
  };
}
