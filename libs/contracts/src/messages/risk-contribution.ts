/**
 * soc.risk.contributions — one detection's risk for one entity, keyed `entity_type:entity_value`.
 * The accumulator's state is a pure function of these, ordered per entity by partition.
 */
import { MAX_RISK_SCORE } from '../risk-score';
import { IsIn, IsInt, IsNumber, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { SEVERITY_LEVELS } from '../attack';
import { ENTITY_TYPE_PATTERN, MAX_ENTITY_VALUE_LENGTH } from '../entity-key';
import { IsEventTime } from '../event-time';
import { singleClassSchema } from '../schema';
import { AttackTags } from './attack-tags';

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
}

export const RiskContributionSchema = singleClassSchema('RiskContribution', 1, RiskContribution);
