/**
 * The verdict store for the runtime's worker processes and its reference run: a 7-day window
 * of daily buckets and a small minimum sample, so a test stream prunes, clips and releases;
 * scorecards and rule states both go to the scenario's output topic.
 */
import { topicNames, VERDICTS } from '@riskline/contracts';
import { parseDispositionSettings } from '../settings';
import { verdictStoreProcessor } from '../verdict-store-processor';

export const TEST_SETTINGS = parseDispositionSettings(`window: 7d
bucket: 1d
min_sample: 3
max_seen_keys: 5000
auto_clip: {threshold: 0.5, release_below: 0.3, confidence_max: 0.2}
`);

export function createProcessor(env: NodeJS.ProcessEnv) {
  const topics = topicNames({
    RISKLINE_TOPIC_DISPOSITIONS_BY_RULE: env['INPUT_TOPIC'],
    RISKLINE_TOPIC_RULE_SCORECARDS: env['OUTPUT_TOPIC'],
    RISKLINE_TOPIC_RULE_STATE: env['OUTPUT_TOPIC'],
  });
  return { ...verdictStoreProcessor(topics, TEST_SETTINGS), name: env['SERVICE']! };
}

const START_MS = Date.UTC(2026, 0, 1);

/**
 * Every 97th record is a relayed rule-state control record instead of a verdict: in turn an
 * operator's hand-set state on a rule (every other one expiring after 30 minutes of event time)
 * and, 97 records later, its tombstone — so the store withholds auto-clip and resumes it.
 */
function ruleStateRelayAt(i: number): { key: string; value: string } {
  const turn = i / 97;
  const rule = `rule-${(Math.floor(turn / 2) * 37) % 200}`;
  const at = new Date(START_MS + i * 60_000).toISOString();
  const hold = turn % 2 === 0;
  const state = hold
    ? {
        schema_version: 1,
        rule_id: rule,
        state: 'disabled',
        reason: 'operator investigating',
        set_by: 'analyst-0',
        set_at: at,
        origin: 'operator',
        ...(turn % 4 === 0 ? { expires_at: new Date(START_MS + (i + 30) * 60_000).toISOString() } : {}),
      }
    : null;
  const relay = { schema_version: 1, control: 'rule_state', rule_id: rule, state, relayed_at: at };
  return { key: rule, value: JSON.stringify(relay) };
}

/**
 * Record i: a relayed rule state every 97th (above); otherwise verdicts over 200 rules, one minute of event time apart (≈ 28 days over 40k), noisier rules
 * for lower ids and noise that comes and goes; every 11th redelivers verdict i − 5 and every
 * 37th arrives 9 days late.
 */
export function ruleVerdictAt(i: number): { key: string; value: string } {
  if (i > 0 && i % 97 === 0) return ruleStateRelayAt(i);
  const source = i % 11 === 0 && i >= 5 ? i - 5 : i;
  const rule = `rule-${(source * 7919) % 200}`;
  const phase = Math.floor(source / 8000) % 2;
  const noisy = (source * 31) % 100 < (phase === 0 ? 70 : 20) - ((source * 7919) % 200) / 10;
  const verdict = noisy ? VERDICTS[1 + (source % 2)]! : VERDICTS[0];
  const late = source % 37 === 0 ? 9 * 86_400_000 : 0;
  const record = {
    schema_version: 1,
    rule_id: rule,
    verdict,
    timestamp: new Date(START_MS + source * 60_000 - late).toISOString(),
    dedup_key: JSON.stringify(['fingerprint', `det-${source}`, verdict, rule]),
    origin: { scope: 'detection', fingerprint: `det-${source}`, analyst: `analyst-${source % 7}` },
  };
  return { key: rule, value: JSON.stringify(record) };
}
