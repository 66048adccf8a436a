/**
 * The risk accumulator: per entity and policy, a sliding event-time window of contributions;
 * an incident when the window's score sum, or its distinct tactics (with enough distinct
 * sources), crosses the policy's threshold outside the entity's cooldown. Pure: state changes
 * are a function of (state, contribution, partition time), so a replay yields the same
 * incidents with the same ids.
 *
 * Time is the entity's own: the greatest event time of its contributions. Windows expire,
 * cooldowns run and lateness is judged on it, so a backfill or a source delayed for a day is
 * judged on its own timeline, never against other entities that share the partition. A
 * contribution at or before `entity time − window` of every policy is late (refused, counted).
 * The partition's time (the greatest event time accepted on it) only bounds memory: an entity
 * untouched for its longest window and cooldown of partition time is forgotten. A new entity
 * beyond `max_open_entities` is not tracked (counted as an eviction). The window is not cleared
 * when an incident fires.
 */
import {
  deterministicId,
  entityKey,
  toEventTime,
  type ContributionRef,
  type RiskContribution,
  type RiskIncident,
} from '@riskline/contracts';
import { EntityTable, type EncodedEntity, type EntityRisk } from './entity-table';
import { EntityWindow } from './entity-window';
import type { RiskPolicy, RiskSettings } from './risk-policy';

export interface RiskState {
  readonly entities: EntityTable;
  counters: { evicted: number; late: number; duplicates: number };
}

export function emptyRiskState(settings: RiskSettings): RiskState {
  return { entities: new EntityTable(settings), counters: { evicted: 0, late: 0, duplicates: 0 } };
}

export interface Fired {
  readonly key: string;
  readonly incident: RiskIncident;
  /** The trace contexts (`traceparent`) of the contributions in the window that fired it. */
  readonly links: readonly string[];
}

/** What became of one contribution: counted (possibly firing incidents), or why not. */
export interface Accumulated {
  readonly outcome: 'counted' | 'late' | 'duplicate' | 'evicted';
  readonly fired: Fired[];
}

function trigger(policy: RiskPolicy, w: EntityWindow): 'score' | 'tactic_count' | null {
  if (policy.scoreThreshold !== null && w.scoreSum >= policy.scoreThreshold) return 'score';
  if (
    policy.tacticCountThreshold !== null &&
    w.tactics.size >= policy.tacticCountThreshold &&
    w.sources.size >= policy.minSources
  )
    return 'tactic_count';
  return null;
}

function incident(
  policy: RiskPolicy,
  entity: EntityRisk,
  w: EntityWindow,
  fired: 'score' | 'tactic_count',
  nowMs: number,
): RiskIncident {
  const entries = w.list();
  const base: RiskIncident = {
    schema_version: 1,
    risk_incident_id: deterministicId('risk-incident', policy.name, entity.type, entity.value, fired, nowMs),
    policy: policy.name,
    entity_type: entity.type,
    entity_value: entity.value,
    trigger: fired,
    score: Number(w.scoreSum.toFixed(6)),
    score_threshold: policy.scoreThreshold,
    tactic_count: w.tactics.size,
    tactic_count_threshold: policy.tacticCountThreshold,
    tactics: [...w.tactics.keys()].sort(),
    sources: [...w.sources.keys()].sort().slice(0, policy.maxSourcesPerEntity),
    source_count: w.sources.size,
    window_start: toEventTime(nowMs - policy.windowMs),
    window_end: toEventTime(nowMs),
    result_count: entries.length,
  };
  if (policy.include === 'results')
    return { ...base, results: entries.map((e) => e.result as RiskContribution) };
  const refs: ContributionRef[] = entries.map((e) => ({
    rule: e.rule,
    level: e.level,
    score: e.score,
    timestamp: toEventTime(e.ts),
  }));
  return { ...base, refs };
}

/** The distinct trace contexts of a window's contributions, oldest first. */
function traceLinks(w: EntityWindow): string[] {
  const links = new Set<string>();
  for (const e of w.list()) if (e.trace) links.add(e.trace);
  return [...links];
}

