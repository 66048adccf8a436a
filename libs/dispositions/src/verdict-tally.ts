/**
 * One rule's verdict counts in fixed event-time buckets (bucket i covers [i·b, (i+1)·b)).
 * Memory is bounded by the buckets of the window, whatever the verdict volume. The window's
 * totals are kept running (added on count, subtracted on prune), so a verdict costs O(1)
 * unless a bucket leaves the window.
 */
import type { Verdict } from '@riskline/contracts';
import type { FpNumerator } from './settings';

/** [true_positive, false_positive, benign_true_positive] */
export type BucketCounts = [number, number, number];

const SLOT: Record<Verdict, 0 | 1 | 2> = { true_positive: 0, false_positive: 1, benign_true_positive: 2 };

export interface WindowCounts {
  readonly true_positive: number;
  readonly false_positive: number;
  readonly benign_true_positive: number;
  readonly total: number;
}

export class VerdictTally {
  /** Bucket index → counts; kept in ascending index order by `add`'s callers' monotone pruning. */
  readonly buckets = new Map<number, BucketCounts>();
  /** Whether auto-clip has clipped this rule (the hysteresis state). */
  clipped = false;
  /** The rule's own time: its latest verdict's (lateness is judged on it). */
  clockMs = Number.NEGATIVE_INFINITY;
  private readonly totals: BucketCounts = [0, 0, 0];
  private firstBucket = Infinity;

  add(verdict: Verdict, bucket: number, by = 1): void {
    let counts = this.buckets.get(bucket);
    if (!counts) {
      counts = [0, 0, 0];
      this.buckets.set(bucket, counts);
      this.firstBucket = Math.min(this.firstBucket, bucket);
    }
    counts[SLOT[verdict]] += by;
    this.totals[SLOT[verdict]] += by;
  }

  /** Drops buckets before `oldest`; true when any was dropped. */
  prune(oldest: number): boolean {
    if (this.firstBucket >= oldest) return false;
    this.firstBucket = Infinity;
    for (const [bucket, counts] of this.buckets) {
      if (bucket >= oldest) {
        this.firstBucket = Math.min(this.firstBucket, bucket);
        continue;
      }
      this.buckets.delete(bucket);
      for (let slot = 0; slot < 3; slot++) this.totals[slot]! -= counts[slot]!;
    }
    return true;
  }

  counts(): WindowCounts {
    const [tp, fp, btp] = this.totals;
    return { true_positive: tp, false_positive: fp, benign_true_positive: btp, total: tp + fp + btp };
  }
}

/** The false-positive ratio, or null below `minSample` verdicts (too few to judge a rule by). */
export function fpRatio(counts: WindowCounts, numerator: FpNumerator, minSample: number): number | null {
  if (counts.total < minSample || counts.total === 0) return null;
  const noise =
    numerator === 'fp_only' ? counts.false_positive : counts.false_positive + counts.benign_true_positive;
  return Number((noise / counts.total).toFixed(6));
}
