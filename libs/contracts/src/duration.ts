/**
 * Durations in configuration files: an integer and one unit (ms, s, m, h, d), e.g. `30m`,
 * `24h`, `30d`. One syntax for every service's YAML, so an operator learns it once.
 */
const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Milliseconds, or null when `text` is not such a duration. */
export function parseDuration(text: unknown): number | null {
  if (typeof text !== 'string') return null;
  const m = text.trim().match(/^(\d+)(ms|s|m|h|d)$/);
  return m ? Number(m[1]) * UNITS[m[2]!]! : null;
}
