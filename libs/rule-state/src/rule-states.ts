/**
 * The operational state of rules, folded from soc.rule-state records: enabled (the default),
 * disabled, or clipped to a confidence ceiling — each optionally until `expires_at`. The one
 * home of this folding: the tagger applies it to firings, the disposition store to decide
 * whether an operator's hand-set state holds auto-clip back. Pure.
 * Invariant: expiry is judged against the time given at evaluation (the event's time), on every
 * lookup, so an expired state never applies however long ago it was received.
 */
import { eventTimeMs, type RuleState } from '@riskline/contracts';

export interface EffectiveState {
  readonly state: 'enabled' | 'disabled' | 'clipped';
  /** The ceiling on a firing's confidence; 1 when not clipped. */
  readonly confidenceMax: number;
  readonly record: RuleState | null;
}

const ENABLED: EffectiveState = { state: 'enabled', confidenceMax: 1, record: null };

export class RuleStates {
  private readonly states = new Map<string, RuleState>();

  /** Applies one record of the compacted topic; `null` is a tombstone (back to the default). */
  apply(ruleId: string, record: RuleState | null): void {
    if (record === null) this.states.delete(ruleId);
    else this.states.set(ruleId, record);
  }

  effective(ruleId: string, atMs: number): EffectiveState {
    const record = this.states.get(ruleId);
    if (!record) return ENABLED;
    if (record.expires_at !== undefined && eventTimeMs(record.expires_at) <= atMs) return ENABLED;
    if (record.state === 'disabled') return { state: 'disabled', confidenceMax: 0, record };
    if (record.state === 'clipped')
      return { state: 'clipped', confidenceMax: record.confidence_max ?? 1, record };
    return { state: 'enabled', confidenceMax: 1, record };
  }

  get(ruleId: string): RuleState | undefined {
    return this.states.get(ruleId);
  }

  all(): ReadonlyMap<string, RuleState> {
    return this.states;
  }

  /** Whether an operator's hand-set state is in force for the rule at `atMs`. */
  heldByOperator(ruleId: string, atMs: number): boolean {
    return this.effective(ruleId, atMs).record?.origin === 'operator';
  }

  /** The records as [rule id, record] rows, sorted (for snapshots). */
  encode(): [string, RuleState][] {
    return [...this.states].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }

  static decode(rows: readonly (readonly [string, RuleState])[]): RuleStates {
    const states = new RuleStates();
    for (const [ruleId, record] of rows) states.apply(ruleId, record);
    return states;
  }
}
