/**
 * The multi-actor correlator, run on an event-time timer per partition: an identity with at
 * least the minimum number of multi_actor primitives is suspected once per distinct set of
 * them; the last reported set is partition state (so a restart does not re-emit), and it is
 * re-armed when fewer than the minimum remain. Only attackers observed since the last run are
 * looked at. Pure.
 */
import { toEventTime, type MultiActorSuspected } from '@riskline/contracts';
import type { PrimitiveProfile, ProfileState } from './profiles';
import type { AttributionSettings } from './settings';

function evidence(primitive: string, p: PrimitiveProfile): string {
  const recent = p.series.slice(-5);
  const values = [...new Set(recent.map((o) => o.key))].join(' / ');
  return `${primitive} alternates ${values} over its last ${recent.length} observations`;
}

/**
 * The correlator's run at `atMs`: every attacker observed since the last run whose multi-actor
 * primitives reach the minimum and differ from the set last reported gets a suspicion.
 */
export function correlate(
  state: ProfileState,
  settings: AttributionSettings,
  atMs: number,
): MultiActorSuspected[] {
  const out: MultiActorSuspected[] = [];
  for (const attackerId of state.dirty) {
    const identity = state.identities.get(attackerId);
    if (!identity) continue;
    // Its `suspected` may change below: the next keyed checkpoint writes it again.
    state.changed.add(attackerId);
    const multi = [...identity.primitives]
      .filter(([, p]) => p.state === 'multi_actor')
      .sort(([a], [b]) => (a < b ? -1 : 1));
    if (multi.length < settings.multiActorMinPrimitives) {
      identity.suspected = null;
      continue;
    }
    const names = multi.map(([name]) => name);
    if (identity.suspected && identity.suspected.join('\n') === names.join('\n')) continue;
    identity.suspected = names;
    out.push({
      schema_version: 1,
      type: 'multi_actor_suspected',
      identity_id: identity.identityId,
      primitives: names,
      evidence_summary: multi.map(([name, p]) => evidence(name, p)).join('; '),
      confidence: Number((multi.reduce((sum, [, p]) => sum + p.confidence, 0) / multi.length).toFixed(6)),
      ts: toEventTime(atMs),
    });
  }
  state.dirty.clear();
  state.seen.expire(atMs - settings.seenIdsMs);
  return out;
}
