/**
 * Body of POST /api/v1/rules/:id/state, validated field by field (400 names each path): the
 * rule-state message's own `state`, `confidence_max` and `expires_at` rules (PickType of
 * @nestjs/mapped-types copies their validators, so the two cannot drift), plus what an
 * operator writes — a non-empty reason, and optionally who set it (the tagger fills the rest).
 */
import { PickType } from '@nestjs/mapped-types';
import { IsOptional, IsString, Length } from 'class-validator';
import { RuleState } from '@riskline/contracts';

export class RuleStateRequest extends PickType(RuleState, [
  'state',
  'confidence_max',
  'expires_at',
] as const) {
  @Length(1, 1024)
  @IsString()
  reason!: string;

  @IsOptional()
  @Length(1, 256)
  @IsString()
  set_by?: string;
}
