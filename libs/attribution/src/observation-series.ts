/**
 * One primitive's observations of one identity, ordered by event time (ties by id, so any
 * arrival order gives one series). Only what the mergers read is kept: the last `history`
 * observations, plus — for hash primitives — those inside the hash window before the latest.
 */
export interface ObservationPoint {
  readonly id: string;
  readonly ts: number;
  readonly value: unknown;
  /** The value in canonical JSON (object keys sorted): what "the same value" means. */
  readonly key: string;
}

export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value);
}

export function pointOf(id: string, ts: number, value: unknown): ObservationPoint {
  return { id, ts, value, key: canonicalJson(value) };
}

const before = (a: ObservationPoint, b: ObservationPoint) => a.ts < b.ts || (a.ts === b.ts && a.id < b.id);

/** Inserts in order (appending in the usual in-order case). */
export function insertPoint(series: ObservationPoint[], point: ObservationPoint): void {
  let i = series.length;
  while (i > 0 && before(point, series[i - 1]!)) i--;
  series.splice(i, 0, point);
}

/** Drops what no merger will read again: beyond `history`, unless inside `keepWithinMs` of the latest. */
export function trimSeries(series: ObservationPoint[], history: number, keepWithinMs: number): void {
  if (series.length <= history) return;
  const latest = series[series.length - 1]!.ts;
  let drop = 0;
  while (series.length - drop > history && series[drop]!.ts < latest - keepWithinMs) drop++;
  if (drop > 0) series.splice(0, drop);
}
