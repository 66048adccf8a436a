/**
 * The edge between kafkajs and the runtime's records: a consumed message as an InputRecord
 * (headers as strings, the last value of a repeated one). Every consumer of the runtime goes
 * through it, so a dead letter looks the same whoever refused the record.
 */
import type { IHeaders, KafkaMessage } from 'kafkajs';
import type { InputRecord } from '@riskline/stream-core';

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
