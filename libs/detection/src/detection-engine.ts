/**
 * The rule engine: which rules fire on an event. Sigma rules are indexed by log source
 * alternative (e.g. all 1,164 process_creation rules share "Sysmon EventID 1" and "Security
 * 4688"), so an event tests each distinct alternative's conditions once and evaluates only the
 * rules behind the alternatives that hold. Native rules are indexed by the source kinds they
 * apply to. Pure and deterministic: the same event gives the same firings, in rule-load order;
 * a rule fires at most once per event even if several alternatives admit it.
 */
import { CorrelationPlan } from './correlation/correlation-plan';
import { EventView } from './event/event-view';
import { readField, type EventObject } from './event/field-access';
import type { Rule } from './load-rules';
import {
  conditionsHold,
  declaredAdmits,
  declaredLogSource,
  type Alternative,
  type LogSourceMapping,
} from './logsource/logsource-mapping';
import type { NativeRule } from './native/native-rule';
import { nativeTags, type NativeTag } from './native/native-tags';
import { RulePrefilter } from './prefilter/rule-prefilter';
import type { SigmaRule } from './sigma/sigma-rule';

export interface Firing {
  readonly rule: Rule;
  /** Native rules: one tag per `emits` entry, with deterministic ids. Empty for Sigma rules. */
  readonly tags: readonly NativeTag[];
}

export interface EngineOptions {
  /** The event field naming its source kind, for native rules' `applies_to`. */
  readonly sourceKindField?: string;
  /** The correlations loaded with `rules`: swapped with the engine, so the two always agree. */
  readonly correlations?: CorrelationPlan;
  /**
   * Whether rules sit behind the literal prefilter (default). Off, every rule of an applicable
   * alternative is evaluated: the reference the prefilter is proved against.
   */
  readonly prefilter?: boolean;
}

interface AlternativeGroup {
  readonly alternative: Alternative;
  readonly rules: SigmaRule[];
  prefilter: RulePrefilter | null;
}

export class DetectionEngine {
  private readonly groups: AlternativeGroup[];
  private readonly sigma: SigmaRule[];
  private readonly nativeByKind = new Map<string, NativeRule[]>();
  private readonly order = new Map<Rule, number>();
  private readonly sourceKindField: string;
  readonly correlations: CorrelationPlan;
  /**
   * Sigma rules no alternative of the mapping covers: they fire only on events that declare
   * their own logsource, so they are reported apart from the loaded ones.
   */
  readonly unmapped: readonly SigmaRule[];

  constructor(
    readonly rules: readonly Rule[],
    readonly mapping: LogSourceMapping,
    options: EngineOptions = {},
  ) {
    this.sourceKindField = options.sourceKindField ?? 'source_kind';
    this.correlations = options.correlations ?? CorrelationPlan.EMPTY;
    const groups = new Map<string, AlternativeGroup>();
    this.sigma = [];
    const unmapped: SigmaRule[] = [];
    rules.forEach((rule, order) => {
      this.order.set(rule, order);
      if (rule.kind === 'native') {
        for (const kind of rule.appliesTo)
          this.nativeByKind.set(kind, [...(this.nativeByKind.get(kind) ?? []), rule]);
        return;
      }
      this.sigma.push(rule);
      const alternatives = mapping.alternativesFor(rule.logsource);
      if (alternatives.length === 0) unmapped.push(rule);
      for (const alternative of alternatives) {
        const group = groups.get(alternative.key) ?? { alternative, rules: [], prefilter: null };
        group.rules.push(rule);
        groups.set(alternative.key, group);
      }
    });
    this.unmapped = unmapped;
    this.groups = [...groups.values()];
    if (options.prefilter !== false) {
      // Needs name the rules' own fields, not the mapped ones: alternatives holding the same
      // rules share one prefilter (SigmaHQ's process_creation maps to two), built once.
      const byRules = new Map<string, RulePrefilter>();
      for (const group of this.groups) {
        const key = group.rules.map((rule) => this.order.get(rule)).join(',');
        let prefilter = byRules.get(key);
        if (!prefilter) {
          prefilter = new RulePrefilter(group.rules.map((r) => r.needs));
          byRules.set(key, prefilter);
        }
        group.prefilter = prefilter;
      }
    }
  }

  /** The rules that can fire on mapped events: Sigma and native rules not unmapped, and the correlations. */
  get loadedRuleCount(): number {
    return this.rules.length - this.unmapped.length + this.correlations.correlations().length;
  }

  /**
   * The firings on `event`, in load order. `sourceId` identifies the event for native tag ids
   * (e.g. topic/partition/offset); it defaults to the event's own `id` or `event_id`.
   */
  evaluate(event: EventObject, sourceId?: string): Firing[] {
    const fired = new Map<Rule, Firing>();
    const base = new EventView(event);
    for (const group of this.groups) {
      if (!conditionsHold(group.alternative.conditions, event)) continue;
      const view = base.withMapping(group.alternative.fieldmappings);
      const rules = group.rules;
      const candidates = group.prefilter?.candidates(view);
      const count = candidates ? candidates.length : rules.length;
      for (let k = 0; k < count; k++) {
        const rule = rules[candidates ? candidates[k]! : k]!;
        if (!fired.has(rule) && rule.matches(view)) fired.set(rule, { rule, tags: [] });
      }
    }
    const declared = declaredLogSource(event);
    if (declared) {
      for (const rule of this.sigma)
        if (!fired.has(rule) && declaredAdmits(declared, rule.logsource) && rule.matches(base))
          fired.set(rule, { rule, tags: [] });
    }
    const kind = readField(event, this.sourceKindField);
    if (typeof kind === 'string') {
      const id = sourceId ?? String(readField(event, 'id') ?? readField(event, 'event_id') ?? '');
      for (const rule of this.nativeByKind.get(kind) ?? [])
        if (rule.matches(base, kind)) fired.set(rule, { rule, tags: nativeTags(rule, kind, id) });
    }
    if (fired.size <= 1) return [...fired.values()];
    return [...fired.values()].sort((a, b) => this.order.get(a.rule)! - this.order.get(b.rule)!);
  }
}
