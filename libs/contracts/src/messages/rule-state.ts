/**
 * soc.rule-state (compacted, keyed by rule_id) — the operational plane of a rule, separate from
 * its file: enabled, disabled, or clipped to a confidence ceiling, optionally until `expires_at`.
 * A tombstone (null value) clears the state back to the rule's default (enabled).
 */
import { MAX_RULE_ID_LENGTH, RULE_ID_PATTERN } from '../rule-id';
import {
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Length,
  Max,
  Min,
  ValidateIf,
  Matches,
} from 'class-validator';
import { IsEventTime } from '../event-time';
import { singleClassSchema } from '../schema';

export const RULE_STATES = ['enabled', 'disabled', 'clipped'] as const;
export type RuleStateName = (typeof RULE_STATES)[number];

/** Who set it: auto-clip never overrides what an operator set by hand. */
export const RULE_STATE_ORIGINS = ['operator', 'auto_clip'] as const;

export class RuleState {
  @IsInt()
  schema_version!: 1;

  @IsString()
  @Length(1, MAX_RULE_ID_LENGTH)
  @Matches(RULE_ID_PATTERN, { message: 'rule_id must not contain control characters' })
  rule_id!: string;

  @IsIn(RULE_STATES)
  state!: RuleStateName;

  @ValidateIf((s: RuleState) => s.state === 'clipped' || s.confidence_max !== undefined)
  @IsNumber()
  @Min(0)
  @Max(1)
  confidence_max?: number;

  @IsOptional()
  @IsEventTime()
  expires_at?: string;

  @IsString()
  @Length(0, 1024)
  reason!: string;

  @IsString()
  @Length(1, 256)
  set_by!: string;

  @IsEventTime()
  set_at!: string;

  @IsIn(RULE_STATE_ORIGINS)
  origin!: (typeof RULE_STATE_ORIGINS)[number];
}

export const RuleStateSchema = singleClassSchema('RuleState', 1, RuleState);
