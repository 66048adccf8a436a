/**
 * Episodes: one incident per stretch of time an entity stays above a policy's threshold. The
 * first crossing opens an episode (its id fixed by policy, entity and opening time); while the
 * entity stays above, what changes — score, sources, tactics — is published as updates of the
 * same incident; only after it has been below for the policy's cooldown does a crossing open a
 * new one. Analysts' verdicts feed back: once an episode is judged false positive, records
 * that add no source and grow the score by no more than the margin are suppressed. Pure.
 */

/** What a published incident record said. */
export interface EpisodeView {
  readonly score: number;
  readonly sources: readonly string[];
  readonly tactics: readonly string[];
}

export interface Episode {
  readonly id: string;
  readonly startMs: number;
  /** Records published so far (the next is revision + 1). */
  revision: number;
  /** Entity time of the last published record. */
  lastRecordMs: number | null;
  published: EpisodeView | null;
  /** Entity time the window fell below the threshold; null while above. */
  belowSinceMs: number | null;
  /**
   * Contributions counted into the window since the last record, so an update carries only
   * what it adds (an episode's records would otherwise repeat its whole window each time).
   * Absent in episodes restored from snapshots older than it: their next update carries the window.
   */
  unpublished?: string[];
}

/** The state an analyst judged false positive: later records are compared with it. */
export interface JudgedView {
  readonly incidentId: string;
  readonly score: number;
  readonly sources: readonly string[];
}

export type RecordDecision = 'opened' | 'updated' | 'unchanged' | 'throttled' | 'suppressed';

export interface EpisodeRules {
  /** Least entity time between two records of an episode that add no source or tactic. */
  readonly updateIntervalMs: number;
  /** A judged-false-positive entity re-alerts once its score exceeds the judged one by this fraction. */
  readonly falsePositiveMargin: number;
}

const newMember = (now: readonly string[], before: readonly string[]) => {
  const seen = new Set(before);
  return now.some((x) => !seen.has(x));
};

/** Whether `now` differs from a judged view beyond what the verdict already covered. */
export function beyondJudged(now: EpisodeView, judged: JudgedView, margin: number): boolean {
  return newMember(now.sources, judged.sources) || now.score > judged.score * (1 + margin);
}

/** Whether the episode is over at entity time `nowMs`: below for at least `cooldownMs`. */
export function episodeEnded(episode: Episode, nowMs: number, cooldownMs: number): boolean {
  return episode.belowSinceMs !== null && nowMs - episode.belowSinceMs >= cooldownMs;
}

/** What to publish for an episode that is above its threshold at `nowMs` and looks like `now`. */
export function decideRecord(
  episode: Episode,
  now: EpisodeView,
  nowMs: number,
  judged: JudgedView | null,
  rules: EpisodeRules,
): RecordDecision {
  if (judged !== null && !beyondJudged(now, judged, rules.falsePositiveMargin)) return 'suppressed';
  const last = episode.published;
  if (last === null) return 'opened';
  const grew = newMember(now.sources, last.sources) || newMember(now.tactics, last.tactics);
  if (!grew && now.score === last.score) return 'unchanged';
  if (!grew && episode.lastRecordMs !== null && nowMs - episode.lastRecordMs < rules.updateIntervalMs)
    return 'throttled';
  return 'updated';
}

/** Records a published view on the episode. */
export function publish(episode: Episode, view: EpisodeView, nowMs: number): void {
  episode.revision++;
  episode.lastRecordMs = nowMs;
  episode.published = view;
  episode.unpublished = [];
}

/**
 * Notes a contribution counted into an open episode's window. Ids that have left the window
 * since are dropped once the list is twice the window's bound, so a long throttled or
 * suppressed stretch cannot grow it past that.
 */
export function noteUnpublished(
  episode: Episode,
  id: string,
  inWindow: (id: string) => boolean,
  bound: number,
): void {
  const pending = episode.unpublished;
  if (pending === undefined) return;
  pending.push(id);
  if (pending.length > 2 * bound) episode.unpublished = pending.filter(inWindow);
}
