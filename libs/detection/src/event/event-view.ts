/**
 * One event as the rules see it: field reads through a field mapping (a log source's renames,
 * e.g. Image ← NewProcessName), memoised together with their lower-cased string form so that a
 * thousand rules reading `CommandLine` lower-case it once.
 */
import { readField, scalarValues, type EventObject } from './field-access';

export type FieldValue = string | number | boolean | null | undefined | object;

const MISSING = Symbol('missing');

export class EventView {
  private readonly values = new Map<string, unknown>();
  private readonly lowered = new Map<string, string | typeof MISSING>();
  private keywordsLower: string[] | null = null;

  constructor(
    readonly event: EventObject,
    private readonly mapping: ReadonlyMap<string, string> = new Map(),
  ) {}

  /** The raw value of a rule field (after the log source's rename), or undefined. */
  get(field: string): FieldValue {
    let value = this.values.get(field);
    if (value === undefined && !this.values.has(field)) {
      value = readField(this.event, this.mapping.get(field) ?? field);
      this.values.set(field, value);
    }
    return value as FieldValue;
  }

  /** Lower-cased string form of a scalar field, or null when absent or not a scalar. */
  lower(field: string): string | null {
    let text = this.lowered.get(field);
    if (text === undefined) {
      const value = this.get(field);
      text =
        value === null || value === undefined || typeof value === 'object'
          ? MISSING
          : String(value).toLowerCase();
      this.lowered.set(field, text);
    }
    return text === MISSING ? null : text;
  }

  /** Lower-cased string forms of every scalar value, for keyword (full-text) searches. */
  keywords(): readonly string[] {
    this.keywordsLower ??= scalarValues(this.event).map((v) => String(v).toLowerCase());
    return this.keywordsLower;
  }

  /** The same event seen through another log source's field mapping. */
  withMapping(mapping: ReadonlyMap<string, string>): EventView {
    return mapping.size === 0 && this.mapping.size === 0 ? this : new EventView(this.event, mapping);
  }
}
