/** Body of POST /api/v1/rules/:id/state, validated field by field (400 names each path). */
import { IsIn, IsNumber, IsOptional, IsString, Length, Max, Min, ValidateIf } from 'class-validator';
import { IsEventTime, RULE_STATES, type RuleStateName } from '@riskline/contracts';

export class RuleStateRequest {
  @IsIn(RULE_STATES)
  state!: RuleStateName;

  @ValidateIf((r: RuleStateRequest) => r.state === 'clipped' || r.confidence_max !== undefined)
  @IsNumber()
  @Min(0)
  @Max(1)
  confidence_max?: number;

  @IsOptional()
  @IsEventTime()
  expires_at?: string;

  @IsString()
  @Length(1, 1024)
  reason!: string;

  @IsOptional()
  @IsString()
  @Length(1, 256)
  set_by?: string;
}
