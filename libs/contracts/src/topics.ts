/**
 * The topic catalogue of ../shared/design.md: every topic's default name, what keys it, its
 * partition count and cleanup policy. Invariant: names are configurable (environment
 * `RISKLINE_TOPIC_<ID>`), partition counts are not silently changed for an existing topic —
 * changing them remaps keys to partitions and breaks partition-owned state.
 */
export type TopicId =
  | 'events'
  | 'detections'
  | 'riskContributions'
  | 'riskIncidents'
  | 'dispositions'
  | 'dispositionsByRule'
  | 'ruleState'
  | 'ruleScorecards'
  | 'attackerObservations'
  | 'attributionEvents'
  | 'correlationInputs'
  | 'assets'
  | 'identities';

export type CleanupPolicy = 'delete' | 'compact';

export interface TopicSpec {
  readonly id: TopicId;
  readonly defaultName: string;
  readonly key: string;
  readonly cleanupPolicy: CleanupPolicy;
  /** null: use the catalogue-wide keyed partition count. */
  readonly partitions: number | null;
  /** Whether a Riskline consumer reads it, and so rejects bad messages to `<name>.dlq`. */
  readonly hasDlq: boolean;
  /** retention.ms when the broker's default (7 days) is too short for a reader. */
  readonly retentionMs?: number;
  /** Who writes it and who reads it (design.md's table), for the AsyncAPI document. */
  readonly writers: readonly string[];
  readonly readers: readonly string[];
}

const DAY_MS = 86_400_000;

export const TOPIC_SPECS: readonly TopicSpec[] = [
  {
    id: 'events',
    defaultName: 'soc.events',
    key: 'any',
    cleanupPolicy: 'delete',
    partitions: null,
    hasDlq: true,
    writers: ['SOC pipelines'],
    readers: ['tagger'],
  },
  {
    id: 'detections',
    defaultName: 'soc.detections',
    key: 'primary entity',
    cleanupPolicy: 'delete',
    partitions: null,
    hasDlq: false,
    writers: ['tagger', 'correlator'],
    readers: ['SIEM / SOAR', 'console'],
  },
  {
    id: 'riskContributions',
    defaultName: 'soc.risk.contributions',
    key: 'entity_type:entity_value',
    cleanupPolicy: 'delete',
    partitions: null,
    hasDlq: true,
    writers: ['tagger', 'correlator', 'disposition-ingestor (incident verdicts)'],
    readers: ['risk-accumulator', 'console'],
  },
  {
    id: 'riskIncidents',
    defaultName: 'soc.risk.incidents',
    key: 'entity_type:entity_value',
    cleanupPolicy: 'delete',
    partitions: null,
    hasDlq: true,
    // The disposition ingestor rebuilds its incident index from this topic: it must outlive
    // the verdict window (30 days by default).
    retentionMs: 35 * DAY_MS,
    writers: ['risk-accumulator'],
    readers: ['SOAR', 'disposition-ingestor', 'console'],
  },
  {
    id: 'dispositions',
    defaultName: 'soc.dispositions',
    key: 'any',
    cleanupPolicy: 'delete',
    partitions: null,
    hasDlq: true,
    writers: ['case management', 'disposition-ingestor HTTP API'],
    readers: ['disposition-ingestor', 'console'],
  },
  {
    id: 'dispositionsByRule',
    defaultName: 'soc.dispositions.by-rule',
    key: 'rule_id',
    cleanupPolicy: 'delete',
    partitions: null,
    hasDlq: true,
    // The verdict store's log: a store that cannot restore a checkpoint rebuilds from it, so it
    // must hold the whole verdict window (30 days by default).
    retentionMs: 35 * DAY_MS,
    writers: ['disposition-ingestor'],
    readers: ['disposition-ingestor'],
  },
  // Read whole by every tagger; one partition keeps that read a single ordered log.
  {
    id: 'ruleState',
    defaultName: 'soc.rule-state',
    key: 'rule_id',
    cleanupPolicy: 'compact',
    partitions: 1,
    hasDlq: true,
    writers: ['tagger rule API', 'disposition-ingestor (auto-clip)'],
    readers: ['tagger', 'disposition-ingestor'],
  },
  {
    id: 'ruleScorecards',
    defaultName: 'soc.rule-scorecards',
    key: 'rule_id',
    cleanupPolicy: 'compact',
    partitions: null,
    hasDlq: false,
    writers: ['disposition-ingestor'],
    readers: ['disposition-ingestor', 'dashboards', 'console'],
  },
  {
    id: 'attackerObservations',
    defaultName: 'soc.attacker.observations',
    key: 'attacker id',
    cleanupPolicy: 'delete',
    partitions: null,
    hasDlq: true,
    writers: ['sensors / profilers'],
    readers: ['attribution-worker'],
  },
  {
    id: 'attributionEvents',
    defaultName: 'soc.attribution.events',
    key: 'identity id',
    cleanupPolicy: 'delete',
    partitions: null,
    hasDlq: false,
    writers: ['attribution-worker'],
    readers: ['SOAR', 'dashboards'],
  },
  // Sigma correlation inputs: one correlation group's firings on one partition.
  {
    id: 'correlationInputs',
    defaultName: 'soc.correlation.inputs',
    key: 'correlation + group-by values',
    cleanupPolicy: 'delete',
    partitions: null,
    hasDlq: true,
    writers: ['tagger', 'correlator'],
    readers: ['correlator'],
  },
  // Entity context, read whole by every tagger (one partition: a single ordered log each).
  {
    id: 'assets',
    defaultName: 'soc.assets',
    key: 'entity_type:entity_value',
    cleanupPolicy: 'compact',
    partitions: 1,
    hasDlq: true,
    writers: ['riskline context', 'CMDB'],
    readers: ['tagger'],
  },
  {
    id: 'identities',
    defaultName: 'soc.identities',
    key: 'entity_type:entity_value',
    cleanupPolicy: 'compact',
    partitions: 1,
    hasDlq: true,
    writers: ['riskline context', 'identity management'],
    readers: ['tagger'],
  },
];

