/**
 * The CLI's start-up cache of parsed rule YAML: reading 1,164 SigmaHQ rules costs ~0.2 s of
 * YAML parsing on one core, a cached run ~15 ms of JSON. Entries are keyed by the SHA-1 of the
 * file's text, so an edited file is parsed again; the file names its own format and the
 * parser's (RULE_DOCUMENTS_FORMAT), so a cache another parser wrote is ignored. Invariants: a cached entry is the exact
 * result of `parseRuleDocuments` on that text — only results that JSON carries unchanged are
 * stored (no NaN or ±Infinity), and each read returns fresh objects; any problem reading or
 * writing the cache only costs the parse (a read-only home, a corrupt file).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseRuleDocuments, RULE_DOCUMENTS_FORMAT, type RuleDocuments } from '@riskline/detection';

const FORMAT = 1;

interface CacheFile {
  readonly format: number;
  readonly parser: number;
  /** Text hash → the parse result as JSON text. */
  readonly entries: Record<string, string>;
}

/** Where the cache lives, or null when disabled (RISKLINE_RULE_CACHE=0). */
export function ruleCachePath(env: NodeJS.ProcessEnv): string | null {
  if (env['RISKLINE_RULE_CACHE'] === '0') return null;
  const base = env['XDG_CACHE_HOME'] || join(homedir(), '.cache');
  return join(base, 'riskline', 'rule-documents.json');
}

/** Whether JSON gives `value` back unchanged (JSON turns NaN and ±Infinity into null). */
function jsonSafe(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(jsonSafe);
  if (value !== null && typeof value === 'object') return Object.values(value).every(jsonSafe);
  return typeof value === 'string' || typeof value === 'boolean' || value === null;
}

export class RuleDocumentCache {
  private readonly used = new Map<string, string>();
  private changed = false;

  private constructor(
    private readonly path: string | null,
    private readonly stored: Readonly<Record<string, string>>,
  ) {}

  /** The cache at `path` (null: a cache that remembers nothing). */
  static open(path: string | null): RuleDocumentCache {
    let stored: Record<string, string> = {};
    if (path) {
      try {
        const file = JSON.parse(readFileSync(path, 'utf8')) as CacheFile;
        if (
          file.format === FORMAT &&
          file.parser === RULE_DOCUMENTS_FORMAT &&
          file.entries &&
          typeof file.entries === 'object'
        )
          stored = file.entries;
      } catch {
        // Missing or unreadable: every file is parsed, and the cache is written afresh.
      }
    }
    return new RuleDocumentCache(path, stored);
  }

  /** parseRuleDocuments(text), from the cache when it holds this exact text. */
  readonly parse = (text: string): RuleDocuments => {
    const key = createHash('sha1').update(text).digest('base64url');
    const cached = this.used.get(key) ?? this.stored[key];
    if (typeof cached === 'string') {
      try {
        const documents = JSON.parse(cached) as RuleDocuments;
        this.used.set(key, cached);
        return documents;
      } catch {
        // A corrupt entry: parsed again below.
      }
    }
    const parsed = parseRuleDocuments(text);
    if (jsonSafe(parsed)) {
      this.used.set(key, JSON.stringify(parsed));
      this.changed = true;
    }
    return parsed;
  };

  /**
   * Writes the entries this run used (so the file holds one rule set's worth, not every
   * version of every file ever read), atomically; a failure is ignored.
   */
  save(): void {
    const dropped = Object.keys(this.stored).some((key) => !this.used.has(key));
    if (!this.path || (!this.changed && !dropped)) return;
    const file: CacheFile = {
      format: FORMAT,
      parser: RULE_DOCUMENTS_FORMAT,
      entries: Object.fromEntries(this.used),
    };
    try {
      mkdirSync(dirname(this.path), { recursive: true });
      const temporary = `${this.path}.${process.pid}.tmp`;
      writeFileSync(temporary, JSON.stringify(file));
      renameSync(temporary, this.path);
    } catch {
      // A read-only or full disk costs the next run its parse, nothing else.
    }
  }
}
