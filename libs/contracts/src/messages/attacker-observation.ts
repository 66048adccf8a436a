/**
 * soc.attacker.observations (keyed by attacker id) — one behavioural primitive observed for one
 * attacker. `id` makes redelivery idempotent; `value_kind` picks the merger (default categorical).
 */
import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsEventTime } from '../event-time';
import { IsJsonValue } from '../json-value';
import { singleClassSchema } from '../schema';

export const VALUE_KINDS = ['categorical', 'numeric', 'hash'] as const;
export type ValueKind = (typeof VALUE_KINDS)[number];

export const PRIMITIVE_PATTERN = /^[a-z0-9_]+(?:\.[a-z0-9_]+)*$/i;

export class ObservationWindow {
  @IsEventTime() start!: string;
  @IsEventTime() end!: string;
}

export class AttackerObservation {
  @IsInt()
  schema_version!: 1;

  @IsString()
  @Length(1, 256)
  id!: string;

  @IsString()
  @Length(1, 256)
  attacker_id!: string;

  @Matches(PRIMITIVE_PATTERN)
  @Length(1, 256)
  primitive!: string;

  @IsJsonValue({ allowNull: false })
  value!: unknown;

  @IsOptional()
  @IsIn(VALUE_KINDS)
  value_kind?: ValueKind;

  @IsEventTime()
  ts!: string;

  @IsNumber()
  @Min(0)
  @Max(1)
  confidence!: number;

  @IsOptional()
  @IsString()
  @Length(0, 1024)
  evidence_ref?: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => ObservationWindow)
  window?: ObservationWindow;
}

export const AttackerObservationSchema = singleClassSchema('AttackerObservation', 1, AttackerObservation);
