/**
 * One entity: its risk per policy, the timeline of the selected policy's window, the
 * contributions and the detections behind them (with the event fields that matched), its
 * incident episodes, verdict buttons on each, the scorecards of the rules involved — which move
 * as verdicts land — and, for an attacker, its attribution profile.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError, get } from '../api';
import { RuleStateBadge, SeverityBadge, StateBadge } from '../components/badges';
import { RiskTimeline } from '../components/risk-timeline';
import { VerdictButtons } from '../components/verdict-buttons';
import { formatRatio, formatScore, formatTime, label } from '../model/format';
import type { EntityPage as Page, RuleList, RuleRow } from '../model/types';

const SCORECARD_POLL_MS = 1000;
const SCORECARD_POLL_FOR_MS = 20_000;

export function EntityPage() {
  const { type = '', value = '' } = useParams();
  const [page, setPage] = useState<Page | null>(null);
  const [rules, setRules] = useState<RuleList | null>(null);
  const [policy, setPolicy] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const poll = useRef<ReturnType<typeof setInterval> | null>(null);

  const load = useCallback(async () => {
    try {
      const [next, ruleList] = await Promise.all([
        get<Page>(`/api/v1/entities/${encodeURIComponent(type)}/${encodeURIComponent(value)}`),
        get<RuleList>('/api/v1/rules'),
      ]);
      setPage(next);
      setRules(ruleList);
      setProblem(null);
    } catch (error) {
      setProblem(error instanceof ApiError ? error.message : String(error));
    }
  }, [type, value]);

  useEffect(() => {
    void load();
    return () => {
      if (poll.current) clearInterval(poll.current);
    };
  }, [load]);

  const involved = useMemo(() => {
    if (!page) return [] as string[];
    const ids = new Set<string>();
    for (const p of page.risk?.policies ?? []) for (const c of p.contributions ?? []) ids.add(c.rule_id);
    for (const d of page.detections) ids.add(d.rule_id);
    for (const i of page.incidents) for (const s of i.sources) ids.add(s);
    return [...ids].sort();
  }, [page]);

  /** After a verdict: reload, then follow the rules' scorecards while the ingestor counts it. */
  const judged = (what: string) => {
    setNotice(`Verdict recorded on ${what}; following the rules' scorecards…`);
    void load();
    if (poll.current) clearInterval(poll.current);
    const until = Date.now() + SCORECARD_POLL_FOR_MS;
    poll.current = setInterval(() => {
      if (Date.now() > until && poll.current) {
        clearInterval(poll.current);
        setNotice(null);
        return;
      }
      void get<RuleList>('/api/v1/rules').then(setRules, () => undefined);
    }, SCORECARD_POLL_MS);
  };

  if (problem)
    return (
      <p role="alert" className="error">
        {problem}
      </p>
    );
  if (!page)
    return (
      <p aria-busy="true">
        Loading {type}:{value}…
      </p>
    );
  const windows = page.risk?.policies ?? [];
  const selected =
    windows.find((w) => w.policy === policy) ?? windows.find((w) => w.result_count > 0) ?? windows[0];
  const ruleRows = new Map((rules?.rules ?? []).map((r) => [r.id, r]));

  return (
    <article aria-labelledby="entity-title">
      <h1 id="entity-title">
        <span className="muted">{page.entity_type}:</span>
        {page.entity_value}
      </h1>
      {notice && (
        <p role="status" className="notice">
          {notice}
        </p>
      )}
      {!page.risk && <p className="muted">No risk in any window for this entity now.</p>}
      {windows.length > 0 && (
        <section aria-labelledby="risk-title">
          <h2 id="risk-title">Risk by policy</h2>
          <div className="policy-cards" role="group" aria-label="choose the policy to draw">
            {windows.map((w) => (
              <button
                key={w.policy}
                type="button"
                className="policy-card"
                aria-pressed={w.policy === selected?.policy}
                onClick={() => setPolicy(w.policy)}
              >
                <strong>{w.policy}</strong>
                <span>
                  score {formatScore(w.score)}
                  {w.score_threshold !== null && ` / ${formatScore(w.score_threshold)}`}
                </span>
                <span>
                  {formatScore(w.normalized_score)}/100 · {w.risk_level} ·{' '}
                  <SeverityBadge severity={w.severity} />
                </span>
                <span>
                  {w.tactic_count} tactics
                  {w.tactic_count_threshold !== null && ` / ${w.tactic_count_threshold}`} · {w.result_count}{' '}
                  contributions
                </span>
                {w.episode && (
                  <span>
                    episode rev {w.episode.revision} · {w.episode.above_threshold ? 'above' : 'fell below'}
                  </span>
                )}
              </button>
            ))}
          </div>
          {selected && selected.window_start && selected.window_end && (
            <RiskTimeline
              policy={selected.policy}
              contributions={selected.contributions ?? []}
              windowStart={selected.window_start}
              windowEnd={selected.window_end}
              threshold={selected.score_threshold}
            />
          )}
          {selected && (selected.contributions?.length ?? 0) > 0 && (
            <table className="contributions">
              <caption>Contributions in the {selected.policy} window</caption>
              <thead>
                <tr>
                  <th scope="col">Event time</th>
                  <th scope="col">Rule</th>
                  <th scope="col">Score</th>
                  <th scope="col">Tactics</th>
                  <th scope="col">Why</th>
                </tr>
              </thead>
              <tbody>
                {selected.contributions!.map((c) => (
                  <tr key={c.contribution_id}>
                    <td>{formatTime(c.event_time)}</td>
                    <td>{ruleRows.get(c.rule_id)?.title ?? c.rule_id}</td>
                    <td className="num">{formatScore(c.score)}</td>
                    <td>{c.tactics.map(label).join(', ')}</td>
                    <td>
                      {c.message}
                      {c.factors.length > 0 && <span className="muted"> · {c.factors.join(', ')}</span>}
                      {c.threat_objects.length > 0 && (
                        <span className="muted"> · {c.threat_objects.join(', ')}</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      )}

      <section aria-labelledby="incidents-title">
        <h2 id="incidents-title">Incidents</h2>
        {page.incidents.length === 0 && <p className="muted">No incident episode held for this entity.</p>}
        <ul className="incident-list">
          {page.incidents.map((i) => (
            <li key={i.risk_incident_id} data-testid="entity-incident" data-sources={i.sources.join(' ')}>
              <div className="incident-head">
                <SeverityBadge severity={i.severity} /> <strong>{i.policy}</strong> · {label(i.trigger)} ·
                score {formatScore(i.score)} · revision {i.revision ?? 1} ·{' '}
                {formatTime(i.episode_start ?? i.window_start)} → {formatTime(i.window_end)}{' '}
                <StateBadge state={i.state} />
              </div>
              <div className="muted">
                rules: {i.sources.map((s) => ruleRows.get(s)?.title ?? s).join(', ')} · tactics:{' '}
                {i.tactics.map(label).join(', ')}
              </div>
              <VerdictButtons
                subject={{ scope: 'incident', incident_id: i.risk_incident_id }}
                current={i.verdict?.verdict ?? null}
                name={`the ${i.policy} incident`}
                onJudged={() => judged(`the ${i.policy} incident`)}
              />
            </li>
          ))}
        </ul>
      </section>

      {involved.length > 0 && (
        <section aria-labelledby="rules-involved-title">
          <h2 id="rules-involved-title">Rules involved</h2>
          <table className="scorecards" data-testid="involved-rules">
            <thead>
              <tr>
                <th scope="col">Rule</th>
                <th scope="col">State</th>
                <th scope="col">FP ratio</th>
                <th scope="col">TP / FP / BTP</th>
                <th scope="col">Reason</th>
              </tr>
            </thead>
            <tbody>
              {involved.map((id) => (
                <InvolvedRule key={id} id={id} rule={ruleRows.get(id)} />
              ))}
            </tbody>
          </table>
        </section>
      )}

      <section aria-labelledby="detections-title">
        <h2 id="detections-title">Detections</h2>
        {page.detections.length === 0 && <p className="muted">No detection held for this entity.</p>}
        <ul className="detection-list">
          {page.detections.map((d) => (
            <li key={d.detection_id}>
              <div>
                <strong>{d.rule_title}</strong>{' '}
                <span className="muted">
                  ({d.level}, score {formatScore(d.score)})
                </span>{' '}
                · {formatTime(d.event_time)} · {d.techniques.join(', ')}
              </div>
              {d.evidence && (
                <dl className="evidence">
                  {Object.entries(d.evidence).map(([field, v]) => (
                    <div key={field}>
                      <dt>{field}</dt>
                      <dd>{typeof v === 'string' ? v : JSON.stringify(v)}</dd>
                    </div>
                  ))}
                </dl>
              )}
              <VerdictButtons
                subject={{ scope: 'detection', detection_id: d.detection_id }}
                current={d.verdict?.verdict ?? null}
                name={`the ${d.rule_title} detection`}
                onJudged={() => judged(`the ${d.rule_title} detection`)}
              />
            </li>
          ))}
        </ul>
      </section>

      {page.attribution && (
        <section aria-labelledby="attribution-title">
          <h2 id="attribution-title">Attribution profile</h2>
          <p>
            Identity <code>{page.attribution.identity_id}</code>
            {page.attribution.multi_actor_suspected && (
              <strong className="warning">
                {' '}
                · multi-actor suspected: {page.attribution.multi_actor_suspected.join(', ')}
              </strong>
            )}
          </p>
          <table>
            <thead>
              <tr>
                <th scope="col">Primitive</th>
                <th scope="col">Value</th>
                <th scope="col">State</th>
                <th scope="col">Confidence</th>
                <th scope="col">Observations</th>
              </tr>
            </thead>
            <tbody>
              {page.attribution.primitives.map((p) => (
                <tr key={p.primitive}>
                  <td>{p.primitive}</td>
                  <td>{JSON.stringify(p.current_value)}</td>
                  <td>{label(p.state)}</td>
                  <td className="num">{p.confidence.toFixed(2)}</td>
                  <td className="num">{p.observation_count}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      <p>
        <Link to="/">← Incident queue</Link>
      </p>
    </article>
  );
}

function InvolvedRule({ id, rule }: { id: string; rule: RuleRow | undefined }) {
  const card = rule?.scorecard;
  return (
    <tr data-rule-id={id}>
      <td>{rule?.title ?? id}</td>
      <td>
        <RuleStateBadge state={rule?.state ?? 'enabled'} />
        {rule?.state_record && <span className="muted"> ({label(rule.state_record.origin)})</span>}
      </td>
      <td className="num" data-testid="fp-ratio">
        {formatRatio(card?.fp_ratio)}
      </td>
      <td className="num" data-testid="verdict-counts">
        {card
          ? `${card.counts.true_positive} / ${card.counts.false_positive} / ${card.counts.benign_true_positive}`
          : '0 / 0 / 0'}
      </td>
      <td>{rule?.state_record?.reason ?? ''}</td>
    </tr>
  );
}
