/** Small labelled badges: severity, analyst state, rule state. Text always says what the colour does. */
import { label } from '../model/format';

export function SeverityBadge({ severity }: { severity: string | undefined }) {
  const s = severity ?? 'low';
  return <span className={`badge severity-${s}`}>{s}</span>;
}

export function StateBadge({ state }: { state: string }) {
  return <span className={`badge state-${state}`}>{label(state)}</span>;
}

export function RuleStateBadge({ state }: { state: string }) {
  return <span className={`badge rule-${state}`}>{state}</span>;
}
