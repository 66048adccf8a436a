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

/** The lower-cased texts of a field: its scalar value, or each element of an array. */
function fieldTexts(view: EventView, field: string): readonly string[] {
  const text = view.lower(field);
  if (text !== null) return [text];
  const value = view.get(field);
  if (!Array.isArray(value)) return [];
  return value.filter((v) => v !== null && typeof v !== 'object').map((v) => String(v).toLowerCase());
}

export class RulePrefilter {
  private readonly always: number[] = [];
  private readonly fields: FieldIndex[] = [];
  private readonly flags: Uint8Array;

  constructor(private readonly needs: readonly Needs[]) {
    this.flags = new Uint8Array(needs.length);
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

  /** Flags, per rule index, whether the rule must be evaluated on this event. */
  candidates(view: EventView): Uint8Array {
    // Reused between events: evaluation is synchronous, so one buffer per prefilter suffices.
    const flags = this.flags;
    flags.fill(0);
    for (const i of this.always) flags[i] = 1;
    for (const { field, automaton, rulesByLiteral } of this.fields) {
      for (const text of fieldTexts(view, field)) {
        automaton.scan(text, (literal) => {
          for (const rule of rulesByLiteral[literal]!) flags[rule] = 1;
        });
      }
    }
    return flags;
  }

  /** How many rules the index can skip at best (those with needs). */
  get indexedRules(): number {
    return this.needs.length - this.always.length;
  }
}
