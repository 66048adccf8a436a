/**
 * soc.dispositions.by-rule — one verdict for one rule, keyed by rule_id: the repartition step
 * between verdict ingestion and the per-rule store. `dedup_key` makes redelivery count once.
 */
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, ValidateNested } from 'class-validator';
import { IsEventTime } from '../event-time';
import { singleClassSchema } from '../schema';
import { DISPOSITION_SCOPES, VERDICTS, type Verdict } from './disposition';

export class DispositionOrigin {
  @IsIn(DISPOSITION_SCOPES)
  scope!: (typeof DISPOSITION_SCOPES)[number];

  @IsOptional()
  @IsString()
  fingerprint?: string;

  @IsOptional()
  @IsString()
  incident_id?: string;

  @IsString()
  analyst!: string;
}

export class RuleDisposition {
  @IsInt()
  schema_version!: 1;

  @IsString()
  @Length(1, 256)
  rule_id!: string;

  @IsIn(VERDICTS)
  verdict!: Verdict;

  @IsEventTime()
  timestamp!: string;

  @IsString()
  @Length(1, 1024)
  dedup_key!: string;

  @ValidateNested()
  @Type(() => DispositionOrigin)
  origin!: DispositionOrigin;
}

export const RuleDispositionSchema = singleClassSchema('RuleDisposition', 1, RuleDisposition);
