/**
 * Attribution settings: every merger threshold (defaults are the documented ones), the kind of
 * known primitives, the correlator's cadence, and the memory bounds. Parsed from YAML with
 * every problem named by its key path.
 */
import { parse } from 'yaml';
import { parseDuration, VALUE_KINDS, type ValueKind } from '@riskline/contracts';

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

export class AttributionConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`attribution settings: ${problems.join('; ')}`);
  }
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

type Raw = Record<string, unknown>;
const asRecord = (v: unknown): Raw | null =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Raw) : null;

class Reader {
  readonly problems: string[] = [];

  section(root: Raw, key: string, known: readonly string[]): Raw {
    const raw = root[key] ?? {};
    const r = asRecord(raw);
    if (!r) {
      this.problems.push(`${key}: must be a mapping`);
      return {};
    }
    for (const k of Object.keys(r)) if (!known.includes(k)) this.problems.push(`${key}.${k}: unknown key`);
    return r;
  }

  positiveInt(r: Raw, key: string, where: string, fallback: number): number {
    const v = r[key] ?? fallback;
    if (typeof v === 'number' && Number.isInteger(v) && v > 0) return v;
    this.problems.push(`${where}${key}: must be a positive integer`);
    return fallback;
  }

  fraction(r: Raw, key: string, where: string, fallback: number, max = 1): number {
    const v = r[key] ?? fallback;
    if (typeof v === 'number' && v > 0 && v <= max) return v;
    this.problems.push(`${where}${key}: must be a number in (0, ${max}]`);
    return fallback;
  }

  duration(r: Raw, key: string, where: string, fallback: string): number {
    const ms = parseDuration(r[key] ?? fallback);
    if (ms !== null && ms > 0) return ms;
    this.problems.push(`${where}${key}: must be a duration like 60s, 24h or 7d`);
    return parseDuration(fallback)!;
  }
}

export function parseAttributionSettings(text: string): AttributionSettings {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (error) {
    throw new AttributionConfigError([`not YAML: ${(error as Error).message.split('\n')[0]}`]);
  }
  const root = asRecord(doc ?? {});
  if (!root) throw new AttributionConfigError(['must be a YAML mapping']);
  const read = new Reader();
  const top = [
    'categorical',
    'numeric',
    'hash',
    'history',
    'correlator',
    'primitives',
    'max_identities',
    'max_seen_ids',
    'seen_ids_for',
  ];
  for (const k of Object.keys(root)) if (!top.includes(k)) read.problems.push(`${k}: unknown key`);
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
  const primitivesRaw = asRecord(root['primitives'] ?? {});
  const primitives = new Map<string, ValueKind>();
  if (!primitivesRaw)
    read.problems.push('primitives: must map primitive names to categorical, numeric or hash');
  for (const [name, kind] of Object.entries(primitivesRaw ?? {})) {
    if (VALUE_KINDS.includes(kind as ValueKind)) primitives.set(name, kind as ValueKind);
    else read.problems.push(`primitives.${name}: must be one of ${VALUE_KINDS.join(', ')}`);
  }
  const settings: AttributionSettings = {
    categorical: {
      minObservations: read.positiveInt(c, 'min_observations', 'categorical.', 3),
      recent: read.positiveInt(c, 'recent', 'categorical.', 5),
      clearMajority: read.positiveInt(c, 'clear_majority', 'categorical.', 4),
      minAlternating: read.positiveInt(c, 'min_alternating', 'categorical.', 4),
      multiActorConfidenceCap: read.fraction(c, 'multi_actor_confidence_cap', 'categorical.', 0.6),
    },
    numeric: {
      minObservations: read.positiveInt(n, 'min_observations', 'numeric.', 3),
      recent: read.positiveInt(n, 'recent', 'numeric.', 5),
      alpha: read.fraction(n, 'alpha', 'numeric.', 0.3),
      maxCv: read.fraction(n, 'max_cv', 'numeric.', 1.0, Number.MAX_VALUE),
      conflictedConfidence: read.fraction(n, 'conflicted_confidence', 'numeric.', 0.5),
      driftShift: read.fraction(n, 'drift_shift', 'numeric.', 0.3, Number.MAX_VALUE),
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
    read.problems.push('history: must hold two recent windows (the recent one and the previous one)');
  if (read.problems.length > 0) throw new AttributionConfigError(read.problems);
  return settings;
}
