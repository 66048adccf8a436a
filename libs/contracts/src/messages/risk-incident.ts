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
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { ATTACK_TACTICS, SEVERITY_LEVELS } from '../attack';
import { ENTITY_TYPE_PATTERN, MAX_ENTITY_VALUE_LENGTH } from '../entity-key';
import { IsEventTime } from '../event-time';
import { singleClassSchema } from '../schema';
import { RiskContribution } from './risk-contribution';

export const INCIDENT_TRIGGERS = ['score', 'tactic_count'] as const;

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
}

export class RiskIncident {
  @IsInt()
  schema_version!: 1;

  @IsUUID()
  risk_incident_id!: string;

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

  @IsNumber()
  @Min(0)
  score!: number;

  @ValidateIf((_, v) => v !== null)
  @IsNumber()
  score_threshold!: number | null;

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
