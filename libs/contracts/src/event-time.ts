/**
 * Event time on the wire: an RFC 3339 timestamp with an explicit zone (`Z` or `±hh:mm`).
 * Invariant: a string accepted here parses to a finite epoch-millisecond value, so state code
 * can compare event times without re-validating them. A zone-less timestamp is refused,
 * because its meaning would depend on the consumer's local clock.
 */
import { registerDecorator, type ValidationOptions } from 'class-validator';

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$/;

export function isEventTime(value: unknown): value is string {
  return typeof value === 'string' && RFC3339.test(value) && Number.isFinite(Date.parse(value));
}

/** The instants the wire form can carry: years 0000 to 9999 (RFC 3339 has four-digit years). */
export const MIN_EVENT_TIME_MS = Date.parse('0000-01-01T00:00:00Z');
export const MAX_EVENT_TIME_MS = Date.parse('9999-12-31T23:59:59.999Z');

export function inEventTimeRange(ms: number): boolean {
  return Number.isFinite(ms) && ms >= MIN_EVENT_TIME_MS && ms <= MAX_EVENT_TIME_MS;
}

/** Epoch milliseconds of a validated event time. */
export function eventTimeMs(value: string): number {
  return Date.parse(value);
}

/** Canonical wire form of an epoch-millisecond instant. */
export function toEventTime(ms: number): string {
  return new Date(ms).toISOString();
}

export function IsEventTime(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isEventTime',
      target: target.constructor,
      propertyName: propertyName.toString(),
      options: {
        message: '$property must be an RFC 3339 timestamp with a zone, e.g. 2026-01-31T12:00:00Z',
        ...options,
      },
      validator: { validate: isEventTime },
    });
}
