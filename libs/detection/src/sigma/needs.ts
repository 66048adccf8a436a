/**
 * What a detection *needs* to possibly match: a list of (field, literal) pairs of which at least
 * one must occur — the literal as a substring of the field's lower-cased text. It is derived
 * from the detection at compile time and is always a necessary condition (never a false
 * negative): OR-ed parts need the union of their needs, AND-ed parts can borrow the most
 * selective need of any one part, and anything without a usable literal (negation, regex,
 * numbers compared by size, keywords) needs `null` — "cannot say, always evaluate".
 */
import { STAR, ONE, type Glob } from './wildcard';

export interface Need {
  readonly field: string;
  readonly literal: string;
}

export type Needs = readonly Need[] | null;

/** At least one of several alternatives must hold: their needs combined. */
export function unionNeeds(parts: readonly Needs[]): Needs {
  if (parts.length === 0 || parts.some((p) => p === null)) return null;
  const seen = new Map<string, Need>();
  for (const need of (parts as (readonly Need[])[]).flat())
    seen.set(`${need.field}\u0000${need.literal}`, need);
  return [...seen.values()];
}

/** How selective a need is: its weakest literal's length, fewer alternatives breaking ties. */
function selectivity(needs: readonly Need[]): number {
  return Math.min(...needs.map((n) => n.literal.length)) * 1000 - needs.length;
}

/** Every part must hold: any one part's needs will do — take the most selective. */
export function bestNeeds(parts: readonly Needs[]): Needs {
  let best: readonly Need[] | null = null;
  for (const part of parts) if (part && (best === null || selectivity(part) > selectivity(best))) best = part;
  return best;
}

/** The longest literal run of a (lower-cased) glob, or null when it has none. */
export function longestLiteral(glob: Glob): string | null {
  let best = '';
  for (const part of glob)
    if (part !== STAR && part !== ONE && typeof part === 'string' && part.length > best.length) best = part;
  return best.length > 0 ? best : null;
}
