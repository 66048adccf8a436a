/**
 * soc.dispositions — an analyst's verdict. Detection-scoped verdicts name their rule;
 * incident-scoped ones name the incident and may omit the rule (the ingestor expands them to
 * every contributing rule).
 */
import { IsIn, IsInt, IsOptional, IsString, Length, ValidateIf } from 'class-validator';
import { IsEventTime } from '../event-time';
import { singleClassSchema } from '../schema';
import { MaxUtf8Bytes } from '../utf8-bytes';

export const VERDICTS = ['true_positive', 'false_positive', 'benign_true_positive'] as const;
export type Verdict = (typeof VERDICTS)[number];

export const DISPOSITION_SCOPES = ['detection', 'incident'] as const;

/** Notes are bounded in bytes of UTF-8, not characters, because that is what a record costs. */
export const MAX_NOTE_BYTES = 2048;

export class Disposition {
  @IsInt()
  schema_version!: 1;

  @ValidateIf((d: Disposition) => d.scope === 'detection' || d.rule_id !== undefined)
  @IsString()
  @Length(1, 256)
  rule_id?: string;

  @IsIn(VERDICTS)
  verdict!: Verdict;

  @IsIn(DISPOSITION_SCOPES)
  scope!: (typeof DISPOSITION_SCOPES)[number];

  @IsOptional()
  @IsString()
  @Length(1, 256)
  fingerprint?: string;

  @ValidateIf((d: Disposition) => d.scope === 'incident' || d.incident_id !== undefined)
  @IsString()
  @Length(1, 256)
  incident_id?: string;

  @IsEventTime()
  timestamp!: string;

  @IsString()
  @Length(1, 256)
  analyst!: string;

  @IsOptional()
  @IsString()
  @MaxUtf8Bytes(MAX_NOTE_BYTES)
  note?: string;
}

export const DispositionSchema = singleClassSchema('Disposition', 1, Disposition);
