/**
 * soc.risk.incidents — an entity crossed a policy's score or tactic-count threshold inside its
 * window. `risk_incident_id` is a UUIDv5 of policy, entity, trigger and firing (event) time.
 */
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { ATTACK_TACTICS, SEVERITY_LEVELS } from '../attack';
import { ENTITY_TYPE_PATTERN, MAX_ENTITY_VALUE_LENGTH } from '../entity-key';
import { IsEventTime } from '../event-time';
import { singleClassSchema } from '../schema';
import { RiskContribution } from './risk-contribution';
import { CRITICALITIES, ThreatObjectList, type ThreatObject } from './risk-explanation';

export const INCIDENT_TRIGGERS = ['score', 'tactic_count'] as const;
/** An episode's first record, then one per change while the entity stays above the threshold. */
export const INCIDENT_KINDS = ['incident_opened', 'incident_updated'] as const;
export const RISK_LEVELS = ['unknown', 'low', 'moderate', 'high', 'critical'] as const;
export const INCIDENT_SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;

export class ContributionRef {
  @IsString()
  @Length(1, 256)
  rule!: string;

  @IsIn(SEVERITY_LEVELS)
  level!: string;

  @IsNumber()
  @Min(0)
  score!: number;

  @IsEventTime()
  timestamp!: string;

  @IsOptional()
  @IsString()
  @Length(1, 1024)
  message?: string;

  /** Risk factors applied, as `name ×1.5` / `name +10`. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(32)
  @IsString({ each: true })
  factors?: string[];
}

export class RiskIncident {
  @IsInt()
  schema_version!: 1;

  /** One id per (policy, entity, episode): updates carry the id of the record they revise. */
  @IsUUID()
  risk_incident_id!: string;

  @IsOptional()
  @IsIn(INCIDENT_KINDS)
  kind?: (typeof INCIDENT_KINDS)[number];

  /** 1 for the record that opened the episode, then +1 per update. */
  @IsOptional()
  @IsInt()
  @Min(1)
  revision?: number;

  @IsOptional()
  @IsEventTime()
  episode_start?: string;

  @IsString()
  @Length(1, 128)
  policy!: string;

  @Matches(ENTITY_TYPE_PATTERN)
  entity_type!: string;

  @IsString()
  @Length(1, MAX_ENTITY_VALUE_LENGTH)
  entity_value!: string;

  @IsIn(INCIDENT_TRIGGERS)
  trigger!: (typeof INCIDENT_TRIGGERS)[number];

  /** The window's score as thresholds judge it: the raw sum, after anti-stacking caps. */
  @IsNumber()
  @Min(0)
  score!: number;

  /** The raw sum before anti-stacking caps; present when they took something off. */
  @IsOptional()
  @IsNumber()
  @Min(0)
  uncapped_score?: number;

  @ValidateIf((_, v) => v !== null)
  @IsNumber()
  score_threshold!: number | null;

  /** The entity's score on 0–100 (Elastic's scheme, see docs/architecture.md). */
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(100)
  normalized_score?: number;

  @IsOptional()
  @IsIn(RISK_LEVELS)
  risk_level?: (typeof RISK_LEVELS)[number];

  /** The entity's criticality, as its newest contribution recorded it, and what it added. */
  @IsOptional()
  @IsIn(CRITICALITIES)
  criticality?: string;

  @IsOptional()
  @IsNumber()
  criticality_contribution?: number;

  /** The raw score's band (Splunk ES's defaults: medium 100, high 250, critical 500). */
  @IsOptional()
  @IsIn(INCIDENT_SEVERITIES)
  severity?: (typeof INCIDENT_SEVERITIES)[number];

  @IsInt()
  @Min(0)
  tactic_count!: number;

  @ValidateIf((_, v) => v !== null)
  @IsInt()
  tactic_count_threshold!: number | null;

  @IsArray()
  @IsIn(ATTACK_TACTICS, { each: true })
  tactics!: string[];

  @IsArray()
  @ArrayMaxSize(100_000)
  @IsString({ each: true })
  sources!: string[];

  @IsInt()
  @Min(0)
  source_count!: number;

  @IsEventTime()
  window_start!: string;

  @IsEventTime()
  window_end!: string;

  @IsInt()
  @Min(0)
  result_count!: number;

  @ThreatObjectList()
  threat_objects?: ThreatObject[];

  /**
   * Present on an update: its `refs` (or `results`) are only the contributions counted since
   * this revision's record, not the whole window (`result_count` still counts the window).
   * Absent: they are the window's.
   */
  @IsOptional()
  @IsInt()
  @Min(1)
  refs_since_revision?: number;

  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ContributionRef)
  refs?: ContributionRef[];

  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => RiskContribution)
  results?: RiskContribution[];
}

export const RiskIncidentSchema = singleClassSchema('RiskIncident', 1, RiskIncident);
