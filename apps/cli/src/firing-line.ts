/**
 * One line of `riskline eval`'s output: a firing as JSON. The rule's part is serialised once
 * per rule and the source's once per file — a run prints ~150k firings of ~1k rules — and the
 * text is exactly `JSON.stringify` of the FiringLine (same keys, same order, same escaping).
 */
import type { Rule } from '@riskline/detection';

export interface FiringLine {
  readonly source: string;
  /** 1-based line of the event in its file. */
  readonly line: number;
  /** 0-based index of the event within its file. */
  readonly event_index: number;
  readonly rule_id: string;
  readonly rule_title: string;
  readonly level: string;
  readonly tactics: readonly string[];
  readonly techniques: readonly string[];
}

export class FiringLineWriter {
  private readonly ruleParts = new WeakMap<Rule, string>();
  private source = '';
  private sourceJson = '""';

  /** The JSON text of the firing of `rule` on the event at `line` / `index` of `source`. */
  text(source: string, line: number, index: number, rule: Rule): string {
    if (source !== this.source) {
      this.source = source;
      this.sourceJson = JSON.stringify(source);
    }
    return `{"source":${this.sourceJson},"line":${line},"event_index":${index},${this.rulePart(rule)}`;
  }

  /** `"rule_id":…}` — the rule's fields and the closing brace. */
  private rulePart(rule: Rule): string {
    let part = this.ruleParts.get(rule);
    if (part === undefined) {
      const fields: Omit<FiringLine, 'source' | 'line' | 'event_index'> = {
        rule_id: rule.id,
        rule_title: rule.title,
        level: rule.level,
        tactics: rule.tactics,
        techniques: rule.techniques,
      };
      part = JSON.stringify(fields).slice(1);
      this.ruleParts.set(rule, part);
    }
    return part;
  }
}
