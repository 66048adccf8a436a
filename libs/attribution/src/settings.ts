/**
 * Attribution settings: every merger threshold (defaults are the documented ones), the kind of
 * known primitives, the correlator's cadence, and the memory bounds. Parsed from YAML with
 * every problem named by its key path.
 */
import { SettingsReader, VALUE_KINDS, type ValueKind } from '@riskline/contracts';

export interface CategoricalSettings {
  readonly minObservations: number;
  readonly recent: number;
  /** A clear majority: the top value at least min(this, recent window size) times. */
  readonly clearMajority: number;
  /** Two values alternating in at least this many recent observations can be two actors. */
  readonly minAlternating: number;
  readonly multiActorConfidenceCap: number;
}

export interface NumericSettings {
  readonly minObservations: number;
  readonly recent: number;
  readonly alpha: number;
  readonly maxCv: number;
  readonly conflictedConfidence: number;
  /** Relative shift of the recent mean from the previous one that is drift. */
  readonly driftShift: number;
}

export interface HashSettings {
  readonly windowMs: number;
  /** Rotations up to this are drifting; more are conflicted. */
  readonly driftingMaxRotations: number;
}

export interface AttributionSettings {
  readonly categorical: CategoricalSettings;
  readonly numeric: NumericSettings;
  readonly hash: HashSettings;
  /** Observations kept per primitive besides those the hash window needs. */
  readonly history: number;
  readonly correlatorEveryMs: number;
  readonly multiActorMinPrimitives: number;
  /** Kinds of known primitives; an observation's own value_kind wins, else categorical. */
  readonly primitives: ReadonlyMap<string, ValueKind>;
  readonly maxIdentities: number;
  readonly maxSeenIds: number;
  /** How long (event time) observation ids are remembered for redelivery. */
  readonly seenIdsMs: number;
}

export const DEFAULT_ATTRIBUTION_YAML = `# Riskline attribution settings
categorical: {min_observations: 3, recent: 5, clear_majority: 4, min_alternating: 4, multi_actor_confidence_cap: 0.6}
numeric: {min_observations: 3, recent: 5, alpha: 0.3, max_cv: 1.0, conflicted_confidence: 0.5, drift_shift: 0.3}
hash: {window: 24h, drifting_max_rotations: 2}
history: 10
correlator: {every: 60s, min_primitives: 2}
primitives:
  motor.input_modality: categorical
  motor.keyboard_layout: categorical
  timing.inter_command_ms: numeric
  tooling.ssh_client_hash: hash
max_identities: 100000
max_seen_ids: 100000
seen_ids_for: 7d
`;

export function parseAttributionSettings(text: string): AttributionSettings {
  const read = new SettingsReader('attribution settings');
  const root = read.root(text, [
    'categorical',
    'numeric',
    'hash',
    'history',
    'correlator',
    'primitives',
    'max_identities',
    'max_seen_ids',
    'seen_ids_for',
  ]);
  const c = read.section(root, 'categorical', [
    'min_observations',
    'recent',
    'clear_majority',
    'min_alternating',
    'multi_actor_confidence_cap',
  ]);
  const n = read.section(root, 'numeric', [
    'min_observations',
    'recent',
    'alpha',
    'max_cv',
    'conflicted_confidence',
    'drift_shift',
  ]);
  const h = read.section(root, 'hash', ['window', 'drifting_max_rotations']);
  const corr = read.section(root, 'correlator', ['every', 'min_primitives']);
  const declared = read.section(root, 'primitives', Object.keys(root['primitives'] ?? {}));
  const primitives = new Map<string, ValueKind>();
  for (const name of Object.keys(declared))
    primitives.set(name, read.oneOf(declared, name, 'primitives.', VALUE_KINDS, 'categorical'));
  const unbounded = Number.MAX_VALUE;
  const settings: AttributionSettings = {
    categorical: {
      minObservations: read.positiveInt(c, 'min_observations', 'categorical.', 3),
      recent: read.positiveInt(c, 'recent', 'categorical.', 5),
      clearMajority: read.positiveInt(c, 'clear_majority', 'categorical.', 4),
      minAlternating: read.positiveInt(c, 'min_alternating', 'categorical.', 4),
      multiActorConfidenceCap: read.number(c, 'multi_actor_confidence_cap', 'categorical.', 0.6),
    },
    numeric: {
      minObservations: read.positiveInt(n, 'min_observations', 'numeric.', 3),
      recent: read.positiveInt(n, 'recent', 'numeric.', 5),
      alpha: read.number(n, 'alpha', 'numeric.', 0.3),
      maxCv: read.number(n, 'max_cv', 'numeric.', 1.0, unbounded),
      conflictedConfidence: read.number(n, 'conflicted_confidence', 'numeric.', 0.5),
      driftShift: read.number(n, 'drift_shift', 'numeric.', 0.3, unbounded),
    },
    hash: {
      windowMs: read.duration(h, 'window', 'hash.', '24h'),
      driftingMaxRotations: read.positiveInt(h, 'drifting_max_rotations', 'hash.', 2),
    },
    history: read.positiveInt(root, 'history', '', 10),
    correlatorEveryMs: read.duration(corr, 'every', 'correlator.', '60s'),
    multiActorMinPrimitives: read.positiveInt(corr, 'min_primitives', 'correlator.', 2),
    primitives,
    maxIdentities: read.positiveInt(root, 'max_identities', '', 100_000),
    maxSeenIds: read.positiveInt(root, 'max_seen_ids', '', 100_000),
    seenIdsMs: read.duration(root, 'seen_ids_for', '', '7d'),
  };
  if (settings.history < Math.max(2 * settings.categorical.recent, 2 * settings.numeric.recent))
    read.report('history', 'must hold two recent windows (the recent one and the previous one)');
  return read.done(settings);
}
