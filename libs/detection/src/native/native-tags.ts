/**
 * The ATT&CK tags a native firing produces. Tag ids are UUIDv5 over (source kind, source id,
 * rule id, rule version, technique, sub-technique), so re-evaluating the same event with the
 * same rule version gives the same ids. Pure.
 */
import { deterministicId } from '@riskline/contracts/core';
import type { NativeEmit, NativeRule } from './native-rule';

export interface NativeTag extends NativeEmit {
  readonly tag_id: string;
}

export function nativeTags(rule: NativeRule, sourceKind: string, sourceId: string): NativeTag[] {
  return rule.emits.map((emit) => ({
    ...emit,
    tag_id: deterministicId(
      'tag',
      sourceKind,
      sourceId,
      rule.id,
      rule.version,
      emit.technique_id,
      emit.sub_technique_id ?? '',
    ),
  }));
}
