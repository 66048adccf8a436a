/**
 * soc.detections — one rule firing on one event. `detection_id` is a UUIDv5 over the event's
 * coordinates (or its own id) and the rule id and version, so a replay re-produces the same id.
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
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { SEVERITY_LEVELS } from '../attack';
import { IsEventTime } from '../event-time';
import { IsJsonObject } from '../json-value';
import { singleClassSchema } from '../schema';
import { AttackTags } from './attack-tags';
import { Entity } from './entity';

export const RULE_KINDS = ['sigma', 'native', 'correlation'] as const;

export class EventCoordinates {
  @IsString()
  @Length(1, 249)
  topic!: string;

  @IsInt()
  @Min(0)
  partition!: number;

  @IsString()
  @Length(1, 20)
  offset!: string;

  @IsOptional()
  @IsString()
  @Length(1, 256)
  event_id?: string;
}

export class Detection extends AttackTags {
  @IsInt()
  schema_version!: 1;

  @IsUUID()
  detection_id!: string;

  @IsString()
  @Length(1, 256)
  rule_id!: string;

  @IsInt()
  @Min(0)
  rule_version!: number;

  @IsString()
  @Length(0, 512)
  rule_title!: string;

  @IsIn(RULE_KINDS)
  rule_kind!: (typeof RULE_KINDS)[number];

  @IsIn(SEVERITY_LEVELS)
  level!: string;

  @IsNumber()
  @Min(0)
  @Max(1)
  confidence!: number;

  @IsNumber({ allowInfinity: false, allowNaN: false })
  @Min(0)
  @Max(MAX_RISK_SCORE)
  score!: number;

  @IsEventTime()
  event_time!: string;

  @ValidateNested()
  @Type(() => EventCoordinates)
  source!: EventCoordinates;

  @IsArray()
  @ArrayMaxSize(64)
  @ValidateNested({ each: true })
  @Type(() => Entity)
  entities!: Entity[];

  @IsOptional()
  @IsJsonObject()
  evidence?: Record<string, unknown>;
}

export const DetectionSchema = singleClassSchema('Detection', 1, Detection);
