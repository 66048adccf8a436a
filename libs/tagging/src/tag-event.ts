/**
 * Turns an event and the rules that fired on it into what the tagger produces: one Detection per
 * firing and, per risk entity, one RiskContribution keyed by the entity. Pure and deterministic:
 * ids are UUIDv5 of the event's identity (its own id, else its Kafka coordinates) and the rule
 * id and version, so a replay produces the same messages.
 *
 * Rule state applies here: a disabled rule produces nothing; a clipped rule's confidence is
 * lowered to its ceiling; the contribution score is the base score scaled by that confidence.
 */
import { deterministicId, type Detection, type RiskContribution } from '@riskline/contracts';
import { readField, type EventObject, type Firing } from '@riskline/detection';
import { detectionRecords } from './detection-record';
import { extractEntities, type ExcludedEntity } from './entities';
import type { RiskConfig } from './risk-config';
import type { RuleStates } from '@riskline/rule-state';
import { baseScore } from './scoring';
import type { EntityContextLookup } from './entity-contexts';
import { riskMessage } from './risk-message';
import { threatObjectsOf } from './threat-objects';

export interface EventOrigin {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  /** The event's own id, when it has one: then detection ids survive re-ingestion elsewhere. */
  readonly eventId?: string;
  readonly eventTimeMs: number;
}

export interface TaggedEvent {
  readonly detections: { readonly key: string; readonly value: Detection }[];
  readonly contributions: { readonly key: string; readonly value: RiskContribution }[];
  /** Firings suppressed by a disabled rule state, for metrics. */
  readonly suppressed: number;
  /** Entity values the risk config excludes (system accounts, loopback, …), for metrics. */
  readonly excluded: readonly ExcludedEntity[];
}

/** The outcome label an excluded entity is counted under (`riskline_records_total`). */
export function excludedOutcome(e: ExcludedEntity): string {
  return `entity_excluded:${e.type}:${e.reason}`;
}

const MAX_EVIDENCE_FIELDS = 20;
const MAX_EVIDENCE_CHARS = 1024;

function ruleVersion(firing: Firing): number {
  if (firing.rule.kind === 'native') return firing.rule.version;
  const declared = firing.rule.custom['rule_version'];
  return typeof declared === 'number' && Number.isInteger(declared) && declared >= 0 ? declared : 1;
}

function evidence(event: EventObject, fields: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of fields.slice(0, MAX_EVIDENCE_FIELDS)) {
    const value = readField(event, field);
    if (value === undefined || value === null || typeof value === 'object') continue;
    out[field] =
      typeof value === 'string' && value.length > MAX_EVIDENCE_CHARS
        ? `${value.slice(0, MAX_EVIDENCE_CHARS)}…`
        : value;
  }
  return out;
}

/** Fields that carry an event's own identity, unique across sources. */
export const EVENT_ID_FIELDS = ['event_id', 'id', 'event.id'];

/**
 * A Windows record id is a per-host, per-channel counter: it identifies an event only together
 * with the host and the channel (evtx / Sysmon field names, then Winlogbeat's ECS ones).
 */
const WINDOWS_RECORD = {
  recordId: ['EventRecordID', 'winlog.record_id'],
  host: ['Computer', 'winlog.computer_name', 'host.name'],
  channel: ['Channel', 'winlog.channel'],
};

function identityPart(event: EventObject, fields: readonly string[]): string | undefined {
  for (const field of fields) {
    const value = readField(event, field);
    if (typeof value === 'string' && value.length > 0 && value.length <= 256) return value;
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  }
  return undefined;
}

/**
 * The event's identity: an explicit id when it has one; else host + channel + record id for a
 * Windows event; else undefined, and callers use the record's Kafka coordinates. Never a
 * per-host counter alone: two hosts' record 4242 are different events.
 */
export function eventIdOf(
  event: EventObject,
  fields: readonly string[] = EVENT_ID_FIELDS,
): string | undefined {
  const own = identityPart(event, fields);
  if (own !== undefined) return own;
  const recordId = identityPart(event, WINDOWS_RECORD.recordId);
  const host = identityPart(event, WINDOWS_RECORD.host);
  const channel = identityPart(event, WINDOWS_RECORD.channel);
  if (recordId === undefined || host === undefined || channel === undefined) return undefined;
  return `win:${host.toLowerCase()}/${channel}/${recordId}`;
}

const messageOf = (message: string | undefined) => (message === undefined ? {} : { message });

export function tagEvent(
  event: EventObject,
  firings: readonly Firing[],
  origin: EventOrigin,
  config: RiskConfig,
  states: RuleStates,
  contexts?: EntityContextLookup,
): TaggedEvent {
  const detections: TaggedEvent['detections'] = [];
  const contributions: TaggedEvent['contributions'] = [];
  let suppressed = 0;
  if (firings.length === 0) return { detections, contributions, suppressed, excluded: [] };
  const { entities, excluded } = extractEntities(event, config);
  const sourceRef = origin.eventId ?? `${origin.topic}/${origin.partition}/${origin.offset}`;
  const threats = threatObjectsOf(event, config.threatObjects);
  for (const firing of firings) {
    const { rule } = firing;
    const state = states.effective(rule.id, origin.eventTimeMs);
    if (state.state === 'disabled') {
      suppressed++;
      continue;
    }
    const ruleConfidence = rule.kind === 'native' ? Math.max(...firing.tags.map((t) => t.confidence)) : 1;
    const confidence = Math.min(ruleConfidence, state.confidenceMax);
    const version = ruleVersion(firing);
    const base = baseScore(
      rule.kind === 'native' ? { level: rule.level, tags: [], custom: rule.custom } : rule,
      config,
    );
    const score = Number((base.score * confidence).toFixed(6));
    const records = detectionRecords(
      {
        detectionId: deterministicId('detection', sourceRef, rule.id, version),
        rule,
        version,
        confidence,
        score,
        eventTimeMs: origin.eventTimeMs,
        source: {
          topic: origin.topic,
          partition: origin.partition,
          offset: origin.offset,
          ...(origin.eventId ? { event_id: origin.eventId } : {}),
        },
        entities,
        evidence: evidence(
          event,
          rule.kind === 'native'
            ? rule.evidenceFields
            : rule.fields.length > 0
              ? rule.fields
              : rule.detectionFields,
        ),
        threats,
        ...messageOf(riskMessage(rule.custom['risk_message'], rule.title, event)),
        ...(contexts ? { contexts } : {}),
      },
      config,
    );
    detections.push(records.detection);
    contributions.push(...records.contributions);
  }
  return { detections, contributions, suppressed, excluded };
}
