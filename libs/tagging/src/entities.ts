/**
 * Risk entities of an event: for each configured entity type, the first of its fields that
 * holds a usable value, written in its canonical form (entity-canonical-form.ts). Invariant: no
 * phantom entities — a missing, null, empty, non-scalar, placeholder or excluded value gives
 * none, and each exclusion is reported with its reason so it can be counted — and each
 * (type, value) appears once per firing.
 */
import { MAX_ENTITY_VALUE_LENGTH, type EntityRef } from '@riskline/contracts';
import { readField, type EventObject } from '@riskline/detection';
import { canonicalHost, canonicalIp, canonicalUser } from './entity-canonical-form';
import { exclusionOf, type ExclusionReason } from './entity-exclusions';
import type { EntitySelector, RiskConfig } from './risk-config';

export interface ExcludedEntity {
  readonly type: string;
  readonly reason: ExclusionReason;
}

export interface ExtractedEntities {
  readonly entities: EntityRef[];
  readonly excluded: ExcludedEntity[];
}

function canonical(value: string, field: string, event: EventObject, s: EntitySelector, c: RiskConfig) {
  switch (s.kind) {
    case 'user':
      return canonicalUser(value, field, event, c.forms.user, s.lowercase);
    case 'host':
      return canonicalHost(value, c.forms.host);
    case 'ip':
      return canonicalIp(value);
    default:
      return s.lowercase ? value.toLowerCase() : value;
  }
}

/** One selector's entity: its first field with a usable value, or why it has none. */
function selectEntity(
  event: EventObject,
  selector: EntitySelector,
  config: RiskConfig,
): { value: string } | { excluded: ExclusionReason } | null {
  let placeholder = false;
  for (const field of selector.fields) {
    const raw = readField(event, field);
    if (raw === null || raw === undefined || typeof raw === 'object') continue;
    const written = String(raw).trim();
    if (written.length === 0 || written.length > MAX_ENTITY_VALUE_LENGTH) continue;
    // A placeholder is an empty field: a later field may still name the entity.
    if (config.ignoreValues.has(written.toLowerCase())) {
      placeholder = true;
      continue;
    }
    const value = canonical(written, field, event, selector, config);
    const isAddress = selector.kind === 'ip';
    const reason =
      exclusionOf(written, selector.exclusions, isAddress) ??
      exclusionOf(value, selector.exclusions, isAddress);
    // An excluded value does name the entity (SYSTEM ran it): no other field stands in.
    if (reason !== null) return { excluded: reason };
    if (value.length > 0 && value.length <= MAX_ENTITY_VALUE_LENGTH) return { value };
  }
  return placeholder ? { excluded: 'placeholder' } : null;
}

export function extractEntities(event: EventObject, config: RiskConfig): ExtractedEntities {
  const entities: EntityRef[] = [];
  const excluded: ExcludedEntity[] = [];
  const seen = new Set<string>();
  for (const selector of config.entities) {
    const found = selectEntity(event, selector, config);
    if (found === null) continue;
    if ('excluded' in found) {
      excluded.push({ type: selector.type, reason: found.excluded });
      continue;
    }
    const key = `${selector.type}:${found.value}`;
    if (!seen.has(key)) {
      seen.add(key);
      entities.push({ type: selector.type, value: found.value });
    }
  }
  return { entities, excluded };
}

/** The entity that keys a detection: the first present type in `primary` order. */
export function primaryEntity(entities: readonly EntityRef[], config: RiskConfig): EntityRef | null {
  for (const type of config.primary) {
    const entity = entities.find((e) => e.type === type);
    if (entity) return entity;
  }
  return entities[0] ?? null;
}
