/** Builds the DLQ envelope for a refused record, keeping its payload byte-exact. */
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

function payloadOf(value: Buffer | null): DeadLetter['payload'] {
  if (!value) return { encoding: 'none', data: '', bytes: 0 };
  try {
    return { encoding: 'utf8', data: utf8.decode(value), bytes: value.length };
  } catch {
    return { encoding: 'base64', data: value.toString('base64'), bytes: value.length };
  }
}

export function deadLetterFor(rejection: Rejection, record: RefusedRecord, rejectedBy: string): DeadLetter {
  return {
    schema_version: 1,
    rejected_by: rejectedBy,
    reason: rejection.fields
      ? {
          kind: rejection.kind,
          message: rejection.message,
          fields: rejection.fields.map((f) => ({ path: f.path, messages: [...f.messages] })),
        }
      : { kind: rejection.kind, message: rejection.message },
    source: {
      topic: record.topic,
      partition: record.partition,
      offset: record.offset,
      key: record.key ? record.key.toString('utf8') : null,
      timestamp: record.timestamp ?? null,
    },
    payload: payloadOf(record.value),
  };
}
