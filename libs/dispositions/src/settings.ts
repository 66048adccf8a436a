/**
 * Disposition settings: the rolling window and its buckets, how the false-positive ratio is
 * computed and from what sample, the bounds on remembered keys and incidents, and auto-clip.
 * Parsed from YAML with every problem named by its key path; the window must be a whole number
 * of buckets so that a bucket is either wholly inside the window or wholly out.
 */
import { FP_NUMERATORS, SettingsReader } from '@riskline/contracts';

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

export function parseDispositionSettings(text: string): DispositionSettings {
  const read = new SettingsReader('disposition settings');
  const root = read.root(text, [
    'window',
    'bucket',
    'numerator',
    'min_sample',
    'max_seen_keys',
    'max_incidents',
    'auto_clip',
  ]);
  const windowMs = read.duration(root, 'window', '', '30d');
  const bucketMs = read.duration(root, 'bucket', '', '1d');
  if (windowMs % bucketMs !== 0) read.report('window', 'must be a whole number of buckets');
  const numerator = read.oneOf(root, 'numerator', '', FP_NUMERATORS, 'fp_only');
  const minSample = read.positiveInt(root, 'min_sample', '', 5);
  const maxSeenKeys = read.positiveInt(root, 'max_seen_keys', '', 100_000);
  const maxIncidents = read.positiveInt(root, 'max_incidents', '', 100_000);
  const clip = read.section(root, 'auto_clip', ['enabled', 'threshold', 'release_below', 'confidence_max']);
  const autoClip: AutoClipSettings = {
    enabled: read.boolean(clip, 'enabled', 'auto_clip.', true),
    threshold: read.number(clip, 'threshold', 'auto_clip.', 0.5),
    releaseBelow: read.number(clip, 'release_below', 'auto_clip.', 0.3, 1, true),
    confidenceMax: read.number(clip, 'confidence_max', 'auto_clip.', 0.25, 1, true),
  };
  if (autoClip.releaseBelow > autoClip.threshold)
    read.report('auto_clip.release_below', 'must not exceed auto_clip.threshold');
  return read.done({ windowMs, bucketMs, numerator, minSample, maxSeenKeys, maxIncidents, autoClip });
}
