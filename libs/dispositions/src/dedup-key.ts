/**
 * What makes two verdict records the same verdict, so that a redelivery counts once: the
 * fingerprint (e.g. the detection id) or the incident id, with the verdict and the rule; a
 * record with neither is identified by rule, timestamp and analyst. Timestamps are normalised
 * to one ISO form first, so `…Z` and `…+00:00` of the same instant are the same record.
 */
import { eventTimeMs, toEventTime, type Disposition } from '@riskline/contracts';

/** `ruleId` is the rule the per-rule record counts for (after incident expansion). */
export function dedupKeyOf(d: Disposition, ruleId: string): string {
  if (d.fingerprint !== undefined) return JSON.stringify(['fingerprint', d.fingerprint, d.verdict, ruleId]);
  if (d.incident_id !== undefined) return JSON.stringify(['incident', d.incident_id, d.verdict, ruleId]);
  return JSON.stringify(['analyst', ruleId, toEventTime(eventTimeMs(d.timestamp)), d.analyst]);
}

/**
 * The identity of a record as submitted, before expansion: its Kafka key on soc.dispositions
 * and what makes two records of one request duplicates of each other.
 */
export function dispositionIdentity(d: Disposition): string {
  return dedupKeyOf(d, d.rule_id ?? '*');
}
