/**
 * The demo's behavioural observations of attackers, as an SSH honeypot's session profiler
 * would report them, one per primitive per session, ten minutes apart. Deterministic. Pure.
 *
 * - `hp-203.0.113.77` (the honeypot story's attacker): two operators share the access — input
 *   alternates typed / pasted and the keyboard layout en-US / ru-RU, session after session.
 * - `hp-198.51.100.9`: one careful operator — everything steady.
 * - `hp-192.0.2.44`: a new operator takes over half-way — typing turns to pasting, the pace
 *   doubles, a new SSH client appears.
 */
import type { AttackerObservation } from '@riskline/contracts';

export const TWO_OPERATOR_ATTACKER = 'hp-203.0.113.77';
const SESSIONS = 8;
const SESSION_GAP_MS = 10 * 60_000;

type Profile = (session: number) => Record<string, unknown>;

const PROFILES: Record<string, Profile> = {
  [TWO_OPERATOR_ATTACKER]: (s) => ({
    'motor.input_modality': s % 2 === 0 ? 'typed' : 'pasted',
    'motor.keyboard_layout': s % 2 === 0 ? 'en-US' : 'ru-RU',
    'timing.inter_command_ms': s % 2 === 0 ? 1800 + (s % 3) * 40 : 1650 + (s % 3) * 30,
    'tooling.ssh_client_hash': 'c0ffee5a',
  }),
  'hp-198.51.100.9': (s) => ({
    'motor.input_modality': 'typed',
    'motor.keyboard_layout': 'en-GB',
    'timing.inter_command_ms': 2400 + (s % 2) * 25,
    'tooling.ssh_client_hash': '5eed1e55',
  }),
  'hp-192.0.2.44': (s) => ({
    'motor.input_modality': s < SESSIONS / 2 ? 'typed' : 'pasted',
    'motor.keyboard_layout': 'en-US',
    'timing.inter_command_ms': s < SESSIONS / 2 ? 2000 + s * 10 : 900 + s * 10,
    'tooling.ssh_client_hash': s < SESSIONS / 2 ? 'aa11bb22' : 'cc33dd44',
  }),
};

export const DEMO_ATTACKERS: readonly string[] = Object.keys(PROFILES);

/** Observation ids carry `startMs`, so each demo run's observations are new ones. */
export function generateObservations(startMs: number): AttackerObservation[] {
  const out: AttackerObservation[] = [];
  for (let session = 0; session < SESSIONS; session++)
    for (const [attacker, profile] of Object.entries(PROFILES))
      for (const [primitive, value] of Object.entries(profile(session)))
        out.push({
          schema_version: 1,
          id: `demo-${startMs}-${attacker}-${primitive}-${session}`,
          attacker_id: attacker,
          primitive,
          value,
          ts: new Date(startMs + session * SESSION_GAP_MS).toISOString(),
          confidence: 0.85,
          evidence_ref: `honeypot-session-${attacker}-${session}`,
        });
  return out;
}
