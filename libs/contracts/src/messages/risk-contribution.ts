/**
 * soc.risk.contributions — one detection's risk for one entity, keyed `entity_type:entity_value`.
 * The accumulator's state is a pure function of these, ordered per entity by partition.
 */
import { MAX_RISK_SCORE } from '../risk-score';
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
  ValidateNested,
} from 'class-validator';
import { SEVERITY_LEVELS } from '../attack';
import { ENTITY_TYPE_PATTERN, MAX_ENTITY_VALUE_LENGTH } from '../entity-key';
import { IsEventTime } from '../event-time';
import { singleClassSchema } from '../schema';
import { AttackTags } from './attack-tags';
import { AppliedRiskFactor, EntityContext, ThreatObjectList, type ThreatObject } from './risk-explanation';

export class RiskContribution extends AttackTags {
  @IsInt()
  schema_version!: 1;

  /** UUIDv5 of (detection_id, entity key): unique per entity per firing. */
  @IsUUID()
  contribution_id!: string;

  @IsUUID()
  detection_id!: string;

  @Matches(ENTITY_TYPE_PATTERN)
  entity_type!: string;

  @IsString()
  @Length(1, MAX_ENTITY_VALUE_LENGTH)
  entity_value!: string;

  @IsEventTime()
  event_time!: string;

  @IsNumber({ allowInfinity: false, allowNaN: false })
  @Min(0)
  @Max(MAX_RISK_SCORE)
  score!: number;

  @IsNumber()
  @Min(0)
  @Max(1)
  confidence!: number;

  @IsString()
  @Length(1, 256)
  rule_id!: string;

  @IsInt()
  @Min(0)
  rule_version!: number;

  @IsIn(SEVERITY_LEVELS)
  level!: string;

  /** The score before risk factors (confidence already applied); present when factors applied. */
  @IsOptional()
  @IsNumber({ allowInfinity: false, allowNaN: false })
  @Min(0)
  @Max(MAX_RISK_SCORE)
  base_score?: number;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(32)
  @ValidateNested({ each: true })
  @Type(() => AppliedRiskFactor)
  factors?: AppliedRiskFactor[];

  /** The entity's asset or identity context when the contribution was made. */
  @IsOptional()
  @ValidateNested()
  @Type(() => EntityContext)
  context?: EntityContext;

  @ThreatObjectList()
  threat_objects?: ThreatObject[];

  /** The rule's risk message, its `$field$` placeholders filled from the event. */
  @IsOptional()
  @IsString()
  @Length(1, 1024)
  message?: string;
}

export const RiskContributionSchema = singleClassSchema('RiskContribution', 1, RiskContribution);
