/**
 * The YAML documents of a rule file. Pure. Parsed with js-yaml's core schema (YAML 1.2: no
 * timestamps, no custom tags; duplicate keys refused), about ten times faster than the `yaml`
 * package on SigmaHQ's rules and giving identical documents for every one of them; a file
 * js-yaml refuses is parsed again with `yaml`, whose per-document errors let the file's good
 * documents load and name what is wrong with the bad one. Invariant: no document is returned
 * whose aliases expand past MAX_EXPANDED_NODES (a "billion laughs" file is refused, not walked).
 */
// Type-only imports: the parsers themselves are required on first use, so a CLI run whose rule
// files are all in its start-up cache never loads them (~45 ms of a one-core start).
import type * as JsYaml from 'js-yaml';
import type * as Yaml from 'yaml';

let jsYaml: typeof JsYaml | null = null;
let yaml: typeof Yaml | null = null;
// eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy, see above
const loadJsYaml = () => (jsYaml ??= require('js-yaml') as typeof JsYaml);
// eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy, see above
const loadYaml = () => (yaml ??= require('yaml') as typeof Yaml);

/**
 * Names what parseRuleDocuments returns for a text: bump it when that changes (another parser,
 * schema or bound), so caches of its results (the CLI's start-up cache) are not reused.
 */
export const RULE_DOCUMENTS_FORMAT = 1;

/** Far above any real rule (SigmaHQ's largest has a few thousand nodes). */
export const MAX_EXPANDED_NODES = 100_000;

export interface RuleDocuments {
  readonly documents: unknown[];
  /** One reason per document that could not be read. */
  readonly errors: string[];
}

export function parseRuleDocuments(text: string): RuleDocuments {
  const documents: unknown[] = [];
  try {
    const { loadAll, CORE_SCHEMA } = loadJsYaml();
    loadAll(text, (doc) => documents.push(doc), { schema: CORE_SCHEMA });
  } catch {
    return exactParse(text);
  }
  return bounded(documents.filter((d) => d !== null && d !== undefined));
}

function exactParse(text: string): RuleDocuments {
  const documents: unknown[] = [];
  const errors: string[] = [];
  for (const document of loadYaml().parseAllDocuments(text, { uniqueKeys: true }) as unknown as {
    errors: { message: string }[];
    toJS(o: object): unknown;
  }[]) {
    if (document.errors.length > 0) {
      errors.push(`not YAML: ${document.errors[0]!.message.split('\n')[0]}`);
      continue;
    }
    try {
      const doc = document.toJS({ maxAliasCount: 100 });
      if (doc !== null && doc !== undefined) documents.push(doc);
    } catch (error) {
      errors.push(`not YAML: ${(error as Error).message.split('\n')[0]}`);
    }
  }
  return { documents, errors: [...errors, ...bounded(documents).errors] };
}

function bounded(documents: unknown[]): RuleDocuments {
  const kept: unknown[] = [];
  const errors: string[] = [];
  for (const doc of documents)
    if (expandedNodes(doc, MAX_EXPANDED_NODES) > MAX_EXPANDED_NODES)
      errors.push(`not YAML: aliases expand to more than ${MAX_EXPANDED_NODES.toLocaleString('en')} nodes`);
    else kept.push(doc);
  return { documents: kept, errors };
}

/** Nodes of `value` with every alias expanded, counted up to just past `budget`. */
function expandedNodes(value: unknown, budget: number): number {
  let count = 0;
  const stack = [value];
  while (stack.length > 0 && count <= budget) {
    const node = stack.pop();
    count += 1;
    if (Array.isArray(node)) for (const item of node) stack.push(item);
    else if (node !== null && typeof node === 'object')
      for (const item of Object.values(node)) stack.push(item);
  }
  return count;
}
