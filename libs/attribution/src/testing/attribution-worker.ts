/**
 * The attribution processor for the runtime's worker processes and its reference run, with the
 * default settings, and a deterministic observation stream that visits every merger state.
 */
import { parseAttributionSettings } from '../settings';
import { topicNames } from '@riskline/contracts';
import { attributionProcessor } from '../attribution-processor';

export const TEST_SETTINGS = parseAttributionSettings('');

export function createProcessor(env: NodeJS.ProcessEnv) {
  const topics = topicNames({
    RISKLINE_TOPIC_ATTACKER_OBSERVATIONS: env['INPUT_TOPIC'],
    RISKLINE_TOPIC_ATTRIBUTION_EVENTS: env['OUTPUT_TOPIC'],
  });
  return { ...attributionProcessor(topics, TEST_SETTINGS), name: env['SERVICE']! };
}

const PRIMITIVES = [
  'motor.input_modality',
  'motor.keyboard_layout',
  'timing.inter_command_ms',
  'tooling.ssh_client_hash',
] as const;

/** The value of observation `n` of one attacker's primitive: each attacker has a temperament. */
function valueOf(primitive: (typeof PRIMITIVES)[number], attacker: number, n: number): unknown {
  const temperament = attacker % 4; // 0 steady, 1 two actors, 2 drifting, 3 noisy
  const phase = Math.floor(n / 12) % 2;
  switch (primitive) {
    case 'timing.inter_command_ms':
      return temperament === 3
        ? (n * 7919) % 3000
        : temperament === 2
          ? 400 + phase * 300
          : 400 + (n % 3) * 5;
    case 'tooling.ssh_client_hash':
      return temperament === 3 ? `h${n % 5}` : temperament === 2 ? `h${Math.floor(n / 20)}` : 'h0';
    default: {
      const pair = primitive === 'motor.input_modality' ? ['typed', 'pasted'] : ['en-US', 'de-DE'];
      if (temperament === 1) return pair[(n + phase) % 2];
      if (temperament === 2) return pair[phase];
      if (temperament === 3) return ['a', 'b', 'c'][(n * 31) % 3];
      return pair[n % 9 === 0 ? 1 : 0];
    }
  }
}

/**
 * Observation i: 400 attackers, 5 s of event time apart, the odd one 2 minutes late; every
 * 13th is a redelivery of observation i − 4 (same id, same bytes).
 */
export function observationAt(i: number): { key: string; value: string } {
  const source = i % 13 === 0 && i >= 4 ? i - 4 : i;
  const combo = source % 1600;
  const attacker = (combo * 7919) % 400;
  const primitive = PRIMITIVES[Math.floor(combo / 400)]!;
  const n = Math.floor(source / 1600);
  const late = source % 17 === 0 ? 120_000 : 0;
  const observation = {
    schema_version: 1,
    id: `obs-${source}`,
    attacker_id: `actor-${attacker}`,
    primitive,
    value: valueOf(primitive, attacker, n),
    ts: new Date(Date.UTC(2026, 0, 1) + source * 5000 - late).toISOString(),
    confidence: 0.8,
    evidence_ref: `session-${source % 97}`,
  };
  return { key: observation.attacker_id, value: JSON.stringify(observation) };
}
