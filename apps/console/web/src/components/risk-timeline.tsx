/**
 * The entity's risk timeline under one policy: stacked bars of contributions per time bin by
 * tactic, the running window sum as a step line, the threshold as a dashed line, the window as
 * the plotted span. The contributions table below it carries the same data as text.
 */
import { formatScore, formatTime, label } from '../model/format';
import { tacticColor } from '../model/tactic-colors';
import { timeline, viewSpan, type TimelineInput } from '../model/timeline';

const W = 960;
const H = 300;
const PAD = { left: 56, right: 16, top: 16, bottom: 40 };

export interface RiskTimelineProps {
  readonly contributions: readonly TimelineInput[];
  readonly windowStart: string;
  readonly windowEnd: string;
  readonly threshold: number | null;
  readonly policy: string;
}

export function RiskTimeline(props: RiskTimelineProps) {
  const windowStartMs = Date.parse(props.windowStart);
  const view = viewSpan(props.contributions, windowStartMs, Date.parse(props.windowEnd));
  const t = timeline(props.contributions, view.startMs, view.endMs, props.threshold);
  const zoomed = view.startMs > windowStartMs;
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const x = (ms: number) => PAD.left + ((ms - t.startMs) / Math.max(1, t.endMs - t.startMs)) * plotW;
  const y = (score: number) => PAD.top + plotH - (score / t.maxScore) * plotH;
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => f * t.maxScore);
  const timeTicks = [0, 0.25, 0.5, 0.75, 1].map((f) => t.startMs + f * (t.endMs - t.startMs));
  let step = `M ${x(t.startMs)} ${y(0)}`;
  for (const p of t.cumulative) step += ` H ${x(p.atMs)} V ${y(p.score)}`;
  step += ` H ${x(t.endMs)}`;
  const total = t.cumulative.at(-1)?.score ?? 0;
  const summary = `Risk timeline for policy ${props.policy}: ${t.cumulative.length} contributions summing to ${formatScore(total)}${
    t.threshold === null ? '' : ` against a threshold of ${formatScore(t.threshold)}`
  }, in the window from ${formatTime(props.windowStart)} to ${formatTime(props.windowEnd)}.`;
  const tickText = (ms: number) => {
    const text = formatTime(new Date(ms).toISOString());
    return t.endMs - t.startMs > 86_400_000 ? text.slice(5, 16) : text.slice(11, 19);
  };
  return (
    <figure className="timeline">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={summary} data-testid="risk-timeline">
        <rect x={PAD.left} y={PAD.top} width={plotW} height={plotH} className="timeline-window" />
        {ticks.map((v) => (
          <g key={`y${v}`}>
            <line x1={PAD.left} x2={W - PAD.right} y1={y(v)} y2={y(v)} className="grid" />
            <text x={PAD.left - 6} y={y(v) + 4} textAnchor="end" className="axis">
              {formatScore(Math.round(v))}
            </text>
          </g>
        ))}
        {timeTicks.map((ms) => (
          <text key={`x${ms}`} x={x(ms)} y={H - PAD.bottom + 18} textAnchor="middle" className="axis">
            {tickText(ms)}
          </text>
        ))}
        {t.bins.map((bin) =>
          bin.segments.map((s) => (
            <rect
              key={`${bin.startMs}-${s.tactic}`}
              x={x(bin.startMs) + 1}
              width={Math.max(1, x(bin.endMs) - x(bin.startMs) - 2)}
              y={y(s.base + s.score)}
              height={Math.max(0, y(s.base) - y(s.base + s.score))}
              fill={tacticColor(s.tactic)}
            >
              <title>{`${label(s.tactic)}: ${formatScore(s.score)} (${formatTime(new Date(bin.startMs).toISOString())})`}</title>
            </rect>
          )),
        )}
        <path d={step} className="cumulative" />
        {t.threshold !== null && (
          <g>
            <line
              x1={PAD.left}
              x2={W - PAD.right}
              y1={y(t.threshold)}
              y2={y(t.threshold)}
              className="threshold"
            />
            <text x={W - PAD.right - 4} y={y(t.threshold) - 6} textAnchor="end" className="threshold-label">
              threshold {formatScore(t.threshold)}
            </text>
          </g>
        )}
      </svg>
      <figcaption>
        <p className="muted small">
          Window {formatTime(props.windowStart)} → {formatTime(props.windowEnd)}
          {zoomed
            ? `; shown from ${formatTime(new Date(t.startMs).toISOString())}, before which it holds nothing`
            : ''}
          .
        </p>
        <ul className="legend" aria-label="tactics">
          {t.tactics.map((tactic) => (
            <li key={tactic}>
              <span className="swatch" style={{ background: tacticColor(tactic) }} aria-hidden="true" />
              {label(tactic)}
            </li>
          ))}
          <li>
            <span className="swatch line" aria-hidden="true" /> window sum
          </li>
          {t.threshold !== null && (
            <li>
              <span className="swatch dashed" aria-hidden="true" /> threshold
            </li>
          )}
        </ul>
      </figcaption>
    </figure>
  );
}
