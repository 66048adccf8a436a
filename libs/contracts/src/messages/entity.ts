/** A risk entity as it appears inside messages: the parts of an entity key, validated alike. */
import { IsString, Length, Matches } from 'class-validator';
import { ENTITY_TYPE_PATTERN, MAX_ENTITY_VALUE_LENGTH } from '../entity-key';

export class Entity {
  @Matches(ENTITY_TYPE_PATTERN)
  type!: string;

  @IsString()
  @Length(1, MAX_ENTITY_VALUE_LENGTH)
  value!: string;
}
