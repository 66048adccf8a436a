/**
 * The tagger's live rule set: the rule files under RULES_DIRS, re-read when they change
 * (polled; a file's mtime or size moving is a change), each change applied to an immutable
 * RuleCatalog and a new DetectionEngine swapped in by one assignment — evaluation always sees
 * a whole rule set, never a half-loaded one. A broken file is reported and its rules are
 * absent; every other rule keeps working.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, isAbsolute, join, relative, resolve } from 'node:path';
import {
  DetectionEngine,
  loadMapping,
  DEFAULT_MAPPING_YAML,
  RuleCatalog,
  type LoadError,
  type LogSourceMapping,
} from '@riskline/detection';
import type { MetricRegistry } from '@riskline/service-host';
import type { LogSink } from '@riskline/stream-runtime';

const RULE_FILE = /\.ya?ml$/i;

export interface RegistryOptions {
  readonly paths: readonly string[];
  readonly mapping: LogSourceMapping;
  readonly sourceKindField: string;
  /** Values for `expand` placeholders (SIGMA_PLACEHOLDERS). */
  readonly placeholders?: ReadonlyMap<string, readonly string[]>;
  readonly log: LogSink;
  /** Where the rule counts by status go (`riskline_rules`); none in tests that need none. */
  readonly metrics?: MetricRegistry;
}

export function loadMappingFiles(paths: readonly string[] | undefined): {
  mapping: LogSourceMapping;
  errors: readonly string[];
} {
  const texts = paths?.length
    ? paths.map((p) => ({ name: p, text: readFileSync(p, 'utf8') }))
    : [{ name: 'default', text: DEFAULT_MAPPING_YAML }];
  return loadMapping(texts);
}

export class RuleRegistry {
  private catalog: RuleCatalog;
  private stamps = new Map<string, string>();
  private current: DetectionEngine;
  private timer: NodeJS.Timeout | null = null;
  /** Increments on every swap; lets tests and the API see that a change is live. */
  generation = 0;

  constructor(private readonly options: RegistryOptions) {
    this.catalog = RuleCatalog.empty({ placeholders: options.placeholders ?? new Map() });
    this.current = new DetectionEngine([], options.mapping, { sourceKindField: options.sourceKindField });
  }

  get engine(): DetectionEngine {
    return this.current;
  }

  get rules() {
    return this.catalog.rules();
  }

  get errors(): LoadError[] {
    return this.catalog.errors();
  }

  sourceOf(ruleId: string): string | undefined {
    const source = this.catalog.sourceOf(ruleId);
    return source === undefined ? undefined : this.displayPath(source);
  }

  /** A rule file as the API shows it: relative to the RULES_DIRS entry holding it (no host layout). */
  displayPath(source: string): string {
    for (const root of this.options.paths) {
      const rel = relative(resolve(root), resolve(source));
      if (rel === '') return basename(source);
      if (!rel.startsWith('..') && !isAbsolute(rel)) return rel;
    }
    return basename(source);
  }

  start(intervalMs: number): void {
    this.refresh();
    this.timer = setInterval(() => this.refresh(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  private listFiles(): Map<string, string> {
    const files = new Map<string, string>();
    for (const path of this.options.paths) {
      const root = resolve(path);
      let stat;
      try {
        stat = statSync(root);
      } catch {
        continue;
      }
      const names = stat.isDirectory()
        ? readdirSync(root, { recursive: true, encoding: 'utf8' })
            // Hidden paths are skipped: a Kubernetes ConfigMap volume holds each file three times
            // (name → ..data/name → ..<timestamp>/name) and swaps ..data atomically on change.
            .filter((f) => RULE_FILE.test(f) && !f.split('/').some((part) => part.startsWith('.')))
            .map((f) => join(root, f))
        : [root];
      for (const name of names) {
        try {
          const s = statSync(name);
          if (s.isFile()) files.set(name, `${s.mtimeMs}:${s.size}`);
        } catch {
          // vanished between listing and stat: treated as deleted
        }
      }
    }
    return files;
  }

  /** Applies every added, changed or deleted file; swaps the engine once if anything changed. */
  refresh(): boolean {
    const files = this.listFiles();
    const changes: [string, string | null][] = [];
    for (const [name, stamp] of files) {
      if (this.stamps.get(name) === stamp) continue;
      try {
        changes.push([name, readFileSync(name, 'utf8')]);
      } catch {
        continue;
      }
    }
    for (const name of this.stamps.keys()) if (!files.has(name)) changes.push([name, null]);
    const changed = changes.map(([name]) => name);
    if (changed.length === 0) return false;
    const catalog = this.catalog.withFiles(changes);
    this.stamps = files;
    this.catalog = catalog;
    this.current = new DetectionEngine(catalog.rules(), this.options.mapping, {
      correlations: catalog.correlationPlan(),
      sourceKindField: this.options.sourceKindField,
    });
    this.generation++;
    const errors = catalog.errors().filter((e) => changed.includes(e.source));
    const unmapped = this.current.unmapped;
    const counts = {
      loaded: this.current.loadedRuleCount,
      unmapped: unmapped.length,
      failed: catalog.errors().length,
    };
    this.options.log.info('rules reloaded', {
      files: changed.length,
      rules: counts.loaded,
      unmapped: counts.unmapped,
      errors: counts.failed,
      generation: this.generation,
    });
    for (const [status, n] of Object.entries(counts))
      this.options.metrics?.set(
        'riskline_rules',
        'Rules by load status (unmapped: no log source mapping covers them)',
        { status },
        n,
      );
    for (const error of errors)
      this.options.log.warn('rule not loaded', { source: error.source, id: error.id, reason: error.reason });
    for (const rule of unmapped.filter((r) => changed.includes(catalog.sourceOf(r.id) ?? '')))
      this.options.log.warn('rule unmapped', {
        source: catalog.sourceOf(rule.id),
        id: rule.id,
        logsource: rule.logsource,
        reason: 'no loaded log source mapping covers it; it fires only on events declaring that logsource',
      });
    return true;
  }
}
