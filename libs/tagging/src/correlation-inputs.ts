/**
 * What a firing feeds to the correlations that consume its rule: one CorrelationInput per
 * consuming correlation, keyed by the correlation and its group-by values, read from the event
 * (aliases already resolved per rule by the CorrelationPlan). A firing whose event lacks a
 * group-by field, or holds a non-scalar or over-long value there, belongs to no group: it
 * feeds nothing and is counted (`correlation_ungrouped`). Pure.
 */
import {
  correlationKey,
  MAX_CORRELATED_VALUE_CHARS,
  toEventTime,
  type CorrelationInput,
  type EntityRef,
} from '@riskline/contracts';
import type { CorrelatedValue, CorrelationUse } from '@riskline/detection';

export interface CorrelationFeed {
  readonly inputs: { readonly key: string; readonly value: CorrelationInput }[];
  readonly ungrouped: number;
}

/** A group-by or metric value: scalars only, strings within bounds. */
export function correlatedValue(raw: unknown): CorrelatedValue | undefined {
  if (raw === null || raw === undefined) return null;
  if (typeof raw === 'string') return raw.length <= MAX_CORRELATED_VALUE_CHARS ? raw : undefined;
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : undefined;
  if (typeof raw === 'boolean') return raw;
  return undefined;
}

export interface Fired {
  readonly ruleId: string;
  readonly eventTimeMs: number;
  readonly ref: string;
  readonly entities: readonly EntityRef[];
  /** A field of what fired: the event's, or a correlation firing's group-by values. */
  readonly field: (name: string) => unknown;
}

export function correlationFeed(fired: Fired, uses: readonly CorrelationUse[]): CorrelationFeed {
  const inputs: CorrelationFeed['inputs'] = [];
  let ungrouped = 0;
  for (const use of uses) {
    const group: string[] = [];
    for (const field of use.groupFields) {
      const value = correlatedValue(fired.field(field));
      if (value === null || value === undefined) break;
      group.push(String(value));
    }
    if (group.length < use.groupFields.length) {
      ungrouped++;
      continue;
    }
    const value = use.valueField === null ? undefined : correlatedValue(fired.field(use.valueField));
    inputs.push({
      key: correlationKey(use.correlation.id, group),
      value: {
        schema_version: 1,
        correlation_id: use.correlation.id,
        rule_id: fired.ruleId,
        position: use.position,
        group,
        ...(use.valueField === null ? {} : { value: value ?? null }),
        event_time: toEventTime(fired.eventTimeMs),
        ref: fired.ref.slice(0, 512),
        entities: fired.entities.slice(0, 64).map((e) => ({ type: e.type, value: e.value })),
      },
    });
  }
  return { inputs, ungrouped };
}
