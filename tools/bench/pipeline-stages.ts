/**
 * The two stages of `bench:pipeline` for the runtime's worker processes (STAGE=tagger|risk):
 * the tagger over the bundled rule pack and the risk accumulator with the shipped policies plus
 * a latency probe — a policy any single contribution crosses, once per entity per minute of
 * event time, so the event → incident latency is sampled all through a run rather than only
 * when an attack story completes. Topic names come from the RISKLINE_TOPIC_* environment.
 */
import { resolve } from 'node:path';
import { topicNames } from '@riskline/contracts';
import { parseRiskSettings, riskProcessor } from '@riskline/risk';
import { taggerForRules } from '@riskline/tagging/testing';

export const PIPELINE_RISK_SETTINGS = parseRiskSettings(`policies:
  - {name: score-24h, window: 24h, score_threshold: 100, cooldown: 1h}
  - {name: tactics-7d, window: 7d, tactic_count_threshold: 3, min_sources: 4, cooldown: 1h}
  - {name: latency-probe, window: 1m, score_threshold: 1, cooldown: 1m}
`);

export function createProcessor(env: NodeJS.ProcessEnv) {
  const topics = topicNames(env);
  const name = env['SERVICE']!;
  if (env['STAGE'] === 'tagger')
    return { ...taggerForRules([resolve(__dirname, '../../rules')], topics).processor, name };
  if (env['STAGE'] === 'risk') return { ...riskProcessor(topics, PIPELINE_RISK_SETTINGS), name };
  throw new Error(`STAGE must be tagger or risk, not ${env['STAGE']}`);
}
