/**
 * Which events a rule's `logsource` applies to, as configuration. An entry names the log source
 * keys it serves (category / product / service), the event conditions that identify such
 * events (`EventID: 1`, `Channel: Security`; a list means any of) and the field renames rules
 * need there (`Image` ← `NewProcessName`). A rule applies through every entry whose keys it
 * carries with equal values; each such entry is one *alternative*.
 *
 * Events may also declare their own source as `logsource: {category, product, service}`; a rule
 * then applies when every key of the rule's logsource equals the event's. Invariant: a rule
 * fires only on an event one of its alternatives — or the event's own declaration — admits.
 */
import { readField, type EventObject } from '../event/field-access';
import type { LogSource } from '../sigma/sigma-rule';

export interface MappingEntry {
  readonly name: string;
  readonly selects: LogSource;
  readonly conditions: Readonly<Record<string, readonly (string | number)[]>>;
  readonly fieldmappings: ReadonlyMap<string, string>;
}

export interface Alternative {
  /** Canonical form of the conditions: alternatives with equal keys are evaluated once per event. */
  readonly key: string;
  readonly conditions: Readonly<Record<string, readonly (string | number)[]>>;
  readonly fieldmappings: ReadonlyMap<string, string>;
}

const LOGSOURCE_KEYS = ['category', 'product', 'service'] as const;

export class LogSourceMapping {
  constructor(readonly entries: readonly MappingEntry[]) {}

  /** The alternatives through which a rule with this logsource applies. */
  alternativesFor(logsource: LogSource): Alternative[] {
    const out = new Map<string, Alternative>();
    for (const entry of this.entries) {
      const applies = LOGSOURCE_KEYS.every(
        (k) => entry.selects[k] === undefined || entry.selects[k] === logsource[k],
      );
      const selectsSomething = LOGSOURCE_KEYS.some((k) => entry.selects[k] !== undefined);
      if (!applies || !selectsSomething) continue;
      const key = JSON.stringify([Object.entries(entry.conditions).sort(), [...entry.fieldmappings].sort()]);
      out.set(key, { key, conditions: entry.conditions, fieldmappings: entry.fieldmappings });
    }
    return [...out.values()];
  }
}

export function conditionsHold(conditions: Alternative['conditions'], event: EventObject): boolean {
  for (const [field, accepted] of Object.entries(conditions)) {
    const value = readField(event, field);
    if (value === undefined || value === null || typeof value === 'object') return false;
    const text = String(value).toLowerCase();
    if (!accepted.some((a) => String(a).toLowerCase() === text)) return false;
  }
  return true;
}

/** The event's self-declared log source, when it carries one. */
export function declaredLogSource(event: EventObject): LogSource | null {
  const declared = event['logsource'];
  if (!declared || typeof declared !== 'object' || Array.isArray(declared)) return null;
  const d = declared as Record<string, unknown>;
  const out: Record<string, string> = {};
  for (const k of LOGSOURCE_KEYS) if (typeof d[k] === 'string') out[k] = (d[k] as string).toLowerCase();
  return out;
}

export function declaredAdmits(declared: LogSource, rule: LogSource): boolean {
  return LOGSOURCE_KEYS.every((k) => rule[k] === undefined || rule[k] === declared[k]);
}