export const DEFAULT_KEYED_PARTITIONS = 12;
export const DLQ_PARTITIONS = 3;

export type TopicNames = Readonly<Record<TopicId, string>>;

export function dlqTopic(topic: string): string {
  return `${topic}.dlq`;
}

/** `riskContributions` → `RISKLINE_TOPIC_RISK_CONTRIBUTIONS`. */
export function topicEnvVar(id: TopicId): string {
  return `RISKLINE_TOPIC_${id.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;
}

const TOPIC_NAME = /^[a-zA-Z0-9._-]{1,200}$/;

/** Topic names after environment overrides; throws naming the variable on an illegal name. */
export function topicNames(env: Readonly<Record<string, string | undefined>> = {}): TopicNames {
  const names = {} as Record<TopicId, string>;
  for (const spec of TOPIC_SPECS) {
    const variable = topicEnvVar(spec.id);
    const name = env[variable] ?? spec.defaultName;
    if (!TOPIC_NAME.test(name)) {
      throw new Error(
        `${variable}: '${name}' is not a legal Kafka topic name (letters, digits, . _ -; at most 200)`,
      );
    }
    names[spec.id] = name;
  }
  return names;
}

export interface TopicPlan {
  readonly name: string;
  readonly partitions: number;
  readonly cleanupPolicy: CleanupPolicy;
  readonly isDlq: boolean;
  readonly retentionMs?: number;
}

/** Every topic to create, DLQs included, for a keyed partition count. */
export function topicPlan(names: TopicNames, keyedPartitions = DEFAULT_KEYED_PARTITIONS): TopicPlan[] {
  return TOPIC_SPECS.flatMap((spec) => {
    const main: TopicPlan = {
      name: names[spec.id],
      partitions: spec.partitions ?? keyedPartitions,
      cleanupPolicy: spec.cleanupPolicy,
      isDlq: false,
      ...(spec.retentionMs === undefined ? {} : { retentionMs: spec.retentionMs }),
    };
    if (!spec.hasDlq) return [main];
    return [
      main,
      { name: dlqTopic(names[spec.id]), partitions: DLQ_PARTITIONS, cleanupPolicy: 'delete', isDlq: true },
    ];
  });
}
