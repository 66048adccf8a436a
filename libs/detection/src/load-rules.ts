/**
 * Rule files → compiled rules, one file at a time, Sigma collection actions (`action: global`,
 * `reset`, `repeat`) applied first. A document is a Sigma correlation rule when it has
 * `correlation`, a Sigma filter when it has `filter` or `global_filter`, a native TTP rule when
 * it has `rule_id` and `emits`, else a Sigma rule. Invariant: a file that fails to parse, or a rule
 * that fails to compile, is reported (source, id when known, reason) and skipped — it never
 * prevents the other rules from loading.
 */
import {
  compileCorrelationRule,
  isCorrelationDocument,
  type CorrelationRule,
} from './correlation/correlation-rule';
import { compileNativeRule, type NativeRule } from './native/native-rule';
import type { CompileOptions } from './sigma/field-predicate';
import { parseRuleDocuments, type RuleDocuments } from './rule-yaml';
import { RuleLoadError } from './sigma/rule-error';
import { expandCollection } from './sigma/rule-collection';
import { compileSigmaFilter, isFilterDocument, type SigmaFilter } from './sigma/sigma-filter';
import { compileSigmaRule, type SigmaRule } from './sigma/sigma-rule';

export type Rule = SigmaRule | NativeRule;

export interface LoadError {
  readonly source: string;
  readonly id: string | null;
  readonly reason: string;
}

export interface RuleLoad {
  readonly rules: Rule[];
  /** Resolved against the whole catalog later (CorrelationPlan). */
  readonly correlations: CorrelationRule[];
  /** Applied to the rules they name across the whole catalog (sigma-filter.ts). */
  readonly filters: SigmaFilter[];
  readonly errors: LoadError[];
}

/** How rule files load: how rules compile, and how a file's YAML documents are read. */
export interface LoadOptions extends CompileOptions {
  /** Defaults to parseRuleDocuments; the CLI passes its start-up cache (same documents). */
  readonly parseDocuments?: (text: string) => RuleDocuments;
}

export const DEFAULT_COMPILE_OPTIONS: LoadOptions = { placeholders: new Map() };

function idOf(doc: unknown): string | null {
  const d = doc as { id?: unknown; rule_id?: unknown };
  return typeof d.rule_id === 'string' ? d.rule_id : typeof d.id === 'string' ? d.id : null;
}

function isNative(doc: unknown): boolean {
  return typeof doc === 'object' && doc !== null && 'rule_id' in doc && 'emits' in doc;
}

export function loadRuleText(
  source: string,
  text: string,
  options: LoadOptions = DEFAULT_COMPILE_OPTIONS,
): RuleLoad {
  const rules: Rule[] = [];
  const correlations: CorrelationRule[] = [];
  const filters: SigmaFilter[] = [];
  const errors: LoadError[] = [];
  const { documents: docs, errors: unreadable } = (options.parseDocuments ?? parseRuleDocuments)(text);
  for (const reason of unreadable) errors.push({ source, id: null, reason });
  for (const collected of expandCollection(docs)) {
    const { doc } = collected;
    try {
      if ('error' in collected) throw collected.error;
      if (isCorrelationDocument(doc)) correlations.push(compileCorrelationRule(doc));
      else if (isFilterDocument(doc)) filters.push(compileSigmaFilter(doc, options));
      else rules.push(isNative(doc) ? compileNativeRule(doc) : compileSigmaRule(doc, options));
    } catch (error) {
      if (!(error instanceof RuleLoadError)) throw error;
      errors.push({ source, id: idOf(doc), reason: error.message });
    }
  }
  return { rules, correlations, filters, errors };
}
