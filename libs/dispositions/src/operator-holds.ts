/**
 * An operator's hand-set rule state holds auto-clip back: while one is in force for a rule, the
 * store withholds its auto-clip records for that rule (its own clip state still flips, so a
 * replay agrees). When the hold is lifted — tombstoned, replaced by a record of another origin,
 * or expired in event time — a rule the store holds clipped gets its auto-clip record again at
 * once, not at the store's next transition, which may never come.
 *
 * The holds arrive as relayed soc.rule-state records on the by-rule topic, in order with the
 * rule's verdicts, so every decision here is a function of the partition's log and is replayed
 * from it like a verdict. Pure.
 */
import type { RuleState, RuleStateRelay } from '@riskline/contracts';
import { resumedClipRecord } from './auto-clip';
import type { DispositionSettings } from './settings';
import type { DispositionState, StoreOutput } from './verdict-store';
import { fpRatio } from './verdict-tally';

/** The resumed auto-clip record, if the store holds the rule clipped. */
function resumption(
  state: DispositionState,
  settings: DispositionSettings,
  ruleId: string,
  atMs: number,
): StoreOutput[] {
  const tally = state.rules.get(ruleId);
  if (!tally?.clipped) return [];
  const counts = tally.counts();
  const ratio = fpRatio(counts, settings.numerator, settings.minSample);
  return [{ kind: 'rule_state', ruleState: resumedClipRecord(ruleId, ratio, counts, settings, atMs) }];
}

/** The store's own clip record relayed back: already in force, nothing to resume. */
function isOwnClip(record: RuleState | null): boolean {
  return record?.origin === 'auto_clip' && record.state === 'clipped';
}

/**
 * Folds one relayed rule-state record into the holds. Only operator records are kept (the
 * others matter only as the end of a hold); the output is the resumed clip record, if any.
 */
export function applyRuleStateRelay(
  state: DispositionState,
  settings: DispositionSettings,
  relay: RuleStateRelay,
  atMs: number,
): StoreOutput[] {
  const ruleId = relay.rule_id;
  const wasHeld = state.operator.heldByOperator(ruleId, atMs);
  state.operator.apply(ruleId, relay.state?.origin === 'operator' ? relay.state : null);
  if (!wasHeld || state.operator.heldByOperator(ruleId, atMs) || isOwnClip(relay.state)) return [];
  return resumption(state, settings, ruleId, atMs);
}

/**
 * Drops the holds whose `expires_at` has passed by `atMs` — every rule's (sorted, for a
 * deterministic output order) or `only` one's — and resumes auto-clip for those rules.
 */
export function releaseExpiredHolds(
  state: DispositionState,
  settings: DispositionSettings,
  atMs: number,
  only?: string,
): StoreOutput[] {
  const rules = only === undefined ? state.operator.encode().map(([ruleId]) => ruleId) : [only];
  return rules.flatMap((ruleId) => {
    const record = state.operator.get(ruleId);
    if (!record || state.operator.heldByOperator(ruleId, atMs)) return [];
    state.operator.apply(ruleId, null);
    return resumption(state, settings, ruleId, atMs);
  });
}
