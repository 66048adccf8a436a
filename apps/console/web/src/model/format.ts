/** How the console writes times, scores and ratios: UTC, to the second, units always shown. */

/** `2026-02-01 10:00:05Z` — event times are UTC on the wire and stay UTC on screen. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return iso;
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')}Z`;
}

export function formatScore(score: number | null | undefined): string {
  if (score === null || score === undefined) return '—';
  return Number.isInteger(score) ? String(score) : score.toFixed(1);
}

export function formatRatio(ratio: number | null | undefined): string {
  return ratio === null || ratio === undefined ? 'n/a' : `${Math.round(ratio * 100)}%`;
}

export function label(slug: string): string {
  return slug.replace(/[_-]/g, ' ');
}

/** A `datetime-local` input's value (read as UTC) as an RFC 3339 time; undefined when empty. */
export function utcInput(value: string): string | undefined {
  if (!value) return undefined;
  const ms = Date.parse(`${value.length === 16 ? `${value}:00` : value}Z`);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
}
