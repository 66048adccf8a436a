/**
 * `<topic>.dlq` — a message a consumer refused, with the reason and its original coordinates,
 * so nothing is silently dropped. The payload and key are kept byte-exact (base64 unless valid
 * UTF-8); the original headers ride on the DLQ record's own Kafka headers. A payload too large
 * for the DLQ topic is truncated, and then says so: `truncated`, its original size and SHA-256.
 */
import { Type } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
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
  /** Not in the event shape the consumer is configured for, or an envelope that cannot be opened. */
  'wrong_shape',
  'handler_error',
  /** The event time is further ahead of the Kafka record's timestamp than the allowed skew. */
  'event_time_skew',
  /** Too old for its own key's window (entity, rule, attacker): it could change nothing. */
  'late',
  /** An output it produced could not be written (too large for its topic, or refused by the broker). */
  'output_refused',
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
  /** `base64` when the key was not valid UTF-8 (then `key` is its base64). */
  @IsOptional() @IsIn(['utf8', 'base64']) key_encoding?: 'utf8' | 'base64';
  @ValidateIf((_, v) => v !== null) @IsString() timestamp!: string | null;
}

export class DeadLetterPayload {
  @IsIn(['utf8', 'base64', 'none']) encoding!: 'utf8' | 'base64' | 'none';
  @IsString() data!: string;
  /** The original payload's size, whether or not `data` holds all of it. */
  @IsInt() @Min(0) bytes!: number;
  /** Set when `data` holds only a prefix of the payload (it did not fit the DLQ topic). */
  @IsOptional() @IsBoolean() truncated?: true;
  /** SHA-256 (hex) of the whole original payload, given when it was truncated. */
  @IsOptional() @IsString() sha256?: string;
}

export class DeadLetter {
  @IsInt() schema_version!: 1;
  @IsString() rejected_by!: string;
  @ValidateNested() @Type(() => DeadLetterReason) reason!: DeadLetterReason;
  @ValidateNested() @Type(() => DeadLetterSource) source!: DeadLetterSource;
  @ValidateNested() @Type(() => DeadLetterPayload) payload!: DeadLetterPayload;
}

export const DeadLetterSchema = singleClassSchema('DeadLetter', 1, DeadLetter);
