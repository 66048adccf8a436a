/** A rule's false-positive ratio over time as a sparkline, the auto-clip threshold dashed. */
import { formatRatio, formatTime } from '../model/format';
import type { TrendPoint } from '../model/types';

const W = 160;
const H = 36;

export function FpTrend({ points, threshold }: { points: readonly TrendPoint[]; threshold: number | null }) {
  const judged = points.filter((p): p is TrendPoint & { fp_ratio: number } => p.fp_ratio !== null);
  if (judged.length === 0) return <span className="muted">no ratio yet</span>;
  const t0 = Date.parse(judged[0]!.as_of);
  const t1 = Date.parse(judged.at(-1)!.as_of);
  const x = (iso: string) =>
    judged.length === 1 ? W / 2 : 2 + ((Date.parse(iso) - t0) / Math.max(1, t1 - t0)) * (W - 4);
  const y = (r: number) => H - 2 - r * (H - 4);
  const d = judged
    .map((p, i) => `${i === 0 ? 'M' : 'L'} ${x(p.as_of).toFixed(1)} ${y(p.fp_ratio).toFixed(1)}`)
    .join(' ');
  const last = judged.at(-1)!;
  return (
    <svg
      viewBox={`0 0 ${W} ${H}`}
      width={W}
      height={H}
      role="img"
      aria-label={`false-positive ratio ${formatRatio(judged[0]!.fp_ratio)} on ${formatTime(judged[0]!.as_of)} to ${formatRatio(last.fp_ratio)} on ${formatTime(last.as_of)}, ${judged.length} points`}
      className="sparkline"
    >
      {threshold !== null && <line x1={0} x2={W} y1={y(threshold)} y2={y(threshold)} className="threshold" />}
      <path d={d} className="trend" />
      <circle cx={x(last.as_of)} cy={y(last.fp_ratio)} r={3} className="trend-dot" />
    </svg>
  );
}
