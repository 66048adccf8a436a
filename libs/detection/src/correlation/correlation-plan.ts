/**
 * What the loaded correlations need of every other rule: for each rule, the correlations that
 * consume its firings, with the fields (aliases resolved) that group them and the field the
 * metric reads. References resolve by rule id or `name` across the whole catalog; a
 * correlation with a reference that resolves to nothing, or that takes part in a cycle, is a
 * load error and is left out — and so, in turn, is any correlation that refers to it. Pure.
 */
import type { LoadError, Rule } from '../load-rules';
import type { CorrelationRule } from './correlation-rule';

export interface CorrelationUse {
  readonly correlation: CorrelationRule;
  /** The event fields that give the group key, in `group-by` order. */
  readonly groupFields: readonly string[];
  /** The field the condition reads (value_* types), aliases resolved. */
  readonly valueField: string | null;
  /** The referenced rule's place in `correlation.rules` (temporal_ordered's order). */
  readonly position: number;
}

export class CorrelationPlan {
  private constructor(
    private readonly byRule: ReadonlyMap<string, readonly CorrelationUse[]>,
    private readonly byId: ReadonlyMap<string, CorrelationRule>,
  ) {}

  static readonly EMPTY = new CorrelationPlan(new Map(), new Map());

  /**
   * Resolves `correlations` against `rules` (and each other). Returns the plan and the errors
   * of the correlations it left out.
   */
  static resolve(
    rules: readonly Rule[],
    correlations: readonly CorrelationRule[],
    sourceOf: (id: string) => string,
  ): { plan: CorrelationPlan; errors: LoadError[] } {
    const errors: LoadError[] = [];
    const refuse = (c: CorrelationRule, reason: string) =>
      errors.push({ source: sourceOf(c.id), id: c.id, reason });
    const names = new Map<string, string>();
    for (const r of [...rules, ...correlations]) {
      const name = r.kind === 'native' ? null : r.name;
      if (name !== null && !names.has(name)) names.set(name, r.id);
    }
    const baseIds = new Set(rules.map((r) => r.id));
    const idOf = (ref: string) =>
      baseIds.has(ref) || correlations.some((c) => c.id === ref) ? ref : names.get(ref);

    let live = new Map(correlations.map((c) => [c.id, c]));
    const resolved = new Map<string, string[]>();
    for (const c of correlations) {
      const ids = c.rules.map(idOf);
      const missing = c.rules.filter((_, i) => ids[i] === undefined);
      if (missing.length > 0) {
        refuse(c, `correlation.rules: no rule with id or name ${missing.map((m) => `'${m}'`).join(', ')}`);
        live.delete(c.id);
      } else if (ids.includes(c.id)) {
        refuse(c, 'correlation.rules: a correlation cannot correlate itself');
        live.delete(c.id);
      } else resolved.set(c.id, ids as string[]);
    }
    for (const id of cycleMembers(live, resolved)) {
      refuse(live.get(id)!, 'correlation.rules: the correlation takes part in a cycle of correlations');
      live.delete(id);
    }
    // A correlation built on one left out cannot fire either.
    for (let changed = true; changed;) {
      changed = false;
      for (const [id, c] of live) {
        const gone = resolved.get(id)!.filter((ref) => !baseIds.has(ref) && !live.has(ref));
        if (gone.length === 0) continue;
        refuse(c, `correlation.rules: '${gone[0]}' was not loaded`);
        live = new Map([...live].filter(([k]) => k !== id));
        changed = true;
      }
    }

    const nameOf = new Map<string, string>();
    for (const r of [...rules, ...live.values()]) if (r.kind !== 'native' && r.name) nameOf.set(r.id, r.name);
    const byRule = new Map<string, CorrelationUse[]>();
    for (const c of live.values()) {
      resolved.get(c.id)!.forEach((ruleId, position) => {
        const field = (f: string) => {
          const alias = c.aliases[f];
          return alias?.[nameOf.get(ruleId) ?? ''] ?? alias?.[ruleId] ?? f;
        };
        const use: CorrelationUse = {
          correlation: c,
          groupFields: c.groupBy.map(field),
          valueField: c.condition.field === null ? null : field(c.condition.field),
          position,
        };
        byRule.set(ruleId, [...(byRule.get(ruleId) ?? []), use]);
      });
    }
    return { plan: new CorrelationPlan(byRule, live), errors };
  }

  /** The correlations that consume `ruleId`'s firings. */
  usesOf(ruleId: string): readonly CorrelationUse[] {
    return this.byRule.get(ruleId) ?? [];
  }

  correlation(id: string): CorrelationRule | undefined {
    return this.byId.get(id);
  }

  correlations(): CorrelationRule[] {
    return [...this.byId.values()];
  }

  /**
   * Whether `ruleId`'s own firings are emitted as detections: yes unless correlations consume
   * it and none of them asks to `generate` it (the specification's default).
   */
  generates(ruleId: string): boolean {
    const uses = this.usesOf(ruleId);
    return uses.length === 0 || uses.some((u) => u.correlation.generate);
  }
}

/** The correlations on a cycle of correlation references (iterative DFS, colours). */
function cycleMembers(
  live: ReadonlyMap<string, CorrelationRule>,
  refs: ReadonlyMap<string, string[]>,
): string[] {
  const colour = new Map<string, 'grey' | 'black'>();
  const onCycle = new Set<string>();
  for (const start of live.keys()) {
    if (colour.has(start)) continue;
    const stack: { id: string; next: number }[] = [{ id: start, next: 0 }];
    colour.set(start, 'grey');
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const children = (refs.get(top.id) ?? []).filter((r) => live.has(r));
      if (top.next >= children.length) {
        colour.set(top.id, 'black');
        stack.pop();
        continue;
      }
      const child = children[top.next++]!;
      if (colour.get(child) === 'grey') {
        // Everything on the stack from the child up is on the cycle.
        const from = stack.findIndex((f) => f.id === child);
        for (const frame of stack.slice(from)) onCycle.add(frame.id);
      } else if (!colour.has(child)) {
        colour.set(child, 'grey');
        stack.push({ id: child, next: 0 });
      }
    }
  }
  return [...onCycle];
}
