/**
 * Threat objects: what a detection is about beyond who — hashes, domains, addresses, command
 * lines — read from the event by configured selectors (threat object type → fields). A Sysmon
 * `Hashes` value (`SHA256=…,MD5=…`) gives one object per hash; hashes and domains are lower-cased.
 * Invariant: at most MAX_THREAT_OBJECTS per firing, each value within the contract's bound, each
 * (type, value) once.
 */
import { MAX_THREAT_OBJECTS, type ThreatObject } from '@riskline/contracts';
import { readField, type EventObject } from '@riskline/detection';

export type ThreatSelectors = Readonly<Record<string, readonly string[]>>;

const MAX_VALUE = 2048;
const HASH_LIST = /^[A-Za-z0-9]+=[0-9a-fA-F]+(,[A-Za-z0-9]+=[0-9a-fA-F]+)*$/;

function valuesOf(type: string, raw: string): string[] {
  if (type.includes('hash')) {
    if (HASH_LIST.test(raw))
      return raw.split(',').map((part) => part.slice(part.indexOf('=') + 1).toLowerCase());
    return [raw.toLowerCase()];
  }
  if (type.includes('domain')) return [raw.toLowerCase().replace(/\.$/, '')];
  return [raw.length > MAX_VALUE ? raw.slice(0, MAX_VALUE) : raw];
}

export function threatObjectsOf(event: EventObject, selectors: ThreatSelectors): ThreatObject[] {
  const out: ThreatObject[] = [];
  const seen = new Set<string>();
  for (const [type, fields] of Object.entries(selectors)) {
    for (const field of fields) {
      const raw = readField(event, field);
      if (typeof raw !== 'string' && typeof raw !== 'number') continue;
      const text = String(raw).trim();
      if (text === '' || text === '-') continue;
      for (const value of valuesOf(type, text)) {
        const key = `${type}:${value}`;
        if (value === '' || seen.has(key) || out.length >= MAX_THREAT_OBJECTS) continue;
        seen.add(key);
        out.push({ type, value });
      }
    }
  }
  return out;
}
