/**
 * The incident queue: episodes sorted by severity, score or time and filtered by entity type,
 * policy and analyst state (kept in the URL), refreshed live from the server-sent feed, with the
 * rows that just changed marked.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { entityPath, get } from '../api';
import { SeverityBadge, StateBadge } from '../components/badges';
import { formatScore, formatTime, label } from '../model/format';
import type { Incident } from '../model/types';

const STATES = ['untriaged', 'true_positive', 'false_positive', 'benign_true_positive'];
const REFRESH_DEBOUNCE_MS = 300;

interface QueueAnswer {
  held: number;
  incidents: Incident[];
}

export function IncidentQueuePage() {
  const [params, setParams] = useSearchParams();
  const [answer, setAnswer] = useState<QueueAnswer | null>(null);
  const [known, setKnown] = useState<{ types: Set<string>; policies: Set<string> }>({
    types: new Set(),
    policies: new Set(),
  });
  const [fresh, setFresh] = useState<Set<string>>(new Set());
  const [live, setLive] = useState<'connecting' | 'live' | 'reconnecting'>('connecting');
  const [problem, setProblem] = useState<string | null>(null);
  const query = params.toString();

  const load = useCallback(async () => {
    try {
      const next = await get<QueueAnswer>(`/api/v1/incidents?${query}`);
      setAnswer(next);
      setProblem(null);
      setKnown((k) => ({
        types: new Set([...k.types, ...next.incidents.map((i) => i.entity_type)]),
        policies: new Set([...k.policies, ...next.incidents.map((i) => i.policy)]),
      }));
    } catch (error) {
      setProblem((error as Error).message);
    }
  }, [query]);

  useEffect(() => void load(), [load]);

  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => {
    const feed = new EventSource('/api/v1/incidents/stream');
    feed.onopen = () => setLive('live');
    feed.onerror = () => setLive('reconnecting');
    feed.addEventListener('incident', (event) => {
      const incident = JSON.parse((event as MessageEvent<string>).data) as Incident;
      setFresh((f) => new Set(f).add(incident.risk_incident_id));
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(() => void load(), REFRESH_DEBOUNCE_MS);
    });
    return () => {
      feed.close();
      if (timer.current) clearTimeout(timer.current);
    };
  }, [load]);

  const setParam = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  const sort = params.get('sort') ?? 'severity';
  const order = params.get('order') ?? 'desc';
  const sortBy = (key: string) => {
    const next = new URLSearchParams(params);
    next.set('sort', key);
    next.set('order', sort === key && order === 'desc' ? 'asc' : 'desc');
    setParams(next, { replace: true });
  };
  const ariaSort = (key: string) => (sort === key ? (order === 'desc' ? 'descending' : 'ascending') : 'none');
  const types = useMemo(() => [...known.types].sort(), [known]);
  const policies = useMemo(() => [...known.policies].sort(), [known]);

  return (
    <section aria-labelledby="queue-title">
      <div className="page-head">
        <h1 id="queue-title">Incident queue</h1>
        <span className={`live live-${live}`} role="status" aria-live="polite">
          {live === 'live' ? 'Live' : live === 'connecting' ? 'Connecting…' : 'Reconnecting…'}
          {fresh.size > 0 ? ` · ${fresh.size} updated` : ''}
        </span>
      </div>
      <form className="filters" aria-label="filter incidents" onSubmit={(e) => e.preventDefault()}>
        <label>
          Entity type
          <select
            value={params.get('entity_type') ?? ''}
            onChange={(e) => setParam('entity_type', e.target.value)}
          >
            <option value="">all</option>
            {types.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
        </label>
        <label>
          Policy
          <select value={params.get('policy') ?? ''} onChange={(e) => setParam('policy', e.target.value)}>
            <option value="">all</option>
            {policies.map((p) => (
              <option key={p}>{p}</option>
            ))}
          </select>
        </label>
        <label>
          State
          <select value={params.get('state') ?? ''} onChange={(e) => setParam('state', e.target.value)}>
            <option value="">all</option>
            {STATES.map((s) => (
              <option key={s} value={s}>
                {label(s)}
              </option>
            ))}
          </select>
        </label>
      </form>
      <EntityLookup />
      {problem && (
        <p role="alert" className="error">
          {problem}
        </p>
      )}
      {answer && (
        <table className="queue" data-testid="incident-queue">
          <caption className="muted">
            {answer.incidents.length} of {answer.held} episodes held
          </caption>
          <thead>
            <tr>
              <th scope="col" aria-sort={ariaSort('severity')}>
                <button type="button" className="sort" onClick={() => sortBy('severity')}>
                  Severity
                </button>
              </th>
              <th scope="col" aria-sort={ariaSort('score')}>
                <button type="button" className="sort" onClick={() => sortBy('score')}>
                  Score
                </button>
              </th>
              <th scope="col">Entity</th>
              <th scope="col">Policy</th>
              <th scope="col">Tactics</th>
              <th scope="col">Rules</th>
              <th scope="col">Revision</th>
              <th scope="col" aria-sort={ariaSort('time')}>
                <button type="button" className="sort" onClick={() => sortBy('time')}>
                  Last event
                </button>
              </th>
              <th scope="col">State</th>
            </tr>
          </thead>
          <tbody>
            {answer.incidents.map((i) => (
              <tr key={i.risk_incident_id} className={fresh.has(i.risk_incident_id) ? 'fresh' : undefined}>
                <td>
                  <SeverityBadge severity={i.severity} />
                </td>
                <td className="num">
                  {formatScore(i.score)}
                  {i.normalized_score !== undefined && (
                    <span className="muted"> · {formatScore(i.normalized_score)}/100</span>
                  )}
                </td>
                <td>
                  <Link to={entityPath(i.entity_type, i.entity_value)}>
                    {i.entity_type}:{i.entity_value}
                  </Link>
                </td>
                <td>
                  {i.policy} <span className="muted">({label(i.trigger)})</span>
                </td>
                <td className="num" title={i.tactics.map(label).join(', ')}>
                  {i.tactic_count}
                </td>
                <td title={i.sources.join(', ')}>{i.sources.length}</td>
                <td className="num">{i.revision ?? 1}</td>
                <td>{formatTime(i.window_end)}</td>
                <td>
                  <StateBadge state={i.state} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function EntityLookup() {
  const navigate = useNavigate();
  const [type, setType] = useState('user');
  const [value, setValue] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (value.trim()) void navigate(entityPath(type.trim(), value.trim()));
  };
  return (
    <form className="lookup" onSubmit={submit} aria-label="open an entity">
      <label>
        Type
        <input value={type} onChange={(e) => setType(e.target.value)} size={10} />
      </label>
      <label>
        Value
        <input
          value={value}
          onChange={(e) => setValue(e.target.value)}
          placeholder="corp\alice, attacker id…"
        />
      </label>
      <button type="submit">Open entity</button>
    </form>
  );
}
