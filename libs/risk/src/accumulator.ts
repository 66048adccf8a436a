/**
 * The risk accumulator: per entity and policy, a sliding event-time window of contributions;
 * an incident when the window's score (after anti-stacking caps), or its distinct tactics (with
 * enough distinct sources), crosses the policy's threshold. Incidents are episodes (episode.ts):
 * one id while the entity stays above, published as `incident_opened` then `incident_updated`
 * records as it grows, each with the raw score, the 0–100 entity score and level, and a
 * severity band. Pure: state changes are a function of (state, contribution, partition time),
 * so a replay yields the same incidents with the same ids and revisions.
 *
 * Time is the entity's own: the greatest event time of its contributions. Windows expire,
 * episodes end and lateness is judged on it, so a backfill or a source delayed for a day is
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
  type ThreatObject,
} from '@riskline/contracts';
import { EntityTable, type EncodedEntity, type EntityRisk } from './entity-table';
import { EntityWindow, type EntryDetail, type WindowEntry } from './entity-window';
import {
  decideRecord,
  episodeEnded,
  noteUnpublished,
  publish,
  type Episode,
  type EpisodeView,
} from './episode';
import type { RiskPolicy, RiskSettings } from './risk-policy';
import { windowScores } from './window-scores';

export interface RiskCounters {
  evicted: number;
  late: number;
  duplicates: number;
  /** Contributions anti-stacking did not let count in full. */
  capped: number;
  /** Incident records withheld because an analyst judged the unchanged entity false positive. */
  suppressed: number;
}

export interface RiskState {
  readonly entities: EntityTable;
  counters: RiskCounters;
}

const noCounters = (): RiskCounters => ({ evicted: 0, late: 0, duplicates: 0, capped: 0, suppressed: 0 });

export function emptyRiskState(settings: RiskSettings): RiskState {
  return { entities: new EntityTable(settings), counters: noCounters() };
}

export interface Fired {
  readonly key: string;
  readonly incident: RiskIncident;
  /** The trace contexts (`traceparent`) of the contributions in the window that fired it. */
  readonly links: readonly string[];
}

/** What became of one contribution: counted (possibly publishing incident records), or why not. */
export interface Accumulated {
  readonly outcome: 'counted' | 'late' | 'duplicate' | 'evicted';
  readonly fired: Fired[];
  /** Named outcomes beside it, to count: `capped`, `suppressed`. */
  readonly noted: readonly ('capped' | 'suppressed')[];
}

type Trigger = RiskIncident['trigger'];

function trigger(policy: RiskPolicy, w: EntityWindow): Trigger | null {
  if (policy.scoreThreshold !== null && w.score >= policy.scoreThreshold) return 'score';
  if (
    policy.tacticCountThreshold !== null &&
    w.tactics.size >= policy.tacticCountThreshold &&
    w.sources.size >= policy.minSources
  )
    return 'tactic_count';
  return null;
}

/** Notes the moment an open episode's window fell below its threshold. */
function noteBelow(policy: RiskPolicy, w: EntityWindow, atMs: number): void {
  if (w.episode && w.episode.belowSinceMs === null && trigger(policy, w) === null)
    w.episode.belowSinceMs = atMs;
}

/** Expires the window to entity time `nowMs`, one contribution at a time, so the fall is timed. */
function slide(policy: RiskPolicy, w: EntityWindow, nowMs: number): void {
  const cutoff = nowMs - policy.windowMs;
  while (w.oldestMs !== null && w.oldestMs <= cutoff)
    noteBelow(policy, w, w.removeOldest() + policy.windowMs);
}

const MAX_THREAT_OBJECTS = 100;

function threatObjects(entries: readonly WindowEntry[]): ThreatObject[] {
  const seen = new Set<string>();
  for (const e of entries) for (const t of e.detail?.t ?? []) if (seen.size < MAX_THREAT_OBJECTS) seen.add(t);
  return [...seen].sort().map((t) => {
    const at = t.indexOf(':');
    return { type: t.slice(0, at), value: t.slice(at + 1) };
  });
}

function ref(e: WindowEntry): ContributionRef {
  return {
    rule: e.rule,
    level: e.level,
    score: e.score,
    timestamp: toEventTime(e.ts),
    ...(e.detail?.m ? { message: e.detail.m } : {}),
    ...(e.detail?.f?.length ? { factors: [...e.detail.f] } : {}),
  };
}

