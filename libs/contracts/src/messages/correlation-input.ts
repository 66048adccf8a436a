/**
 * soc.correlation.inputs — one firing a Sigma correlation consumes: the tagger (or the
 * correlator, for a correlation of correlations) writes it keyed by `correlationKey` —
 * the correlation and its group-by values — so one group's window lives on one partition,
 * owned by one correlator. It carries what the correlation's firing needs: the group values,
 * the metric's field value, the firing's time and reference, and its entities.
 */
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Max,
  Min,
  ValidateBy,
  ValidateNested,
} from 'class-validator';
import { IsEventTime } from '../event-time';
import { MAX_RULE_ID_LENGTH } from '../rule-id';
import { singleClassSchema } from '../schema';
import { Entity } from './entity';

export const MAX_CORRELATED_VALUE_CHARS = 1024;
export const MAX_GROUP_FIELDS = 16;

export class CorrelationInput {
  @IsInt()
  schema_version!: 1;

  @IsString()
  @Length(1, MAX_RULE_ID_LENGTH)
  correlation_id!: string;

  /** The correlated rule that fired (a base rule or a correlation). */
  @IsString()
  @Length(1, MAX_RULE_ID_LENGTH)
  rule_id!: string;

  /** Its place in the correlation's `rules` (temporal_ordered's order). */
  @IsInt()
  @Min(0)
  @Max(63)
  position!: number;

  /** The group-by values, in `group-by` order. */
  @IsArray()
  @ArrayMaxSize(MAX_GROUP_FIELDS)
  @IsString({ each: true })
  @Length(0, MAX_CORRELATED_VALUE_CHARS, { each: true })
  group!: string[];

  /** The condition field's value (value_* types); null when the event has none. */
  @IsOptional()
  @ValidateBy({
    name: 'correlatedValue',
    validator: {
      validate: (v) =>
        (typeof v === 'string' && v.length <= MAX_CORRELATED_VALUE_CHARS) ||
        (typeof v === 'number' && Number.isFinite(v)) ||
        typeof v === 'boolean',
      defaultMessage: () =>
        `value must be a string of at most ${MAX_CORRELATED_VALUE_CHARS} characters, a finite number, true, false or null`,
    },
  })
  value?: string | number | boolean | null;

  @IsEventTime()
  event_time!: string;

  /** The event's id or coordinates, or the consumed correlation firing's detection id. */
  @IsString()
  @Length(1, 512)
  ref!: string;

  @IsArray()
  @ArrayMaxSize(64)
  @ValidateNested({ each: true })
  @Type(() => Entity)
  entities!: Entity[];
}

export const CorrelationInputSchema = singleClassSchema('CorrelationInput', 1, CorrelationInput);

/** The key of one correlation group: unambiguous for any values. */
export function correlationKey(correlationId: string, group: readonly string[]): string {
  return JSON.stringify([correlationId, ...group]);
}
