/**
 * Risk entities of an event: for each configured entity type, the first of its fields that
 * holds a usable value. Invariant: no phantom entities — a missing, null, empty, non-scalar or
 * ignored value gives none — and each (type, value) appears once per firing.
 */
import { MAX_ENTITY_VALUE_LENGTH, type EntityRef } from '@riskline/contracts';
import { readField, type EventObject } from '@riskline/detection';
import type { RiskConfig } from './risk-config';

export function extractEntities(event: EventObject, config: RiskConfig): EntityRef[] {
  const out: EntityRef[] = [];
  const seen = new Set<string>();
  for (const selector of config.entities) {
    for (const field of selector.fields) {
      const raw = readField(event, field);
      if (raw === null || raw === undefined || typeof raw === 'object') continue;
      let value = String(raw).trim();
      if (selector.lowercase) value = value.toLowerCase();
      if (
        value.length === 0 ||
        value.length > MAX_ENTITY_VALUE_LENGTH ||
        config.ignoreValues.has(value.toLowerCase())
      )
        continue;
      const key = `${selector.type}:${value}`;
      if (!seen.has(key)) {
        seen.add(key);
        out.push({ type: selector.type, value });
      }
      break;
    }
  }
  return out;
}

/** The entity that keys a detection: the first present type in `primary` order. */
export function primaryEntity(entities: readonly EntityRef[], config: RiskConfig): EntityRef | null {
  for (const type of config.primary) {
    const entity = entities.find((e) => e.type === type);
    if (entity) return entity;
  }
  return entities[0] ?? null;
}
