/**
 * Values that never become entities: placeholders (`-`, `n/a`), configured names and glob
 * patterns (`nt authority\*`), and for address entities the ranges that name no one
 * (loopback, link-local, unspecified, …). Invariant: judged on the canonical form, case-
 * insensitively, so an exclusion written once covers every spelling the canonical form merges.
 */
import { parseIp } from './entity-canonical-form';

/** ipaddr.js range names an address entity may exclude. */
export const IP_RANGES = [
  'unspecified',
  'loopback',
  'linkLocal',
  'multicast',
  'broadcast',
  'private',
  'uniqueLocal',
  'carrierGradeNat',
  'reserved',
] as const;
export type IpRange = (typeof IP_RANGES)[number];

export type ExclusionReason = 'placeholder' | 'excluded' | `ip_${IpRange}`;

export interface Exclusions {
  readonly exact: ReadonlySet<string>;
  readonly patterns: readonly RegExp[];
  readonly ipRanges: ReadonlySet<string>;
}

/** `*` any run of characters, `?` one; everything else literal (backslashes included). */
export function globPattern(glob: string): RegExp {
  const body = [...glob]
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}$`, 'is');
}

export function compileExclusions(values: readonly string[], ipRanges: readonly string[]): Exclusions {
  const exact = new Set<string>();
  const patterns: RegExp[] = [];
  for (const v of values) {
    if (/[*?]/.test(v)) patterns.push(globPattern(v));
    else exact.add(v.toLowerCase());
  }
  return { exact, patterns, ipRanges: new Set(ipRanges) };
}

/** Why `value` (canonical) is no entity, or null when it is one. */
export function exclusionOf(
  value: string,
  exclusions: Exclusions,
  isAddress: boolean,
): ExclusionReason | null {
  if (exclusions.exact.has(value.toLowerCase())) return 'excluded';
  if (exclusions.patterns.some((p) => p.test(value))) return 'excluded';
  if (isAddress && exclusions.ipRanges.size > 0) {
    const range = parseIp(value)?.range();
    if (range !== undefined && exclusions.ipRanges.has(range)) return `ip_${range as IpRange}`;
  }
  return null;
}
