/**
 * Sigma rule files → compiled rules, one file at a time. Invariant: a file that fails to parse,
 * or a rule that fails to compile, is reported (source, id when known, reason) and skipped —
 * it never prevents the other rules from loading.
 */
import { parseAllDocuments } from 'yaml';
import type { CompileOptions } from './field-predicate';
import { RuleLoadError } from './rule-error';
import { compileSigmaRule, type SigmaRule } from './sigma-rule';

export interface LoadError {
  readonly source: string;
  readonly id: string | null;
  readonly reason: string;
}

export interface SigmaLoad {
  readonly rules: SigmaRule[];
  readonly errors: LoadError[];
}

export const DEFAULT_COMPILE_OPTIONS: CompileOptions = { placeholders: new Map() };

export function loadSigmaText(
  source: string,
  text: string,
  options: CompileOptions = DEFAULT_COMPILE_OPTIONS,
): SigmaLoad {
  const rules: SigmaRule[] = [];
  const errors: LoadError[] = [];
  let documents;
  try {
    documents = parseAllDocuments(text, { uniqueKeys: true });
  } catch (error) {
    return { rules, errors: [{ source, id: null, reason: `not YAML: ${(error as Error).message}` }] };
  }
  const list = Array.isArray(documents) ? documents : [documents];
  for (const document of list) {
    if (document.errors.length > 0) {
      errors.push({ source, id: null, reason: `not YAML: ${document.errors[0]!.message.split('\n')[0]}` });
      continue;
    }
    const doc: unknown = document.toJS({ maxAliasCount: 100 });
    if (doc === null || doc === undefined) continue;
    const id = typeof (doc as { id?: unknown }).id === 'string' ? (doc as { id: string }).id : null;
    try {
      rules.push(compileSigmaRule(doc, options));
    } catch (error) {
      if (!(error instanceof RuleLoadError)) throw error;
      errors.push({ source, id, reason: error.message });
    }
  }
  return { rules, errors };
}
