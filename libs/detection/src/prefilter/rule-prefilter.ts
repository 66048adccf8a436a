/**
 * Narrows a rule group to the rules that can possibly match an event: a rule whose needs (see
 * sigma/needs.ts) name literals is a candidate only if one of them occurs in its field; a rule
 * without needs is always a candidate. One automaton per field scans that field once per event.
 * Invariant: never drops a rule that would match (needs are necessary conditions).
 */
import type { EventView } from '../event/event-view';
import type { Needs } from '../sigma/needs';
import { LiteralAutomaton } from './literal-automaton';

interface FieldIndex {
  readonly field: string;
  readonly automaton: LiteralAutomaton;
  /** Rule indices per literal index. */
  readonly rulesByLiteral: readonly number[][];
}

/** The literals found in a field's lower-cased text: its scalar value, or each element of an array. */
function scanField(view: EventView, { field, automaton }: FieldIndex, found: number[]): void {
  const text = view.lower(field);
  if (text !== null) return automaton.scan(text, found);
  const value = view.get(field);
  if (!Array.isArray(value)) return;
  for (const v of value)
    if (v !== null && typeof v !== 'object') automaton.scan(String(v).toLowerCase(), found);
}

export class RulePrefilter {
  private readonly always: number[] = [];
  private readonly fields: FieldIndex[] = [];
  /** `stamp[rule] === epoch`: the rule is already among this event's candidates. */
  private readonly stamp: Uint32Array;
  private epoch = 0;
  private readonly list: number[] = [];
  private readonly found: number[] = [];

  constructor(private readonly needs: readonly Needs[]) {
    this.stamp = new Uint32Array(needs.length);
    const byField = new Map<string, Map<string, number[]>>();
    needs.forEach((need, ruleIndex) => {
      if (need === null) {
        this.always.push(ruleIndex);
        return;
      }
      for (const { field, literal } of need) {
        const literals = byField.get(field) ?? new Map<string, number[]>();
        literals.set(literal, [...(literals.get(literal) ?? []), ruleIndex]);
        byField.set(field, literals);
      }
    });
    for (const [field, literals] of byField) {
      this.fields.push({
        field,
        automaton: new LiteralAutomaton([...literals.keys()]),
        rulesByLiteral: [...literals.values()],
      });
    }
  }

  /**
   * The indices of the rules that must be evaluated on this event, ascending (load order).
   * A list, not a flag per rule: an event is a candidate for ~15 of 1,164 SigmaHQ
   * process_creation rules, and walking every rule's flag cost more than evaluating those.
   * Reused between events — evaluation is synchronous, so read it before the next call.
   */
  candidates(view: EventView): readonly number[] {
    const { stamp, list, found } = this;
    list.length = 0;
    if (++this.epoch === 0xffffffff) {
      stamp.fill(0);
      this.epoch = 1;
    }
    const epoch = this.epoch;
    for (const rule of this.always) {
      stamp[rule] = epoch;
      list.push(rule);
    }
    for (const index of this.fields) {
      found.length = 0;
      scanField(view, index, found);
      for (let f = 0; f < found.length; f++) {
        const rules = index.rulesByLiteral[found[f]!]!;
        for (let k = 0; k < rules.length; k++) {
          const rule = rules[k]!;
          if (stamp[rule] === epoch) continue;
          stamp[rule] = epoch;
          list.push(rule);
        }
      }
    }
    return list.length > 1 ? list.sort((a, b) => a - b) : list;
  }

  /** How many rules the index can skip at best (those with needs). */
  get indexedRules(): number {
    return this.needs.length - this.always.length;
  }
}
