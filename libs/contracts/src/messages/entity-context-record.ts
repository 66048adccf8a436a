/**
 * soc.assets and soc.identities (compacted, keyed `entity_type:entity_value` with the value in
 * the risk config's canonical form): what the organisation knows about an asset or identity —
 * criticality, priority, categories, watchlist — read whole by every tagger and recorded on each
 * contribution to that entity when it is made. A tombstone forgets the entity's context.
 */
import { IsInt, IsOptional, IsString, Length, Matches } from 'class-validator';
import { ENTITY_TYPE_PATTERN, MAX_ENTITY_VALUE_LENGTH } from '../entity-key';
import { singleClassSchema } from '../schema';
import { EntityContext } from './risk-explanation';

export class EntityContextRecord extends EntityContext {
  @IsInt()
  schema_version!: 1;

  @Matches(ENTITY_TYPE_PATTERN)
  entity_type!: string;

  @IsString()
  @Length(1, MAX_ENTITY_VALUE_LENGTH)
  entity_value!: string;

  @IsOptional()
  @IsString()
  @Length(1, 256)
  owner?: string;
}

export const EntityContextRecordSchema = singleClassSchema('EntityContextRecord', 1, EntityContextRecord);
