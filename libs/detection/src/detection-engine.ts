/**
 * The rule engine: which rules fire on an event. Rules are indexed by log source alternative
 * (e.g. all 1,164 process_creation rules share "Sysmon EventID 1" and "Security 4688"), so an
 * event tests each distinct alternative's conditions once and evaluates only the rules behind
 * the alternatives that hold. Pure and deterministic: the same event gives the same firings in
 * rule-load order; a rule fires at most once per event even if several alternatives admit it.
 */
import { EventView } from './event/event-view';
import type { EventObject } from './event/field-access';
import {
  conditionsHold,
  declaredAdmits,
  declaredLogSource,
  type Alternative,
  type LogSourceMapping,
} from './logsource/logsource-mapping';
import type { SigmaRule } from './sigma/sigma-rule';

interface AlternativeGroup {
  readonly alternative: Alternative;
  readonly rules: { readonly rule: SigmaRule; readonly order: number }[];
}

export class DetectionEngine {
  private readonly groups: AlternativeGroup[];
  private readonly order = new Map<SigmaRule, number>();

  constructor(
    readonly rules: readonly SigmaRule[],
    readonly mapping: LogSourceMapping,
  ) {
    const groups = new Map<string, AlternativeGroup>();
    rules.forEach((rule, order) => {
      this.order.set(rule, order);
      for (const alternative of mapping.alternativesFor(rule.logsource)) {
        const group = groups.get(alternative.key) ?? { alternative, rules: [] };
        group.rules.push({ rule, order });
        groups.set(alternative.key, group);
      }
    });
    this.groups = [...groups.values()];
  }

  /** The rules that fire on `event`, in load order. */
  evaluate(event: EventObject): SigmaRule[] {
    const fired = new Set<SigmaRule>();
    const base = new EventView(event);
    for (const group of this.groups) {
      if (!conditionsHold(group.alternative.conditions, event)) continue;
      const view = base.withMapping(group.alternative.fieldmappings);
      for (const { rule } of group.rules) if (!fired.has(rule) && rule.matches(view)) fired.add(rule);
    }
    const declared = declaredLogSource(event);
    if (declared) {
      for (const rule of this.rules)
        if (!fired.has(rule) && declaredAdmits(declared, rule.logsource) && rule.matches(base))
          fired.add(rule);
    }
    return [...fired].sort((a, b) => this.order.get(a)! - this.order.get(b)!);
  }
}
