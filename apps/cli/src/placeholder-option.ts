/**
 * `--placeholder name=value[,value…]` (repeatable): the values `expand` substitutes for
 * `%name%` in rules, as the tagger's SIGMA_PLACEHOLDERS gives them. A malformed entry is a usage
 * error; a rule using a placeholder given no values is a load error of that rule.
 */
import { parsePlaceholders, PlaceholderError } from '@riskline/detection';
import { UsageError } from './command-line';

export function placeholderOption(entries: readonly string[]): Map<string, readonly string[]> {
  try {
    return parsePlaceholders(entries);
  } catch (error) {
    if (error instanceof PlaceholderError) throw new UsageError(`--placeholder: ${error.message}`);
    throw error;
  }
}
