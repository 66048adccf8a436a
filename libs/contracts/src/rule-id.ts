/**
 * What a rule id may be, everywhere one is written: soc.rule-state, the rule admin API, the
 * per-rule topics' keys. Checked where ids enter, so no record is written that readers refuse.
 */
export const MAX_RULE_ID_LENGTH = 256;
// eslint-disable-next-line no-control-regex
export const RULE_ID_PATTERN = /^[^\u0000-\u001f\u007f]+$/;

/** Why `id` is not a rule id, or null when it is one. */
export function ruleIdProblem(id: string): string | null {
  if (id.length === 0 || id.length > MAX_RULE_ID_LENGTH)
    return `must be 1-${MAX_RULE_ID_LENGTH} characters (got ${id.length})`;
  if (!RULE_ID_PATTERN.test(id)) return 'must not contain control characters';
  return null;
}
