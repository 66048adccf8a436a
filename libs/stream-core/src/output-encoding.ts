/**
 * An Output as the bytes it will cost on the wire: values JSON-encoded unless already bytes,
 * serialised and sized once per Output (cached), whether it is sized first by `applyRecords`
 * or only sent by the runtime. Invariant: `outputBytes` is an upper bound of what the record
 * costs against a topic's `max.message.bytes` when sent alone.
 */
import type { Output } from './processor';

export interface OutgoingMessage {
  key: Buffer | string | null;
  value: Buffer | string;
  headers?: Record<string, string>;
  partition?: number;
  timestamp?: string;
}

const serialised = new WeakMap<Output, Buffer | string>();

function valueOf(output: Output): Buffer | string {
  if (Buffer.isBuffer(output.value)) return output.value;
  let value = serialised.get(output);
  if (value === undefined) {
    value = JSON.stringify(output.value);
    serialised.set(output, value);
  }
  return value;
}

export function outputMessage(output: Output): OutgoingMessage {
  return {
    key: output.key,
    value: valueOf(output),
    ...(output.headers ? { headers: { ...output.headers } } : {}),
    ...(output.partition !== undefined ? { partition: output.partition } : {}),
    ...(output.timestamp !== undefined ? { timestamp: output.timestamp } : {}),
  };
}

/** Per-record overhead of a Kafka record batch beyond key, value and headers (v2 format, generous). */
const RECORD_OVERHEAD_BYTES = 128;

const sizeOf = (v: Buffer | string | null | undefined) =>
  v === null || v === undefined ? 0 : Buffer.isBuffer(v) ? v.length : Buffer.byteLength(v, 'utf8');

/** What a message costs against `max.message.bytes` when sent alone (an upper bound). */
export function messageBytes(message: OutgoingMessage): number {
  let bytes = RECORD_OVERHEAD_BYTES + sizeOf(message.key) + sizeOf(message.value);
  for (const [name, value] of Object.entries(message.headers ?? {}))
    bytes += sizeOf(name) + sizeOf(value) + 8;
  return bytes;
}

const sized = new WeakMap<Output, number>();

export function outputBytes(output: Output): number {
  let bytes = sized.get(output);
  if (bytes === undefined) {
    bytes = messageBytes(outputMessage(output));
    sized.set(output, bytes);
  }
  return bytes;
}
