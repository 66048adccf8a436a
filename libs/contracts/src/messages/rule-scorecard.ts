/**
 * soc.rule-scorecards (compacted, keyed by rule_id) — a rule's verdict counts over the rolling
 * window and its false-positive ratio, which is null until `min_sample` verdicts exist.
 */
import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsNumber,
  IsString,
  Length,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { IsEventTime } from '../event-time';
import { singleClassSchema } from '../schema';

export const FP_NUMERATORS = ['fp_only', 'fp_and_btp'] as const;

export class VerdictCounts {
  @IsInt() @Min(0) true_positive!: number;
  @IsInt() @Min(0) false_positive!: number;
  @IsInt() @Min(0) benign_true_positive!: number;
  @IsInt() @Min(0) total!: number;
}

export class RuleScorecard {
  @IsInt()
  schema_version!: 1;

  @IsString()
  @Length(1, 256)
  rule_id!: string;

  @IsInt()
  @Min(1)
  window_days!: number;

  @IsIn(FP_NUMERATORS)
  numerator!: (typeof FP_NUMERATORS)[number];

  @IsInt()
  @Min(1)
  min_sample!: number;

  @ValidateNested()
  @Type(() => VerdictCounts)
  counts!: VerdictCounts;

  @ValidateIf((_, v) => v !== null)
  @IsNumber()
  @Min(0)
  @Max(1)
  fp_ratio!: number | null;

  @IsEventTime()
  as_of!: string;
}

export const RuleScorecardSchema = singleClassSchema('RuleScorecard', 1, RuleScorecard);
