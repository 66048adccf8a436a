/**
 * The demo's analysts: they judge what the demo raised and post the verdicts to the
 * disposition ingestor — admins' whoami firings are false positives, the attack stories' firings
 * and every risk incident true positives — then show the per-rule scorecards and the rules the
 * feedback loop clipped.
 */
import type { Detection, Disposition, RiskIncident } from '@riskline/contracts';

const ATTACK_ENTITIES = new Set(['user:corp\\svc-backup', 'src_ip:203.0.113.77']);
const NOISY_RULE = 'riskline-discovery-whoami';
const JUDGED_AFTER_MS = 30 * 60_000;
const WAIT_MS = 30_000;

interface RuleView {
  rule_id: string;
  counts: { true_positive: number; false_positive: number; benign_true_positive: number; total: number };
  fp_ratio: number | null;
  rule_state: { state: string; origin: string; reason: string } | null;
}

function verdictsFor(detections: readonly Detection[], incidents: readonly RiskIncident[]): Disposition[] {
  // Never later than now: the verdict is produced now, and the ingestor refuses a verdict time
  // further ahead of its record's timestamp than the allowed skew (a demo run's event time
  // may lie ahead of the clock, see replay-scenario.ts).
  const judgedAt = (time: string) =>
    new Date(Math.min(Date.parse(time) + JUDGED_AFTER_MS, Date.now())).toISOString();
  const verdicts = detections.flatMap((d): Disposition[] => {
    const attack = d.entities.some((e) => ATTACK_ENTITIES.has(`${e.type}:${e.value.toLowerCase()}`));
    if (!attack && d.rule_id !== NOISY_RULE) return [];
    return [
      {
        schema_version: 1,
        rule_id: d.rule_id,
        verdict: attack ? 'true_positive' : 'false_positive',
        scope: 'detection',
        fingerprint: d.detection_id,
        timestamp: judgedAt(d.event_time),
        analyst: attack ? 'tier2-ir' : 'tier1-triage',
        ...(attack ? {} : { note: 'admin running whoami during maintenance' }),
      },
    ];
  });
  // An incident raised by admins' whoami alone is noise; any other is an attack.
  for (const i of incidents)
    verdicts.push({
      schema_version: 1,
      verdict: i.sources.every((rule) => rule === NOISY_RULE) ? 'false_positive' : 'true_positive',
      scope: 'incident',
      incident_id: i.risk_incident_id,
      timestamp: judgedAt(i.window_end),
      analyst: 'tier2-ir',
    });
  return verdicts;
}

export async function judgeAndReport(
  detections: readonly Detection[],
  incidents: readonly RiskIncident[],
  url: string,
  token: string,
): Promise<void> {
  const verdicts = verdictsFor(detections, incidents);
  if (verdicts.length === 0) return;
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' };
  const response = await fetch(`${url}/api/v1/dispositions`, {
    method: 'POST',
    headers,
    body: verdicts.map((v) => JSON.stringify(v)).join('\n'),
  });
  const answer = (await response.json()) as { accepted: number; duplicate: number; rejected: number };
  console.log(
    `[demo] analysts posted ${verdicts.length} verdicts to ${url}/api/v1/dispositions: ${answer.accepted} accepted, ${answer.duplicate} duplicate, ${answer.rejected} rejected`,
  );
  const deadline = Date.now() + WAIT_MS;
  let rules: RuleView[] = [];
  while (Date.now() < deadline) {
    const listed = (await (await fetch(`${url}/api/v1/dispositions`, { headers })).json()) as {
      rules: RuleView[];
    };
    rules = listed.rules;
    const noisy = rules.find((r) => r.rule_id === NOISY_RULE);
    if (noisy?.rule_state || (answer.accepted === 0 && noisy)) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  console.log('[demo] rule scorecards (verdicts in the last 30 days; FP ratio from 5 verdicts):');
  for (const r of rules.slice(0, 6)) {
    const ratio = r.fp_ratio === null ? '  n/a' : r.fp_ratio.toFixed(2).padStart(5);
    const state = r.rule_state ? `${r.rule_state.state} (${r.rule_state.origin})` : 'enabled';
    console.log(
      `[demo]   ${ratio}  ${r.rule_id.padEnd(44)} tp ${r.counts.true_positive}  fp ${r.counts.false_positive}  → ${state}`,
    );
  }
  for (const r of rules.filter(
    (x) => x.rule_state?.origin === 'auto_clip' && x.rule_state.state === 'clipped',
  ))
    console.log(`[demo] auto-clipped ${r.rule_id}: ${r.rule_state!.reason}`);
}
