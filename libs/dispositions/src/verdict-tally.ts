/**
 * One rule's verdict counts in fixed event-time buckets (bucket i covers [i·b, (i+1)·b)).
 * Memory is bounded by the buckets of the window, whatever the verdict volume. Counts over the
 * window are summed on demand: a window holds tens of buckets, so nothing is kept running.
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

  add(verdict: Verdict, bucket: number): void {
    let counts = this.buckets.get(bucket);
    if (!counts) {
      counts = [0, 0, 0];
      this.buckets.set(bucket, counts);
    }
    counts[SLOT[verdict]]++;
  }

  /** Drops buckets before `oldest`; true when any was dropped. */
  prune(oldest: number): boolean {
    let dropped = false;
    for (const bucket of [...this.buckets.keys()])
      if (bucket < oldest) {
        this.buckets.delete(bucket);
        dropped = true;
      }
    return dropped;
  }

  counts(): WindowCounts {
    let tp = 0;
    let fp = 0;
    let btp = 0;
    for (const [t, f, b] of this.buckets.values()) {
      tp += t;
      fp += f;
      btp += b;
    }
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
