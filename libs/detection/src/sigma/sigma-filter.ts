/**
 * Sigma filters (meta filters, pySigma's `filter`, the specification's `global_filter`): a
 * document that tunes rules without editing them — its detection is ANDed into the condition of
 * each rule it names (by id or `name`), or, naming none, of every rule its logsource covers;
 * filters are usually `condition: not selection`. A filter applies only to rules whose logsource
 * has every key the filter's has, with equal values. Invariant: a filter only ever narrows what
 * a rule fires on, so the rule's literal needs stay necessary and the prefilter stays exact.
 */
import type { CompileOptions } from './field-predicate';
import { RuleLoadError } from './rule-error';
import { compileDetection, logSourceOf, type LogSource, type SigmaRule } from './sigma-rule';
import type { EventPredicate } from './field-predicate';

export interface SigmaFilter {
  readonly kind: 'filter';
  readonly id: string;
  readonly title: string;
  readonly logsource: LogSource;
  /** Rule ids or names; empty: every rule the logsource covers. */
  readonly rules: readonly string[];
  readonly matches: EventPredicate;
}

const FILTER_KEYS = ['filter', 'global_filter'] as const;

export function isFilterDocument(doc: unknown): boolean {
  return typeof doc === 'object' && doc !== null && FILTER_KEYS.some((k) => k in doc);
}

export function compileSigmaFilter(doc: unknown, options: CompileOptions): SigmaFilter {
  const d = doc as Record<string, unknown>;
  const id = d['id'];
  const title = d['title'];
  if (typeof id !== 'string' || id.length === 0) throw new RuleLoadError('filter has no id');
  if (typeof title !== 'string' || title.length === 0) throw new RuleLoadError('filter has no title');
  const key = FILTER_KEYS.find((k) => k in d)!;
  const body = d[key];
  if (!body || typeof body !== 'object' || Array.isArray(body))
    throw new RuleLoadError(`${key} must be a mapping`);
  const { rules, ...detection } = body as Record<string, unknown>;
  const refs = rules === undefined ? [] : Array.isArray(rules) ? rules : [rules];
  if (!refs.every((r) => typeof r === 'string' && r.length > 0))
    throw new RuleLoadError(`${key}.rules must be a list of rule ids or names`);
  return {
    kind: 'filter',
    id,
    title,
    logsource: logSourceOf(d['logsource']),
    rules: refs as string[],
    matches: compileDetection(detection, options, key).test,
  };
}

function covers(filter: LogSource, rule: LogSource): boolean {
  return (['category', 'product', 'service'] as const).every(
    (k) => filter[k] === undefined || filter[k] === rule[k],
  );
}

export interface FilterProblem {
  readonly filter: SigmaFilter;
  readonly reason: string;
}

/** The rules with every filter that applies ANDed in; references that lead nowhere are problems. */
export function applyFilters(
  rules: readonly SigmaRule[],
  filters: readonly SigmaFilter[],
): { rules: SigmaRule[]; problems: FilterProblem[] } {
  const problems: FilterProblem[] = [];
  const byRef = new Map<string, SigmaRule>();
  for (const rule of rules) {
    byRef.set(rule.id, rule);
    if (rule.name !== null) byRef.set(rule.name, rule);
  }
  const applying = new Map<SigmaRule, SigmaFilter[]>();
  const add = (rule: SigmaRule, filter: SigmaFilter) =>
    applying.set(rule, [...(applying.get(rule) ?? []), filter]);
  for (const filter of filters) {
    if (filter.rules.length === 0) {
      for (const rule of rules) if (covers(filter.logsource, rule.logsource)) add(rule, filter);
      continue;
    }
    for (const ref of filter.rules) {
      const rule = byRef.get(ref);
      if (!rule) problems.push({ filter, reason: `names rule '${ref}', which is not loaded` });
      else if (!covers(filter.logsource, rule.logsource))
        problems.push({
          filter,
          reason: `does not apply to rule '${ref}': its logsource does not cover the rule's`,
        });
      else add(rule, filter);
    }
  }
  return {
    rules: rules.map((rule) => {
      const own = applying.get(rule);
      if (!own) return rule;
      const tests = own.map((f) => f.matches);
      const base = rule.matches;
      return {
        ...rule,
        matches: (event) => base(event) && tests.every((t) => t(event)),
        filteredBy: [...rule.filteredBy, ...own.map((f) => f.id)],
      };
    }),
    problems,
  };
}
