/** Builds the DLQ envelope for a refused record, keeping its payload byte-exact where it fits. */
import { createHash } from 'node:crypto';
import type { DeadLetter } from '../messages/dead-letter';
import type { Rejection } from './rejection';

export interface RefusedRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly timestamp?: string | null;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Room left for the envelope's other fields and the Kafka record's own overhead. */
const ENVELOPE_MARGIN_BYTES = 1024;
const MAX_REASON_CHARS = 4096;
const MAX_REASON_FIELDS = 100;

function textOf(bytes: Buffer): string | null {
  try {
    return utf8.decode(bytes);
  } catch {
    return null;
  }
}

/** The key as it was: text when it is UTF-8, else base64 and says so (never U+FFFD). */
function keyOf(key: Buffer | null): Pick<DeadLetter['source'], 'key' | 'key_encoding'> {
  if (!key) return { key: null };
  const text = textOf(key);
  return text === null ? { key: key.toString('base64'), key_encoding: 'base64' } : { key: text };
}

function payloadOf(value: Buffer | null): DeadLetter['payload'] {
  if (!value) return { encoding: 'none', data: '', bytes: 0 };
  const text = textOf(value);
  return text === null
    ? { encoding: 'base64', data: value.toString('base64'), bytes: value.length }
    : { encoding: 'utf8', data: text, bytes: value.length };
}

const jsonBytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value), 'utf8');

/**
 * The longest prefix of `data` whose JSON string costs at most `budget` bytes. Escaping makes
 * the cost per character anywhere from 1 to 6 bytes, so the cut is found by bisection.
 */
function prefixWithin(data: string, budget: number): string {
  let lo = 0;
  let hi = data.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (jsonBytes(data.slice(0, mid)) <= budget) lo = mid;
    else hi = mid - 1;
  }
  // Never split a surrogate pair: half of one is not text.
  const last = data.charCodeAt(lo - 1);
  return last >= 0xd800 && last <= 0xdbff ? data.slice(0, lo - 1) : data.slice(0, lo);
}

function truncated(letter: DeadLetter, value: Buffer, maxBytes: number): DeadLetter {
  const sha256 = createHash('sha256').update(value).digest('hex');
  const shell: DeadLetter = { ...letter, payload: { ...letter.payload, data: '', truncated: true, sha256 } };
  const budget = Math.max(0, maxBytes - ENVELOPE_MARGIN_BYTES - jsonBytes(shell));
  return {
    ...shell,
    reason: {
      ...letter.reason,
      message: `${letter.reason.message} (payload of ${value.length} bytes truncated to fit the DLQ topic)`,
    },
    payload: { ...shell.payload, data: prefixWithin(letter.payload.data, budget) },
  };
}

function boundedReason(rejection: Rejection): DeadLetter['reason'] {
  const message =
    rejection.message.length > MAX_REASON_CHARS
      ? `${rejection.message.slice(0, MAX_REASON_CHARS)}…`
      : rejection.message;
  if (!rejection.fields) return { kind: rejection.kind, message };
  return {
    kind: rejection.kind,
    message,
    fields: rejection.fields.slice(0, MAX_REASON_FIELDS).map((f) => ({
      path: f.path.slice(0, 512),
      messages: f.messages.slice(0, 10).map((m) => m.slice(0, 512)),
    })),
  };
}

/**
 * The DLQ envelope for a refused record. With `maxBytes` (the DLQ topic's `max.message.bytes`),
 * an envelope that would not fit carries a prefix of the payload, its size and SHA-256, and its
 * reason says it was truncated — a dead letter that cannot be written would stall the partition.
 */
export function deadLetterFor(
  rejection: Rejection,
  record: RefusedRecord,
  rejectedBy: string,
  maxBytes = Number.POSITIVE_INFINITY,
): DeadLetter {
  const letter: DeadLetter = {
    schema_version: 1,
    rejected_by: rejectedBy,
    reason: boundedReason(rejection),
    source: {
      topic: record.topic,
      partition: record.partition,
      offset: record.offset,
      ...keyOf(record.key),
      timestamp: record.timestamp ?? null,
    },
    payload: payloadOf(record.value),
  };
  if (!record.value || !Number.isFinite(maxBytes)) return letter;
  if (jsonBytes(letter) + ENVELOPE_MARGIN_BYTES <= maxBytes) return letter;
  return truncated(letter, record.value, maxBytes);
}
