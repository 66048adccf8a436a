/**
 * The rules loaded from a set of files, changed a file or a batch of files at a time. Immutable: `withFile`,
 * `withoutFile` and `withFiles` return a new catalog, so a reader holding the old one never sees a half-applied
 * change — swapping the reference is the atomic step. A rule id defined by two files is a load
 * error of the later file (by name); the earlier definition stays.
 */
import { CorrelationPlan } from './correlation/correlation-plan';
import type { CorrelationRule } from './correlation/correlation-rule';
import {
  DEFAULT_COMPILE_OPTIONS,
  loadRuleText,
  type LoadError,
  type LoadOptions,
  type Rule,
} from './load-rules';
import { applyFilters, type SigmaFilter } from './sigma/sigma-filter';
import type { SigmaRule } from './sigma/sigma-rule';

interface FileEntry {
  readonly rules: readonly Rule[];
  readonly correlations: readonly CorrelationRule[];
  readonly filters: readonly SigmaFilter[];
  readonly errors: readonly LoadError[];
}

export class RuleCatalog {
  private constructor(
    private readonly files: ReadonlyMap<string, FileEntry>,
    private readonly options: LoadOptions,
  ) {}

  static empty(options: LoadOptions = DEFAULT_COMPILE_OPTIONS): RuleCatalog {
    return new RuleCatalog(new Map(), options);
  }

  withFile(name: string, text: string): RuleCatalog {
    return this.withFiles([[name, text]]);
  }

  withoutFile(name: string): RuleCatalog {
    return this.files.has(name) ? this.withFiles([[name, null]]) : this;
  }

  /** Several files changed at once (text null: removed) — one copy of the table, not one per file. */
  withFiles(changes: Iterable<readonly [string, string | null]>): RuleCatalog {
    const files = new Map(this.files);
    for (const [name, text] of changes) {
      if (text === null) files.delete(name);
      else files.set(name, loadRuleText(name, text, this.options));
    }
    return new RuleCatalog(files, this.options);
  }

  fileNames(): string[] {
    return [...this.files.keys()].sort();
  }

  /** Rules in file-name order, duplicates removed (and reported by `errors`). */
  rules(): Rule[] {
    return this.resolve().rules;
  }

  errors(): LoadError[] {
    return this.resolve().errors;
  }

  /** The correlations that resolved, and what they need of the other rules. */
  correlationPlan(): CorrelationPlan {
    return this.resolve().plan;
  }

  /** The file each rule id was loaded from. */
  sourceOf(ruleId: string): string | undefined {
    return this.resolve().sources.get(ruleId);
  }

  private resolved: {
    rules: Rule[];
    plan: CorrelationPlan;
    errors: LoadError[];
    sources: Map<string, string>;
  } | null = null;

  private resolve() {
    if (this.resolved) return this.resolved;
    const loaded: Rule[] = [];
    const correlations: CorrelationRule[] = [];
    const filters: SigmaFilter[] = [];
    const errors: LoadError[] = [];
    const sources = new Map<string, string>();
    for (const name of this.fileNames()) {
      const entry = this.files.get(name)!;
      errors.push(...entry.errors);
      for (const rule of [...entry.rules, ...entry.correlations, ...entry.filters]) {
        const first = sources.get(rule.id);
        if (first !== undefined) {
          errors.push({ source: name, id: rule.id, reason: `rule id already defined in ${first}` });
          continue;
        }
        sources.set(rule.id, name);
        if (rule.kind === 'correlation') correlations.push(rule);
        else if (rule.kind === 'filter') filters.push(rule);
        else loaded.push(rule);
      }
    }
    // Filters narrow the Sigma rules they name, wherever either was loaded from.
    const filtered = applyFilters(
      loaded.filter((r): r is SigmaRule => r.kind === 'sigma'),
      filters,
    );
    for (const { filter, reason } of filtered.problems)
      errors.push({ source: sources.get(filter.id) ?? '', id: filter.id, reason: `filter ${reason}` });
    const narrowed = new Map(filtered.rules.map((r) => [r.id, r]));
    const rules = loaded.map((r) => narrowed.get(r.id) ?? r);
    const resolved = CorrelationPlan.resolve(rules, correlations, (id) => sources.get(id) ?? '');
    errors.push(...resolved.errors);
    this.resolved = { rules, plan: resolved.plan, errors, sources };
    return this.resolved;
  }
}
