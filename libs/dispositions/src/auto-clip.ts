/**
 * Auto-clip with hysteresis: a rule is clipped when its false-positive ratio reaches the
 * threshold and released only when the ratio falls below the (lower) release point — or when
 * too few verdicts remain in the window to judge it by — so a rule hovering at the threshold
 * does not flap. The records written carry a reason a human can act on. Pure.
 */
import { toEventTime, type RuleState } from '@riskline/contracts';
import type { DispositionSettings } from './settings';
import type { WindowCounts } from './verdict-tally';

export const AUTO_CLIP_ACTOR = 'disposition-ingestor';

/** The clip state after seeing `ratio` (null: below the minimum sample). */
export function nextClipState(
  ratio: number | null,
  clipped: boolean,
  settings: DispositionSettings,
): boolean {
  if (!settings.autoClip.enabled || ratio === null) return false;
  return clipped ? ratio >= settings.autoClip.releaseBelow : ratio >= settings.autoClip.threshold;
}

function evidence(ratio: number | null, counts: WindowCounts, settings: DispositionSettings): string {
  const days = Math.round(settings.windowMs / 86_400_000);
  const noise =
    settings.numerator === 'fp_only'
      ? `${counts.false_positive} false positives`
      : `${counts.false_positive + counts.benign_true_positive} false + benign true positives`;
  const shown = ratio === null ? 'n/a' : ratio.toFixed(2);
  return `false-positive ratio ${shown} (${noise} of ${counts.total} verdicts, last ${days}d)`;
}

export function clipRecord(
  ruleId: string,
  clipped: boolean,
  ratio: number | null,
  counts: WindowCounts,
  settings: DispositionSettings,
  atMs: number,
): RuleState {
  const { threshold, releaseBelow, confidenceMax } = settings.autoClip;
  const base = {
    schema_version: 1 as const,
    rule_id: ruleId,
    set_by: AUTO_CLIP_ACTOR,
    set_at: toEventTime(atMs),
    origin: 'auto_clip' as const,
  };
  if (clipped)
    return {
      ...base,
      state: 'clipped',
      confidence_max: confidenceMax,
      reason: `auto-clip: ${evidence(ratio, counts, settings)} reached ${threshold}; confidence capped at ${confidenceMax}`,
    };
  const why =
    ratio === null
      ? `fewer than ${settings.minSample} verdicts remain in the window`
      : `fell below ${releaseBelow}`;
  return {
    ...base,
    state: 'enabled',
    reason: `auto-clip released: ${evidence(ratio, counts, settings)} ${why}`,
  };
}

/**
 * The auto-clip record re-issued when an operator's hand-set state is lifted (cleared, replaced
 * by a non-operator state, or expired) while the store still holds the rule clipped.
 */
export function resumedClipRecord(
  ruleId: string,
  ratio: number | null,
  counts: WindowCounts,
  settings: DispositionSettings,
  atMs: number,
): RuleState {
  const record = clipRecord(ruleId, true, ratio, counts, settings, atMs);
  return { ...record, reason: `auto-clip resumed after the operator's state was lifted; ${record.reason}` };
}
