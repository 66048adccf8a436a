/**
 * The edges between kafkajs and the runtime's records: a consumed message as an InputRecord
 * (headers as strings, the last value of a repeated one) and an Output as a message to send
 * (values JSON-encoded unless already bytes). Every consumer of the runtime goes through these,
 * so a dead letter looks the same whoever refused the record.
 */
import type { IHeaders, KafkaMessage } from 'kafkajs';
import type { InputRecord, Output } from './processor';

function headersOf(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    const last = Array.isArray(value) ? value[value.length - 1] : value;
    if (last !== undefined) out[name] = last.toString();
  }
  return out;
}

export function inputRecordOf(topic: string, partition: number, message: KafkaMessage): InputRecord {
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key,
    value: message.value,
    timestamp: message.timestamp,
    headers: headersOf(message.headers),
  };
}

export interface OutgoingMessage {
  key: Buffer | string | null;
  value: Buffer | string;
  headers?: Record<string, string>;
  partition?: number;
  timestamp?: string;
}

/** Each output is serialised once, whether it is sized first (applyRecords) or only sent. */
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

/** An output's size, computed once whether it is checked in the pure core or when chunking. */
export function outputBytes(output: Output): number {
  let bytes = sized.get(output);
  if (bytes === undefined) {
    bytes = messageBytes(outputMessage(output));
    sized.set(output, bytes);
  }
  return bytes;
}
