/**
 * Attribution settings: every merger threshold (defaults are the documented ones), the kind of
 * known primitives, the correlator's cadence, and the memory bounds. Read from YAML by
 * `AttributionSettingsFile` (libs/settings: defaults are its initialisers, every problem named
 * by its key path).
 */
import { parseDuration, VALUE_KINDS, type ValueKind } from '@riskline/contracts';
import {
  Duration,
  Entries,
  NumberIn,
  PositiveInt,
  readSettings,
  Section,
  type EntryProblem,
  type SettingsProblem,
} from '@riskline/settings';

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

class CategoricalFile {
  @PositiveInt() min_observations = 3;
  @PositiveInt() recent = 5;
  @PositiveInt() clear_majority = 4;
  @PositiveInt() min_alternating = 4;
  @NumberIn() multi_actor_confidence_cap = 0.6;
}

class NumericFile {
  @PositiveInt() min_observations = 3;
  @PositiveInt() recent = 5;
  @NumberIn() alpha = 0.3;
  @NumberIn({ max: Infinity }) max_cv = 1.0;
  @NumberIn() conflicted_confidence = 0.5;
  @NumberIn({ max: Infinity }) drift_shift = 0.3;
}

class HashFile {
  @Duration() window = '24h';
  @PositiveInt() drifting_max_rotations = 2;
}

class CorrelatorFile {
  @Duration() every = '60s';
  @PositiveInt() min_primitives = 2;
}

const kindOf = (value: unknown): readonly EntryProblem[] =>
  (VALUE_KINDS as readonly unknown[]).includes(value)
    ? []
    : [{ at: '', message: `must be one of ${VALUE_KINDS.join(', ')}` }];

/** The YAML file: each key once, its initialiser the default. */
export class AttributionSettingsFile {
  @Section(() => CategoricalFile) categorical = new CategoricalFile();
  @Section(() => NumericFile) numeric = new NumericFile();
  @Section(() => HashFile) hash = new HashFile();
  @PositiveInt() history = 10;
  @Section(() => CorrelatorFile) correlator = new CorrelatorFile();
  @Entries(kindOf) primitives: Record<string, ValueKind> = {
    'motor.input_modality': 'categorical',
    'motor.keyboard_layout': 'categorical',
    'timing.inter_command_ms': 'numeric',
    'tooling.ssh_client_hash': 'hash',
  };
  @PositiveInt() max_identities = 100_000;
  @PositiveInt() max_seen_ids = 100_000;
  @Duration() seen_ids_for = '7d';
}

function crossCheck(file: AttributionSettingsFile): SettingsProblem[] {
  const recent = Math.max(2 * file.categorical.recent, 2 * file.numeric.recent);
  return file.history < recent
    ? [{ at: 'history', message: 'must hold two recent windows (the recent one and the previous one)' }]
    : [];
}

export function parseAttributionSettings(text: string, source = 'attribution settings'): AttributionSettings {
  const file = readSettings(AttributionSettingsFile, text, source, crossCheck);
  const { categorical: c, numeric: n, hash: h, correlator } = file;
  return {
    categorical: {
      minObservations: c.min_observations,
      recent: c.recent,
      clearMajority: c.clear_majority,
      minAlternating: c.min_alternating,
      multiActorConfidenceCap: c.multi_actor_confidence_cap,
    },
    numeric: {
      minObservations: n.min_observations,
      recent: n.recent,
      alpha: n.alpha,
      maxCv: n.max_cv,
      conflictedConfidence: n.conflicted_confidence,
      driftShift: n.drift_shift,
    },
    hash: { windowMs: parseDuration(h.window)!, driftingMaxRotations: h.drifting_max_rotations },
    history: file.history,
    correlatorEveryMs: parseDuration(correlator.every)!,
    multiActorMinPrimitives: correlator.min_primitives,
    primitives: new Map(Object.entries(file.primitives)),
    maxIdentities: file.max_identities,
    maxSeenIds: file.max_seen_ids,
    seenIdsMs: parseDuration(file.seen_ids_for)!,
  };
}