/**
 * Applies one contribution at event time `tsMs`, the partition's time being `partitionNowMs`;
 * returns what became of it and the incidents it fires. `traceparent`, the trace context the
 * contribution arrived with, is kept beside it so an incident can link every trace it is made of.
 */
export function accumulate(
  state: RiskState,
  settings: RiskSettings,
  c: RiskContribution,
  tsMs: number,
  partitionNowMs: number,
  traceparent?: string,
): Accumulated {
  const { policies } = settings;
  const key = entityKey(c.entity_type, c.entity_value);
  let entity = state.entities.get(key);
  const nowMs = Math.max(entity?.clockMs ?? tsMs, tsMs);
  if (policies.every((p) => tsMs <= nowMs - p.windowMs)) {
    state.counters.late++;
    return { outcome: 'late', fired: [] };
  }
  if (!entity) {
    if (state.entities.size >= settings.maxOpenEntities) {
      state.counters.evicted++;
      return { outcome: 'evicted', fired: [] };
    }
    entity = {
      type: c.entity_type,
      value: c.entity_value,
      windows: policies.map(() => new EntityWindow()),
      clockMs: nowMs,
      touchedMs: partitionNowMs,
    };
    state.entities.set(key, entity);
  }
  entity.clockMs = nowMs;
  entity.touchedMs = Math.max(entity.touchedMs, partitionNowMs);
  const fired: Fired[] = [];
  let duplicate = false;
  policies.forEach((policy, i) => {
    const w = entity.windows[i]!;
    w.expire(nowMs - policy.windowMs);
    if (tsMs <= nowMs - policy.windowMs) return;
    if (w.has(c.contribution_id)) {
      duplicate = true;
      return;
    }
    w.add({
      id: c.contribution_id,
      ts: tsMs,
      score: c.score,
      rule: c.rule_id,
      level: c.level,
      tactics: c.tactics,
      ...(policy.include === 'results' ? { result: c } : {}),
      ...(traceparent ? { trace: traceparent } : {}),
    });
    w.cap(policy.maxResultsPerIncident);
    const t = trigger(policy, w);
    if (!t) return;
    if (w.lastFiredMs !== null && nowMs - w.lastFiredMs < policy.cooldownMs) return;
    w.lastFiredMs = nowMs;
    fired.push({ key, incident: incident(policy, entity, w, t, nowMs), links: traceLinks(w) });
  });
  if (duplicate) state.counters.duplicates++;
  return { outcome: duplicate && fired.length === 0 ? 'duplicate' : 'counted', fired };
}

/**
 * The timer's work, at partition time `nowMs`: forget entities untouched for their longest
 * window and cooldown of partition time. An entity's own windows expire on its own clock when
 * it is next touched, so nothing here depends on how far other entities moved time.
 */
export function expireEntities(state: RiskState, settings: RiskSettings, nowMs: number): void {
  state.entities.forgetUntouchedSince(nowMs - retentionMs(settings));
}

/** How long of partition time an untouched entity is kept. */
export function retentionMs(settings: RiskSettings): number {
  return Math.max(...settings.policies.map((p) => Math.max(p.windowMs, p.cooldownMs)));
}

/** 4: entities as JSON rows with their own clock and last touch, restored lazily. */
export const RISK_SNAPSHOT_VERSION = 4;

interface EncodedState {
  readonly entities: readonly EncodedEntity[];
  readonly counters: RiskState['counters'];
}

export function encodeRiskState(state: RiskState): EncodedState {
  return { entities: state.entities.encode(), counters: state.counters };
}

/**
 * Restores a snapshot under the current settings. Entities stay encoded until touched (see
 * EntityTable): windows are matched to policies by name when they are, and contributions
 * expired by the entity's own clock are dropped then. Entities beyond `max_open_entities`
 * (the least recently touched first) are evicted now.
 */
export function decodeRiskState(encoded: unknown, settings: RiskSettings): RiskState {
  const e = encoded as EncodedState;
  const state: RiskState = { entities: new EntityTable(settings), counters: { ...e.counters } };
  for (const row of e.entities) state.entities.restore(row);
  state.counters.evicted += state.entities.capTo(settings.maxOpenEntities);
  return state;
}
