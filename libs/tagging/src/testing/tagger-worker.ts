/**
 * The tagger processor (bundled rule pack, shipped defaults) for the runtime's worker
 * processes: what the scale benchmark runs as separate instances.
 */
import { resolve } from 'node:path';
import { topicNames } from '@riskline/contracts';
import { taggerForRules } from './bundled-tagger';

export function createProcessor(env: NodeJS.ProcessEnv) {
  const topics = topicNames({
    RISKLINE_TOPIC_EVENTS: env['INPUT_TOPIC'],
    RISKLINE_TOPIC_DETECTIONS: env['OUTPUT_TOPIC'],
    RISKLINE_TOPIC_RISK_CONTRIBUTIONS: env['OUTPUT_TOPIC'],
  });
  const { processor } = taggerForRules([resolve(__dirname, '../../../../rules')], topics);
  return { ...processor, name: env['SERVICE']! };
}
