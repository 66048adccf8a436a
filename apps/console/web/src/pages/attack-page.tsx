/**
 * ATT&CK: the matrix heat map of rule coverage or of detections over an event-time range, and
 * both as ATT&CK Navigator layers (format 4.5) to download.
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { get } from '../api';
import { AttackHeatmap, type HeatMeasure } from '../components/attack-heatmap';
import { utcInput } from '../model/format';
import type { AttackMatrix } from '../model/types';

export function AttackPage() {
  const [measure, setMeasure] = useState<HeatMeasure>('detections');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [range, setRange] = useState('');
  const [matrix, setMatrix] = useState<AttackMatrix | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      setMatrix(await get<AttackMatrix>(`/api/v1/attack/matrix${range}`));
      setProblem(null);
    } catch (error) {
      setProblem((error as Error).message);
    }
  }, [range]);
  useEffect(() => void load(), [load]);
  const apply = (event: FormEvent) => {
    event.preventDefault();
    const q = new URLSearchParams();
    const f = utcInput(from);
    const t = utcInput(to);
    if (f) q.set('from', f);
    if (t) q.set('to', t);
    setRange(q.size ? `?${q}` : '');
  };
  const layerQuery = (layer: string) => {
    const q = new URLSearchParams(range.slice(1));
    q.set('layer', layer);
    return `/api/v1/attack/navigator?${q}`;
  };
  return (
    <section aria-labelledby="attack-title">
      <h1 id="attack-title">ATT&CK</h1>
      <div className="toolbar">
        <div role="group" aria-label="shade by">
          <button
            type="button"
            aria-pressed={measure === 'detections'}
            onClick={() => setMeasure('detections')}
          >
            Detections
          </button>
          <button type="button" aria-pressed={measure === 'rules'} onClick={() => setMeasure('rules')}>
            Rule coverage
          </button>
        </div>
        <form onSubmit={apply} aria-label="event-time range" className="range">
          <label>
            From (UTC)
            <input type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} />
          </label>
          <label>
            To (UTC)
            <input type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} />
          </label>
          <button type="submit">Apply range</button>
        </form>
        <div className="downloads">
          <a href={layerQuery('coverage')} download="riskline-coverage-layer.json">
            Navigator layer: coverage
          </a>
          <a href={layerQuery('detections')} download="riskline-detections-layer.json">
            Navigator layer: detections
          </a>
        </div>
      </div>
      {problem && (
        <p role="alert" className="error">
          {problem}
        </p>
      )}
      {matrix && (
        <>
          <p className="muted">{matrix.detections} detections in range.</p>
          <AttackHeatmap matrix={matrix} measure={measure} />
        </>
      )}
    </section>
  );
}