function incidentRecord(
  settings: RiskSettings,
  policy: RiskPolicy,
  entity: EntityRisk,
  w: EntityWindow,
  episode: Episode,
  fired: Trigger,
  kind: RiskIncident['kind'],
  nowMs: number,
  added: ReadonlySet<string> | null,
): RiskIncident {
  const entries = w.list();
  // An update names only the contributions counted since the episode's previous record.
  const named = added === null ? entries : entries.filter((e) => added.has(e.id));
  const { score, ...scores } = windowScores(settings, w);
  const base: RiskIncident = {
    schema_version: 1,
    risk_incident_id: episode.id,
    kind,
    revision: episode.revision,
    episode_start: toEventTime(episode.startMs),
    policy: policy.name,
    entity_type: entity.type,
    entity_value: entity.value,
    trigger: fired,
    score,
    score_threshold: policy.scoreThreshold,
    ...scores,
    tactic_count: w.tactics.size,
    tactic_count_threshold: policy.tacticCountThreshold,
    tactics: [...w.tactics.keys()].sort(),
    sources: [...w.sources.keys()].sort().slice(0, policy.maxSourcesPerEntity),
    source_count: w.sources.size,
    window_start: toEventTime(nowMs - policy.windowMs),
    window_end: toEventTime(nowMs),
    result_count: entries.length,
    threat_objects: threatObjects(entries),
    ...(added === null ? {} : { refs_since_revision: episode.revision - 1 }),
  };
  if (policy.include === 'results')
    return { ...base, results: named.map((e) => e.result as RiskContribution) };
  return { ...base, refs: named.map(ref) };
}

/** The distinct trace contexts of a window's contributions, oldest first. */
function traceLinks(w: EntityWindow): string[] {
  const links = new Set<string>();
  for (const e of w.list()) if (e.trace) links.add(e.trace);
  return [...links];
}

function viewOf(w: EntityWindow): EpisodeView {
  return {
    score: Number(w.score.toFixed(6)),
    sources: [...w.sources.keys()].sort(),
    tactics: [...w.tactics.keys()].sort(),
  };
}

/**
 * After a contribution joined the window at entity time `nowMs`: the record to publish, if
 * any. A window above its threshold continues its episode, or opens one when there is none or
 * the last ended (below for the cooldown); what is published is decided by episode.ts.
 */
function judgeWindow(
  settings: RiskSettings,
  policy: RiskPolicy,
  entity: EntityRisk,
  w: EntityWindow,
  nowMs: number,
): { fired: RiskIncident | null; suppressed: boolean } {
  const t = trigger(policy, w);
  if (t === null) return { fired: null, suppressed: false };
  if (w.episode && episodeEnded(w.episode, nowMs, policy.cooldownMs)) w.episode = null;
  const episode: Episode = (w.episode ??= {
    id: deterministicId('risk-incident', policy.name, entity.type, entity.value, nowMs),
    startMs: nowMs,
    revision: 0,
    lastRecordMs: null,
    published: null,
    belowSinceMs: null,
  });
  episode.belowSinceMs = null;
  const view = viewOf(w);
  const decision = decideRecord(episode, view, nowMs, w.judged, policy.episodes);
  if (decision === 'suppressed') return { fired: null, suppressed: true };
  if (decision !== 'opened' && decision !== 'updated') return { fired: null, suppressed: false };
  const added = decision === 'updated' && episode.unpublished ? new Set(episode.unpublished) : null;
  publish(episode, view, nowMs);
  w.lastFiredMs = nowMs;
  const kind = decision === 'opened' ? 'incident_opened' : 'incident_updated';
  return {
    fired: incidentRecord(settings, policy, entity, w, episode, t, kind, nowMs, added),
    suppressed: false,
  };
}

/**
 * What a window keeps of a contribution's explanation. Bounded: a window holds up to
 * max_results_per_incident of them per policy, in every snapshot, so a long command line or a
 * hundred threat objects per contribution would otherwise dominate the state.
 */
const DETAIL_LIMITS = { message: 512, threats: 8, threatValue: 512 } as const;

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

