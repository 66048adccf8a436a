/**
 * One firing as the tagger's outputs: the Detection (keyed by its primary entity) and one
 * RiskContribution per entity (keyed by the entity), carrying the same id, score and ATT&CK
 * tags. The single place both an event's firing and a correlation's firing become messages,
 * so the two can never disagree on shape. Pure.
 */
import {
  deterministicId,
  entityKey,
  toEventTime,
  type Detection,
  type EntityRef,
  type EventCoordinates,
  type RiskContribution,
} from '@riskline/contracts';
import type { AttackTagging } from '@riskline/detection';
import { primaryEntity } from './entities';
import type { RiskConfig } from './risk-config';

export interface FiredRule extends AttackTagging {
  readonly id: string;
  readonly title: string;
  readonly kind: Detection['rule_kind'];
  readonly level: string;
}

export interface DetectionRecordInputs {
  readonly detectionId: string;
  readonly rule: FiredRule;
  readonly version: number;
  readonly confidence: number;
  readonly score: number;
  readonly eventTimeMs: number;
  readonly source: EventCoordinates;
  readonly entities: readonly EntityRef[];
  readonly evidence: Record<string, unknown>;
}

export interface DetectionRecords {
  readonly detection: { readonly key: string; readonly value: Detection };
  readonly contributions: { readonly key: string; readonly value: RiskContribution }[];
}

export function detectionRecords(inputs: DetectionRecordInputs, config: RiskConfig): DetectionRecords {
  const { detectionId, rule, version, confidence, score, entities } = inputs;
  const eventTime = toEventTime(inputs.eventTimeMs);
  const primary = primaryEntity(entities, config);
  const detection: Detection = {
    schema_version: 1,
    detection_id: detectionId,
    rule_id: rule.id,
    rule_version: version,
    rule_title: rule.title.slice(0, 512),
    rule_kind: rule.kind,
    level: rule.level,
    confidence,
    score,
    tactics: [...rule.tactics],
    techniques: [...rule.techniques],
    event_time: eventTime,
    source: inputs.source,
    entities: entities.map((e) => ({ type: e.type, value: e.value })),
    evidence: inputs.evidence,
  };
  const contributions = entities.map((entity) => {
    const key = entityKey(entity.type, entity.value);
    const value: RiskContribution = {
      schema_version: 1,
      contribution_id: deterministicId('contribution', detectionId, key),
      detection_id: detectionId,
      entity_type: entity.type,
      entity_value: entity.value,
      event_time: eventTime,
      score,
      confidence,
      rule_id: rule.id,
      rule_version: version,
      level: rule.level,
      tactics: [...rule.tactics],
      techniques: [...rule.techniques],
    };
    return { key, value };
  });
  return {
    detection: { key: primary ? entityKey(primary.type, primary.value) : detectionId, value: detection },
    contributions,
  };
}
