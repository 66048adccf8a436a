/**
 * Deterministic ids (RFC 4122 UUIDv5, SHA-1 name-based): the same inputs give the same id on
 * every replay, so outputs re-produced after a crash are recognisable duplicates downstream.
 * Parts are joined with a separator that cannot occur in them unescaped, so ("a|b","c") and
 * ("a","b|c") never collide.
 */
import { parse, v5 } from 'uuid';

/** Riskline's root namespace; each id kind derives its own below it. */
export const RISKLINE_NAMESPACE = '1c5a0a3e-6f4b-5e3f-9a57-52a6c1f0b1d1';

/** Namespaces as bytes, parsed once: v5 given a string parses it on every call (a profiled cost). */
const namespaceBytes = new Map<string, Uint8Array>();

/** RFC 4122 UUIDv5 of `name` in `namespace` (the `uuid` package: its v5 is the reference one). */
export function uuidv5(name: string, namespace: string = RISKLINE_NAMESPACE): string {
  let bytes = namespaceBytes.get(namespace);
  if (!bytes) {
    bytes = parse(namespace);
    namespaceBytes.set(namespace, bytes);
  }
  return v5(name, bytes);
}

/** UUIDv5 of a kind (e.g. 'detection') and its identifying parts. */
export function deterministicId(kind: string, ...parts: readonly (string | number)[]): string {
  const escaped = parts.map((p) => String(p).replace(/\\/g, '\\\\').replace(/\|/g, '\\|'));
  return uuidv5(`${kind}|${escaped.join('|')}`);
}
