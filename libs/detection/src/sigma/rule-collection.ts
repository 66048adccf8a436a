/**
 * Sigma 1.x rule collections: the YAML documents of one file, where `action: global` sets
 * attributes merged into every following document, `action: reset` clears them, and
 * `action: repeat` repeats the previous rule with this document's attributes merged over it.
 * Merging is deep for mappings (a document's `detection` adds selections to the global one's),
 * the document's own value winning; lists and scalars are replaced whole. Invariant: a file with
 * no `action` comes out unchanged, one document per rule; a misplaced action is a RuleLoadError
 * of that document only.
 */
import { RuleLoadError } from './rule-error';

type Mapping = Record<string, unknown>;

function isMapping(value: unknown): value is Mapping {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function deepMerge(base: Mapping, over: Mapping): Mapping {
  const out: Mapping = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const current = out[key];
    out[key] = isMapping(current) && isMapping(value) ? deepMerge(current, value) : value;
  }
  return out;
}

export type CollectedDocument =
  { readonly doc: unknown } | { readonly error: RuleLoadError; readonly doc: unknown };

/** The rule documents of a file, collection actions applied, in order. */
export function expandCollection(docs: readonly unknown[]): CollectedDocument[] {
  let global: Mapping | null = null;
  let previous: Mapping | null = null;
  const out: CollectedDocument[] = [];
  for (const doc of docs) {
    if (!isMapping(doc) || !('action' in doc)) {
      const merged = global && isMapping(doc) ? deepMerge(global, doc) : doc;
      previous = isMapping(merged) ? merged : null;
      out.push({ doc: merged });
      continue;
    }
    const { action, ...rest } = doc;
    if (action === 'global') global = global ? deepMerge(global, rest) : rest;
    else if (action === 'reset') global = null;
    else if (action === 'repeat') {
      if (!previous) {
        out.push({ doc, error: new RuleLoadError('action: repeat has no rule before it to repeat') });
        continue;
      }
      previous = deepMerge(previous, rest);
      out.push({ doc: previous });
    } else
      out.push({
        doc,
        error: new RuleLoadError(`action '${String(action)}' is not one of global, reset, repeat`),
      });
  }
  return out;
}
