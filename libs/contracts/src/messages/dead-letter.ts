/**
 * `<topic>.dlq` — a message a consumer refused, with the reason and its original coordinates,
 * so nothing is silently dropped. The payload is kept byte-exact (base64 unless it was valid
 * UTF-8); the original headers ride on the DLQ record's own Kafka headers.
 */
import { Type } from 'class-transformer';
import { IsArray, IsIn, IsInt, IsOptional, IsString, Min, ValidateIf, ValidateNested } from 'class-validator';
import { singleClassSchema } from '../schema';

export const REJECTION_KINDS = [
  'empty',
  'oversized',
  'not_utf8',
  'invalid_json',
  'not_an_object',
  'forbidden_key',
  'too_deep',
  'unknown_version',
  'schema_violation',
  'handler_error',
] as const;
export type RejectionKind = (typeof REJECTION_KINDS)[number];

export class DeadLetterField {
  @IsString() path!: string;
  @IsArray() @IsString({ each: true }) messages!: string[];
}

export class DeadLetterReason {
  @IsIn(REJECTION_KINDS) kind!: RejectionKind;
  @IsString() message!: string;
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => DeadLetterField)
  fields?: DeadLetterField[];
}

export class DeadLetterSource {
  @IsString() topic!: string;
  @IsInt() @Min(0) partition!: number;
  @IsString() offset!: string;
  @ValidateIf((_, v) => v !== null) @IsString() key!: string | null;
  @ValidateIf((_, v) => v !== null) @IsString() timestamp!: string | null;
}

export class DeadLetterPayload {
  @IsIn(['utf8', 'base64', 'none']) encoding!: 'utf8' | 'base64' | 'none';
  @IsString() data!: string;
  @IsInt() @Min(0) bytes!: number;
}

export class DeadLetter {
  @IsInt() schema_version!: 1;
  @IsString() rejected_by!: string;
  @ValidateNested() @Type(() => DeadLetterReason) reason!: DeadLetterReason;
  @ValidateNested() @Type(() => DeadLetterSource) source!: DeadLetterSource;
  @ValidateNested() @Type(() => DeadLetterPayload) payload!: DeadLetterPayload;
}

export const DeadLetterSchema = singleClassSchema('DeadLetter', 1, DeadLetter);
