/**
 * Risk entities travel as Kafka keys `entity_type:entity_value`, so one entity's contributions
 * and incidents always land on one partition. Invariant: the key is injective — entity types
 * are lower-case identifiers without `:`, so the first `:` always separates type from value
 * (values may contain `:`, e.g. IPv6 addresses).
 */
export const ENTITY_TYPE_PATTERN = /^[a-z][a-z0-9_]{0,63}$/;

/** Longest entity value accepted; a longer one is almost certainly a mis-extracted field. */
export const MAX_ENTITY_VALUE_LENGTH = 1024;

export interface EntityRef {
  readonly type: string;
  readonly value: string;
}

export class EntityKeyError extends Error {}

export function entityKey(type: string, value: string): string {
  if (!ENTITY_TYPE_PATTERN.test(type)) {
    throw new EntityKeyError(`entity type '${type}' must match ${ENTITY_TYPE_PATTERN}`);
  }
  if (value.length === 0 || value.length > MAX_ENTITY_VALUE_LENGTH) {
    throw new EntityKeyError(`entity value must be 1..${MAX_ENTITY_VALUE_LENGTH} characters`);
  }
  return `${type}:${value}`;
}

export function parseEntityKey(key: string): EntityRef {
  const colon = key.indexOf(':');
  if (colon <= 0) throw new EntityKeyError(`'${key}' is not an entity key (type:value)`);
  const ref = { type: key.slice(0, colon), value: key.slice(colon + 1) };
  entityKey(ref.type, ref.value);
  return ref;
}
