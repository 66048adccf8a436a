/**
 * MITRE ATT&CK vocabulary shared by every message: the 14 Enterprise tactics by their
 * canonical short names (hyphenated, as MITRE publishes them) and the technique id shape.
 * Invariant: a tactic on the wire is always one of these slugs, whatever spelling a rule used.
 */
export const ATTACK_TACTICS = [
  'reconnaissance',
  'resource-development',
  'initial-access',
  'execution',
  'persistence',
  'privilege-escalation',
  'defense-evasion',
  'credential-access',
  'discovery',
  'lateral-movement',
  'collection',
  'command-and-control',
  'exfiltration',
  'impact',
] as const;

export type AttackTactic = (typeof ATTACK_TACTICS)[number];

/** `T1059` or `T1059.001`, upper-case T. */
export const TECHNIQUE_ID_PATTERN = /^T\d{4}(?:\.\d{3})?$/;

export const SEVERITY_LEVELS = ['informational', 'low', 'medium', 'high', 'critical'] as const;
export type SeverityLevel = (typeof SEVERITY_LEVELS)[number];
