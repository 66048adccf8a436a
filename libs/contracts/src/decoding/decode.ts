/**
 * Turns Kafka record bytes into a validated message or a typed rejection — never a throw.
 * Order matters and is cheapest-first: size, UTF-8, JSON, structure, version, schema.
 * Invariant: a value returned as `ok` passed its class's validators with unknown fields
 * stripped, so handlers can trust every declared field.
 */
import { compiledDecode } from './compiled-validation';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import type { MessageSchema } from '../schema';
import { describeViolations, fieldViolations } from './field-violations';
import { guardJson } from './json-guard';
import { reject, type Decoded } from './rejection';

/** 1 MiB: the broker's default record limit; larger payloads are refused before parsing. */
export const DEFAULT_MAX_MESSAGE_BYTES = 1024 * 1024;

export interface DecodeOptions {
  readonly maxBytes?: number;
  readonly maxDepth?: number;
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** Bytes → a JSON object (no schema): what the tagger accepts as a raw security event. */
export function decodeJsonObject(
  bytes: Uint8Array | null | undefined,
  options: DecodeOptions = {},
): Decoded<Record<string, unknown>> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  if (!bytes || bytes.length === 0) return reject('empty', 'message has no value');
  if (bytes.length > maxBytes)
    return reject('oversized', `message is ${bytes.length} bytes; the limit is ${maxBytes}`);
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return reject('not_utf8', 'message value is not valid UTF-8');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return reject('invalid_json', `invalid JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return reject(
      'not_an_object',
      `message must be a JSON object, got ${Array.isArray(parsed) ? 'an array' : parsed === null ? 'null' : typeof parsed}`,
    );
  }
  const structural = guardJson(parsed, options.maxDepth);
  if (structural) return { ok: false, rejection: structural };
  return { ok: true, value: parsed as Record<string, unknown> };
}

/** Validates an already parsed and guarded object against a schema. */
export function validatePlain<T>(schema: MessageSchema<T>, plain: Record<string, unknown>): Decoded<T> {
  const version = plain['schema_version'];
  if (version === undefined) {
    return reject('schema_violation', `${schema.name}: schema_version is required`, [
      { path: 'schema_version', messages: ['schema_version is required'] },
    ]);
  }
  if (typeof version !== 'number' || !schema.versions.includes(version)) {
    return reject(
      'unknown_version',
      `${schema.name}: schema_version ${JSON.stringify(version)} is not supported (supported: ${schema.versions.join(', ')})`,
    );
  }
  const cls = schema.classFor(plain);
  if ('unsupported' in cls) {
    return reject('schema_violation', `${schema.name}: ${cls.unsupported}`);
  }
  // The compiled path accepts what the full path would, with the same instance; a message it
  // does not accept (a rejection, most likely) takes the full path for the field-path reasons.
  const compiled = compiledDecode(cls, plain);
  if (compiled !== null) return { ok: true, value: compiled };
  const instance = plainToInstance(cls, plain, { enableImplicitConversion: false });
  const errors = validateSync(instance as object, { whitelist: true, forbidUnknownValues: true });
  if (errors.length > 0) {
    const fields = fieldViolations(errors);
    return reject('schema_violation', `${schema.name}: ${describeViolations(fields)}`, fields);
  }
  return { ok: true, value: instance };
}

/** Bytes → a validated message of `schema`. */
export function decodeMessage<T>(
  schema: MessageSchema<T>,
  bytes: Uint8Array | null | undefined,
  options: DecodeOptions = {},
): Decoded<T> {
  const object = decodeJsonObject(bytes, options);
  if (!object.ok) return object;
  return validatePlain(schema, object.value);
}

export function encodeMessage(message: object): Buffer {
  return Buffer.from(JSON.stringify(message), 'utf8');
}
