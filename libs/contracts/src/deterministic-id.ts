/**
 * Deterministic ids (RFC 4122 UUIDv5, SHA-1 name-based): the same inputs give the same id on
 * every replay, so outputs re-produced after a crash are recognisable duplicates downstream.
 * Parts are joined with a separator that cannot occur in them unescaped, so ("a|b","c") and
 * ("a","b|c") never collide.
 */
import { createHash } from 'node:crypto';

/** Riskline's root namespace; each id kind derives its own below it. */
export const RISKLINE_NAMESPACE = '1c5a0a3e-6f4b-5e3f-9a57-52a6c1f0b1d1';

function uuidBytes(uuid: string): Buffer {
  const hex = uuid.replace(/-/g, '');
  if (!/^[0-9a-f]{32}$/i.test(hex)) throw new Error(`'${uuid}' is not a UUID`);
  return Buffer.from(hex, 'hex');
}

export function uuidv5(name: string, namespace: string = RISKLINE_NAMESPACE): string {
  const hash = createHash('sha1').update(uuidBytes(namespace)).update(name, 'utf8').digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** UUIDv5 of a kind (e.g. 'detection') and its identifying parts. */
export function deterministicId(kind: string, ...parts: readonly (string | number)[]): string {
  const escaped = parts.map((p) => String(p).replace(/\\/g, '\\\\').replace(/\|/g, '\\|'));
  return uuidv5(`${kind}|${escaped.join('|')}`);
}
