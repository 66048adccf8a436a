/**
 * The ATT&CK matrix as a heat map: one column per tactic in MITRE's order, one cell per
 * technique, shaded by rule coverage or by detections. Each cell is a table cell with its count
 * as text, so the map reads without colour.
 */
import { label } from '../model/format';
import { heatColor } from '../model/tactic-colors';
import type { AttackMatrix, MatrixCell } from '../model/types';

export type HeatMeasure = 'rules' | 'detections';

export function AttackHeatmap({ matrix, measure }: { matrix: AttackMatrix; measure: HeatMeasure }) {
  const max = measure === 'rules' ? matrix.maxRules : matrix.maxDetections;
  const depth = Math.max(0, ...matrix.tactics.map((t) => t.cells.length));
  const cell = (c: MatrixCell | undefined, key: string) => {
    if (!c) return <td key={key} className="heat-empty" />;
    const value = c[measure];
    const { fill, text } = heatColor(value, max);
    return (
      <td
        key={key}
        style={{ background: fill, color: text }}
        title={`${c.rules} rules, ${c.detections} detections`}
      >
        <span className="technique">{c.technique}</span> <span className="count">{value}</span>
      </td>
    );
  };
  return (
    // Wider than a laptop screen: the scrolling region takes focus so the keyboard can scroll it.
    <div className="heatmap-scroll" role="region" aria-label="ATT&CK matrix" tabIndex={0}>
      <table className="heatmap" data-testid="attack-heatmap">
        <caption>
          ATT&CK techniques by tactic, shaded by {measure === 'rules' ? 'rules covering them' : 'detections'}{' '}
          (max {max})
        </caption>
        <thead>
          <tr>
            {matrix.tactics.map((t) => (
              <th key={t.tactic} scope="col">
                {label(t.tactic)}
                <span className="muted"> ({t.cells.length})</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {Array.from({ length: depth }, (_, row) => (
            <tr key={row}>{matrix.tactics.map((t) => cell(t.cells[row], `${t.tactic}-${row}`))}</tr>
          ))}
        </tbody>
      </table>
      {matrix.unplaced.length > 0 && (
        <p className="muted">
          Tagged without a tactic: {matrix.unplaced.map((c) => `${c.technique} (${c[measure]})`).join(', ')}
        </p>
      )}
    </div>
  );
}
