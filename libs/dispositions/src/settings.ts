/**
 * Disposition settings: the rolling window and its buckets, how the false-positive ratio is
 * computed and from what sample, the bounds on remembered keys and incidents, and auto-clip.
 * Parsed from YAML with every problem named by its key path; the window must be a whole number
 * of buckets so that a bucket is either wholly inside the window or wholly out.
 */
import { parse } from 'yaml';
import { FP_NUMERATORS, parseDuration } from '@riskline/contracts';

export type FpNumerator = (typeof FP_NUMERATORS)[number];

export interface AutoClipSettings {
  readonly enabled: boolean;
  /** Clip when the ratio reaches this. */
  readonly threshold: number;
  /** Restore `enabled` only when the ratio falls below this (hysteresis: ≤ threshold). */
  readonly releaseBelow: number;
  /** The confidence ceiling a clipped rule's firings get. */
  readonly confidenceMax: number;
}

export interface DispositionSettings {
  readonly windowMs: number;
  readonly bucketMs: number;
  readonly numerator: FpNumerator;
  readonly minSample: number;
  /** Dedup keys remembered per partition (the oldest are forgotten beyond it). */
  readonly maxSeenKeys: number;
  /** Risk incidents the expansion index holds (the oldest are forgotten beyond it). */
  readonly maxIncidents: number;
  readonly autoClip: AutoClipSettings;
}

export class DispositionConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`disposition settings: ${problems.join('; ')}`);
  }
}

export const DEFAULT_DISPOSITIONS_YAML = `# Riskline disposition settings
window: 30d
bucket: 1d
numerator: fp_only        # or fp_and_btp: benign true positives count as noise too
min_sample: 5
max_seen_keys: 100000     # per partition
max_incidents: 100000
auto_clip:
  enabled: true
  threshold: 0.5
  release_below: 0.3
  confidence_max: 0.25
`;

type Raw = Record<string, unknown>;
const asRecord = (v: unknown): Raw | null =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Raw) : null;
const positiveInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v > 0;
const unitInterval = (v: unknown): v is number => typeof v === 'number' && v >= 0 && v <= 1;

function unknownKeys(r: Raw, known: readonly string[], where: string, problems: string[]): void {
  for (const key of Object.keys(r)) if (!known.includes(key)) problems.push(`${where}${key}: unknown key`);
}

function parseAutoClip(raw: unknown, problems: string[]): AutoClipSettings {
  const r = raw === undefined ? {} : asRecord(raw);
  if (!r) {
    problems.push('auto_clip: must be a mapping');
    return { enabled: false, threshold: 1, releaseBelow: 1, confidenceMax: 1 };
  }
  const enabled = r['enabled'] ?? true;
  const threshold = r['threshold'] ?? 0.5;
  const releaseBelow = r['release_below'] ?? 0.3;
  const confidenceMax = r['confidence_max'] ?? 0.25;
  if (typeof enabled !== 'boolean') problems.push('auto_clip.enabled: must be true or false');
  if (!unitInterval(threshold) || threshold === 0)
    problems.push('auto_clip.threshold: must be a number in (0, 1]');
  if (!unitInterval(releaseBelow)) problems.push('auto_clip.release_below: must be a number in [0, 1]');
  else if (unitInterval(threshold) && releaseBelow > threshold)
    problems.push('auto_clip.release_below: must not exceed auto_clip.threshold');
  if (!unitInterval(confidenceMax)) problems.push('auto_clip.confidence_max: must be a number in [0, 1]');
  unknownKeys(r, ['enabled', 'threshold', 'release_below', 'confidence_max'], 'auto_clip.', problems);
  return {
    enabled: enabled as boolean,
    threshold: threshold as number,
    releaseBelow: releaseBelow as number,
    confidenceMax: confidenceMax as number,
  };
}

export function parseDispositionSettings(text: string): DispositionSettings {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (error) {
    throw new DispositionConfigError([`not YAML: ${(error as Error).message.split('\n')[0]}`]);
  }
  const root = asRecord(doc ?? {});
  if (!root) throw new DispositionConfigError(['must be a YAML mapping']);
  const problems: string[] = [];
  const windowMs = parseDuration(root['window'] ?? '30d');
  const bucketMs = parseDuration(root['bucket'] ?? '1d');
  if (windowMs === null || windowMs <= 0) problems.push('window: must be a duration like 7d or 30d');
  if (bucketMs === null || bucketMs <= 0) problems.push('bucket: must be a duration like 1h or 1d');
  else if (windowMs !== null && windowMs > 0 && windowMs % bucketMs !== 0)
    problems.push('window: must be a whole number of buckets');
  const numerator = root['numerator'] ?? 'fp_only';
  if (!FP_NUMERATORS.includes(numerator as FpNumerator))
    problems.push(`numerator: must be one of ${FP_NUMERATORS.join(', ')}`);
  const minSample = root['min_sample'] ?? 5;
  if (!positiveInt(minSample)) problems.push('min_sample: must be a positive integer');
  const maxSeenKeys = root['max_seen_keys'] ?? 100_000;
  if (!positiveInt(maxSeenKeys)) problems.push('max_seen_keys: must be a positive integer');
  const maxIncidents = root['max_incidents'] ?? 100_000;
  if (!positiveInt(maxIncidents)) problems.push('max_incidents: must be a positive integer');
  const autoClip = parseAutoClip(root['auto_clip'], problems);
  unknownKeys(
    root,
    ['window', 'bucket', 'numerator', 'min_sample', 'max_seen_keys', 'max_incidents', 'auto_clip'],
    '',
    problems,
  );
  if (problems.length > 0) throw new DispositionConfigError(problems);
  return {
    windowMs: windowMs!,
    bucketMs: bucketMs!,
    numerator: numerator as FpNumerator,
    minSample: minSample as number,
    maxSeenKeys: maxSeenKeys as number,
    maxIncidents: maxIncidents as number,
    autoClip,
  };
}
