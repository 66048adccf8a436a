/**
 * Rules: every loaded rule with its live state, false-positive ratio and its trend, verdict
 * counts and why it was clipped; operators set a state (with a reason and an optional expiry)
 * or clear it.
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { ApiError, del, get, post, type FieldProblem } from '../api';
import { RuleStateBadge } from '../components/badges';
import { FpTrend } from '../components/fp-trend';
import { formatRatio, formatTime, label, utcInput } from '../model/format';
import type { RuleList, RuleRow } from '../model/types';

export function RulesPage() {
  const [list, setList] = useState<RuleList | null>(null);
  const [filter, setFilter] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      setList(await get<RuleList>('/api/v1/rules'));
      setProblem(null);
    } catch (error) {
      setProblem((error as Error).message);
    }
  }, []);
  useEffect(() => void load(), [load]);
  if (problem)
    return (
      <p role="alert" className="error">
        {problem}
      </p>
    );
  if (!list) return <p aria-busy="true">Loading rules…</p>;
  const needle = filter.toLowerCase();
  const rules = list.rules
    .filter((r) => !needle || r.title.toLowerCase().includes(needle) || r.id.toLowerCase().includes(needle))
    .sort(
      (a, b) =>
        (b.scorecard?.fp_ratio ?? -1) - (a.scorecard?.fp_ratio ?? -1) ||
        (b.scorecard?.counts.total ?? 0) - (a.scorecard?.counts.total ?? 0) ||
        a.title.localeCompare(b.title),
    );
  return (
    <section aria-labelledby="rules-title">
      <h1 id="rules-title">Rules</h1>
      <p className="muted">
        {list.counts.loaded} loaded, {list.counts.unmapped} unmapped, {list.counts.failed} failed to load.
        Auto-clip {list.auto_clip.enabled ? 'on' : 'off'}: clipped at a false-positive ratio of{' '}
        {formatRatio(list.auto_clip.threshold)} over at least {list.min_sample} verdicts, released below{' '}
        {formatRatio(list.auto_clip.release_below)}.
      </p>
      <label className="search">
        Find a rule
        <input type="search" value={filter} onChange={(e) => setFilter(e.target.value)} />
      </label>
      <table className="rules" data-testid="rules-table">
        <thead>
          <tr>
            <th scope="col">Rule</th>
            <th scope="col">Level</th>
            <th scope="col">State</th>
            <th scope="col">FP ratio</th>
            <th scope="col">Trend</th>
            <th scope="col">TP / FP / BTP</th>
            <th scope="col">Operator</th>
          </tr>
        </thead>
        <tbody>
          {rules.map((r) => (
            <RuleLine
              key={r.id}
              rule={r}
              threshold={list.auto_clip.threshold}
              onChanged={() => void load()}
            />
          ))}
        </tbody>
      </table>
    </section>
  );
}

function RuleLine({
  rule,
  threshold,
  onChanged,
}: {
  rule: RuleRow;
  threshold: number;
  onChanged: () => void;
}) {
  const record = rule.state_record;
  const counts = rule.scorecard?.counts;
  return (
    <tr data-rule-id={rule.id}>
      <th scope="row">
        {rule.title}
        <div className="muted small">
          {rule.id} · {rule.kind} · {rule.techniques.join(', ')}
        </div>
      </th>
      <td>{rule.level}</td>
      <td>
        <RuleStateBadge state={rule.state} />
        {record && (
          <div className="small">
            <span className="muted">by {label(record.origin)}</span> · {record.reason}
            {record.expires_at && <span className="muted"> (until {formatTime(record.expires_at)})</span>}
          </div>
        )}
      </td>
      <td className="num">{formatRatio(rule.scorecard?.fp_ratio)}</td>
      <td>
        <FpTrend points={rule.fp_trend} threshold={threshold} />
      </td>
      <td className="num">
        {counts ? `${counts.true_positive} / ${counts.false_positive} / ${counts.benign_true_positive}` : '—'}
      </td>
      <td>
        <StateEditor rule={rule} onChanged={onChanged} />
      </td>
    </tr>
  );
}

function StateEditor({ rule, onChanged }: { rule: RuleRow; onChanged: () => void }) {
  const [state, setState] = useState<'disabled' | 'clipped'>('disabled');
  const [reason, setReason] = useState('');
  const [expires, setExpires] = useState('');
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  const id = `state-${rule.id}`;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblems([]);
    setMessage(null);
    try {
      const expiresAt = utcInput(expires);
      await post(`/api/v1/rules/${encodeURIComponent(rule.id)}/state`, {
        state,
        reason,
        ...(expiresAt ? { expires_at: expiresAt } : {}),
      });
      setMessage(`${state}; the taggers apply it within seconds`);
      setTimeout(onChanged, 1000);
    } catch (error) {
      if (error instanceof ApiError) {
        setProblems(error.fields);
        setMessage(error.message);
      } else setMessage(String(error));
    }
  };
  const clear = async () => {
    try {
      await del(`/api/v1/rules/${encodeURIComponent(rule.id)}/state`);
      setMessage('cleared');
      setTimeout(onChanged, 1000);
    } catch (error) {
      setMessage((error as Error).message);
    }
  };
  return (
    <details>
      <summary>Set state</summary>
      <form onSubmit={(e) => void submit(e)} className="state-form">
        <label htmlFor={`${id}-state`}>State</label>
        <select
          id={`${id}-state`}
          value={state}
          onChange={(e) => setState(e.target.value as 'disabled' | 'clipped')}
        >
          <option value="disabled">disabled</option>
          <option value="clipped">clipped</option>
        </select>
        <label htmlFor={`${id}-reason`}>Reason</label>
        <input id={`${id}-reason`} required value={reason} onChange={(e) => setReason(e.target.value)} />
        <label htmlFor={`${id}-expires`}>Expires (UTC)</label>
        <input
          id={`${id}-expires`}
          type="datetime-local"
          value={expires}
          onChange={(e) => setExpires(e.target.value)}
        />
        <button type="submit">Apply</button>
        {rule.state_record && (
          <button type="button" onClick={() => void clear()}>
            Clear state
          </button>
        )}
        {message && (
          <p role="status" className="small">
            {message}
          </p>
        )}
        {problems.map((p) => (
          <p key={p.path} role="alert" className="error small">
            {p.path}: {p.messages.join('; ')}
          </p>
        ))}
      </form>
    </details>
  );
}
