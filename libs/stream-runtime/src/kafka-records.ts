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

export function outputMessage(output: Output): {
  key: string | null;
  value: Buffer | string;
  headers?: Record<string, string>;
} {
  return {
    key: output.key,
    value: Buffer.isBuffer(output.value) ? output.value : JSON.stringify(output.value),
    ...(output.headers ? { headers: { ...output.headers } } : {}),
  };
}
