/**
 * The asset and identity context table (soc.assets, soc.identities): entity key → its context.
 * Invariant: a record's key is its own entity's key — one naming another entity is refused, so a
 * table can never attach context to the wrong entity — and a tombstone forgets the entry. Pure;
 * the tagger folds the topics into it, the offline CLI a CSV file.
 */
import {
  decodeMessage,
  entityKey,
  EntityContextRecordSchema,
  reject,
  type Decoded,
  type EntityContext,
  type EntityContextRecord,
  type EntityRef,
} from '@riskline/contracts';

export interface EntityContextLookup {
  contextOf(entity: EntityRef): EntityContext | undefined;
}

export const NO_CONTEXT: EntityContextLookup = { contextOf: () => undefined };

/** The context part of a record, without identity or bookkeeping fields. */
function contextPart(record: EntityContextRecord): EntityContext {
  const context: EntityContext = {};
  if (record.criticality !== undefined) context.criticality = record.criticality;
  if (record.priority !== undefined) context.priority = record.priority;
  if (record.categories !== undefined && record.categories.length > 0)
    context.categories = [...record.categories];
  if (record.watchlist !== undefined) context.watchlist = record.watchlist;
  return context;
}

export class EntityContexts implements EntityContextLookup {
  private readonly byKey = new Map<string, EntityContext>();

  get size(): number {
    return this.byKey.size;
  }

  apply(key: string, record: EntityContextRecord | null): void {
    if (record === null) this.byKey.delete(key);
    else this.byKey.set(key, contextPart(record));
  }

  contextOf(entity: EntityRef): EntityContext | undefined {
    return this.byKey.get(entityKey(entity.type, entity.value));
  }
}

/** A table record as it arrives: validated, and refused when its key names another entity. */
export function decodeContextRecord(key: string, value: Uint8Array): Decoded<EntityContextRecord> {
  const decoded = decodeMessage(EntityContextRecordSchema, value);
  if (!decoded.ok) return decoded;
  const own = entityKey(decoded.value.entity_type, decoded.value.entity_value);
  if (own !== key) return reject('schema_violation', `key '${key}' is not the record's entity '${own}'`);
  return decoded;
}
