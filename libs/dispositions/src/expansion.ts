/**
 * The repartition step: one analyst verdict → one record per rule it judges. A verdict naming
 * its rule judges that rule; an incident-scoped verdict without a rule judges every rule that
 * contributed to the incident. An incident the index does not hold is a rejection with the
 * reason — never a silent drop. Pure.
 */
import { eventTimeMs, toEventTime, type Disposition, type RuleDisposition } from '@riskline/contracts';
import { dedupKeyOf } from './dedup-key';
import type { IncidentSubject } from './incident-index';

export interface IncidentLookup {
  rulesOf(incidentId: string): readonly string[] | undefined;
  subjectOf(incidentId: string): IncidentSubject | undefined;
}

export type Expansion =
  | { readonly ok: true; readonly records: readonly RuleDisposition[] }
  | { readonly ok: false; readonly reason: string };

function ruleRecord(d: Disposition, ruleId: string): RuleDisposition {
  return {
    schema_version: 1,
    rule_id: ruleId,
    verdict: d.verdict,
    timestamp: toEventTime(eventTimeMs(d.timestamp)),
    dedup_key: dedupKeyOf(d, ruleId),
    origin: {
      scope: d.scope,
      analyst: d.analyst,
      ...(d.fingerprint === undefined ? {} : { fingerprint: d.fingerprint }),
      ...(d.incident_id === undefined ? {} : { incident_id: d.incident_id }),
    },
  };
}

export function expandDisposition(d: Disposition, incidents: IncidentLookup): Expansion {
  if (d.rule_id !== undefined) return { ok: true, records: [ruleRecord(d, d.rule_id)] };
  const rules = incidents.rulesOf(d.incident_id!);
  if (rules === undefined || rules.length === 0)
    return {
      ok: false,
      reason: `unknown incident '${d.incident_id}': no risk incident with that id in the verdict window, and the verdict names no rule_id`,
    };
  return { ok: true, records: rules.map((rule) => ruleRecord(d, rule)) };
}
