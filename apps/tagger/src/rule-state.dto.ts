/** Body of POST /api/v1/rules/:id/state, validated field by field (400 names each path). */
import { IsIn, IsNumber, IsOptional, IsString, Length, Max, Min, ValidateIf } from 'class-validator';
import { IsEventTime, RULE_STATES, type RuleStateName } from '@riskline/contracts';

export class RuleStateRequest {
  @IsIn(RULE_STATES)
  state!: RuleStateName;

  // Nearest the property runs first: the type check, so a missing value reads as "must be a number".
  @ValidateIf((r: RuleStateRequest) => r.state === 'clipped' || r.confidence_max !== undefined)
  @Min(0)
  @Max(1)
  @IsNumber()
  confidence_max?: number;

  @IsOptional()
  @IsEventTime()
  expires_at?: string;

  @Length(1, 1024)
  @IsString()
  reason!: string;

  @IsOptional()
  @Length(1, 256)
  @IsString()
  set_by?: string;
}