function detailOf(c: RiskContribution): EntryDetail | undefined {
  const detail: { m?: string; f?: string[]; t?: string[]; c?: string } = {};
  if (c.message) detail.m = clip(c.message, DETAIL_LIMITS.message);
  if (c.factors?.length) detail.f = c.factors.map((f) => `${f.name} ${f.effect}`);
  if (c.threat_objects?.length)
    detail.t = c.threat_objects
      .slice(0, DETAIL_LIMITS.threats)
      .map((t) => `${t.type}:${clip(t.value, DETAIL_LIMITS.threatValue)}`);
  if (c.context?.criticality) detail.c = c.context.criticality;
  return Object.keys(detail).length > 0 ? detail : undefined;
}

/**
 * Applies one contribution at event time `tsMs`, the partition's time being `partitionNowMs`;
 * returns what became of it and the incident records it publishes. `traceparent`, the trace
 * context the contribution arrived with, is kept beside it so an incident can link every trace
 * it is made of.
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
    return { outcome: 'late', fired: [], noted: [] };
  }
  if (!entity) {
    if (state.entities.size >= settings.maxOpenEntities) {
      state.counters.evicted++;
      return { outcome: 'evicted', fired: [], noted: [] };
    }
    entity = {
      type: c.entity_type,
      value: c.entity_value,
      windows: policies.map((p) => new EntityWindow(p.cap)),
      clockMs: nowMs,
      touchedMs: partitionNowMs,
    };
    state.entities.set(key, entity);
  }
  entity.clockMs = nowMs;
  entity.touchedMs = Math.max(entity.touchedMs, partitionNowMs);
  const fired: Fired[] = [];
  const noted = new Set<'capped' | 'suppressed'>();
  let duplicate = false;
  const detail = detailOf(c);
  policies.forEach((policy, i) => {
    const w = entity.windows[i]!;
    slide(policy, w, nowMs);
    if (tsMs <= nowMs - policy.windowMs) return;
    if (w.has(c.contribution_id)) {
      duplicate = true;
      return;
    }
    const counted = w.add({
      id: c.contribution_id,
      ts: tsMs,
      score: c.score,
      rule: c.rule_id,
      level: c.level,
      tactics: c.tactics,
      ...(policy.include === 'results' ? { result: c } : {}),
      ...(traceparent ? { trace: traceparent } : {}),
      ...(detail ? { detail } : {}),
    });
    if (counted < c.score) noted.add('capped');
    if (w.episode)
      noteUnpublished(w.episode, c.contribution_id, (id) => w.has(id), policy.maxResultsPerIncident);
    while (w.size > policy.maxResultsPerIncident) {
      w.removeOldest();
      noteBelow(policy, w, nowMs);
    }
    const judged = judgeWindow(settings, policy, entity, w, nowMs);
    if (judged.suppressed) noted.add('suppressed');
    if (judged.fired) fired.push({ key, incident: judged.fired, links: traceLinks(w) });
  });
  if (duplicate) state.counters.duplicates++;
  if (noted.has('capped')) state.counters.capped++;
  if (noted.has('suppressed')) state.counters.suppressed++;
  return { outcome: duplicate && fired.length === 0 ? 'duplicate' : 'counted', fired, noted: [...noted] };
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

/**
 * 6: a row's windows are listed in policy order and an entry already written in an earlier
 * window is written as its position (entity-table.ts), about half the bytes.
 * 5: windows gained episodes, judged views, counted sums and entry details — all optional.
 * Rows of 5 and 4 (entities as JSON rows with their own clock and last touch) still restore.
 */
export const RISK_SNAPSHOT_VERSION = 6;
export const RISK_SNAPSHOT_ALSO_READS: readonly number[] = [5, 4];

interface EncodedState {
  readonly entities: readonly EncodedEntity[];
  readonly counters: Partial<RiskCounters>;
}

/** Counters as a snapshot of any version holds them. */
export function restoreCounters(encoded: Partial<RiskCounters> | undefined): RiskCounters {
  return { ...noCounters(), ...encoded };
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
  const state: RiskState = { entities: new EntityTable(settings), counters: restoreCounters(e.counters) };
  for (const row of e.entities) state.entities.restore(row);
  state.counters.evicted += state.entities.capTo(settings.maxOpenEntities);
  return state;
}
