/**
 * One firing as the tagger's outputs: the Detection (keyed by its primary entity) and one
 * RiskContribution per entity (keyed by the entity), carrying the same id, score and ATT&CK
 * tags. The single place both an event's firing and a correlation's firing become messages,
 * so the two can never disagree on shape. Each contribution is weighted by the risk factors that
 * hold for its entity (risk-factors.ts), recording what applied. Pure.
 */
import {
  deterministicId,
  entityKey,
  toEventTime,
  type Detection,
  type EntityRef,
  type EventCoordinates,
  type RiskContribution,
  type ThreatObject,
} from '@riskline/contracts';
import type { AttackTagging } from '@riskline/detection';
import { primaryEntity } from './entities';
import { NO_CONTEXT, type EntityContextLookup } from './entity-contexts';
import type { RiskConfig } from './risk-config';
import { applyRiskFactors } from './risk-factors';

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
  readonly threats?: readonly ThreatObject[];
  readonly message?: string;
  /** Asset and identity context, for risk factors (none: no factor on context holds). */
  readonly contexts?: EntityContextLookup;
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
  const contexts = inputs.contexts ?? NO_CONTEXT;
  const contributions = entities.map((entity) => {
    const key = entityKey(entity.type, entity.value);
    const context = contexts.contextOf(entity);
    const factored = applyRiskFactors(score, config.factors, {
      entityType: entity.type,
      context,
      tactics: rule.tactics,
      level: rule.level,
      ruleId: rule.id,
    });
    const value: RiskContribution = {
      schema_version: 1,
      contribution_id: deterministicId('contribution', detectionId, key),
      detection_id: detectionId,
      entity_type: entity.type,
      entity_value: entity.value,
      event_time: eventTime,
      score: factored.score,
      confidence,
      rule_id: rule.id,
      rule_version: version,
      level: rule.level,
      tactics: [...rule.tactics],
      techniques: [...rule.techniques],
      ...(factored.applied.length > 0 ? { base_score: score, factors: [...factored.applied] } : {}),
      ...(context && Object.keys(context).length > 0 ? { context } : {}),
      ...(inputs.threats?.length ? { threat_objects: [...inputs.threats] } : {}),
      ...(inputs.message ? { message: inputs.message } : {}),
    };
    return { key, value };
  });
  return {
    detection: { key: primary ? entityKey(primary.type, primary.value) : detectionId, value: detection },
    contributions,
  };
}
