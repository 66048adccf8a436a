/**
 * Disposition settings: the rolling window and its buckets, how the false-positive ratio is
 * computed and from what sample, the bounds on remembered keys and incidents, and auto-clip.
 * Read from YAML by `DispositionSettingsFile` (libs/settings: the defaults are its initialisers,
 * every problem named by its key path); the window must be a whole number of buckets so that a
 * bucket is either wholly inside the window or wholly out.
 */
import { FP_NUMERATORS, parseDuration } from '@riskline/contracts';
import {
  Duration,
  Flag,
  NumberIn,
  OneOf,
  PositiveInt,
  readSettings,
  Section,
  type SettingsProblem,
} from '@riskline/settings';

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

class AutoClipFile {
  @Flag() enabled = true;
  @NumberIn() threshold = 0.5;
  @NumberIn({ aboveMin: false }) release_below = 0.3;
  @NumberIn({ aboveMin: false }) confidence_max = 0.25;
}

/** The YAML file: each key once, its initialiser the default. */
export class DispositionSettingsFile {
  @Duration() window = '30d';
  @Duration() bucket = '1d';
  /** fp_and_btp: benign true positives count as noise too. */
  @OneOf(FP_NUMERATORS) numerator: FpNumerator = 'fp_only';
  @PositiveInt() min_sample = 5;
  /** Per partition. */
  @PositiveInt() max_seen_keys = 100_000;
  @PositiveInt() max_incidents = 100_000;
  @Section(() => AutoClipFile) auto_clip = new AutoClipFile();
}

function crossCheck(file: DispositionSettingsFile): SettingsProblem[] {
  const problems: SettingsProblem[] = [];
  const windowMs = parseDuration(file.window);
  const bucketMs = parseDuration(file.bucket);
  if (windowMs && bucketMs && windowMs % bucketMs !== 0)
    problems.push({ at: 'window', message: 'must be a whole number of buckets' });
  const clip = file.auto_clip;
  if (clip.release_below > clip.threshold)
    problems.push({ at: 'auto_clip.release_below', message: 'must not exceed auto_clip.threshold' });
  return problems;
}

export function parseDispositionSettings(text: string, source = 'disposition settings'): DispositionSettings {
  const file = readSettings(DispositionSettingsFile, text, source, crossCheck);
  return {
    windowMs: parseDuration(file.window)!,
    bucketMs: parseDuration(file.bucket)!,
    numerator: file.numerator,
    minSample: file.min_sample,
    maxSeenKeys: file.max_seen_keys,
    maxIncidents: file.max_incidents,
    autoClip: {
      enabled: file.auto_clip.enabled,
      threshold: file.auto_clip.threshold,
      releaseBelow: file.auto_clip.release_below,
      confidenceMax: file.auto_clip.confidence_max,
    },
  };
}
