/**
 * The event time of a raw security event: the first of the usual timestamp fields that parses,
 * else the Kafka record's own timestamp. Zone-less timestamps (Sysmon's `UtcTime`, NXLog's
 * `EventTime` unless NXLog is told to write UTC with a zone) are UTC. A
 * field that parses to an instant outside the contract's range (`@timestamp: 1e20`) makes the
 * event time invalid (NaN, a dead letter) rather than silently falling back to another field.
 */
import { inEventTimeRange } from '@riskline/contracts';
import { readField, type EventObject } from '@riskline/detection';

export const EVENT_TIME_FIELDS = [
  '@timestamp',
  'timestamp',
  'event_time',
  'ts',
  'time',
  'UtcTime',
  'TimeCreated.SystemTime',
  'Event.System.TimeCreated.#attributes.SystemTime',
  'Event.System.TimeCreated.SystemTime',
  // NXLog's im_msvistalog, Fluent Bit's winevtlog, a Splunk HEC envelope's `time`.
  'EventTime',
  'TimeCreated',
  '_time',
];

function parseTime(value: unknown): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value > 1e12 ? value : value * 1000;
  if (typeof value !== 'string' || value.trim() === '') return NaN;
  const text = value.trim();
  const zoned = /[zZ]|[+-]\d{2}:?\d{2}$/.test(text) ? text : `${text.replace(' ', 'T')}Z`;
  return Date.parse(zoned);
}

export function eventTimeOf(
  event: EventObject,
  recordTimestampMs: number,
  fields: readonly string[] = EVENT_TIME_FIELDS,
): number {
  for (const field of fields) {
    const ms = parseTime(readField(event, field));
    if (Number.isFinite(ms)) return inEventTimeRange(ms) ? ms : NaN;
  }
  return recordTimestampMs;
}
