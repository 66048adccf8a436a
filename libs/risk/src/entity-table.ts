/**
 * A partition's entities. Entities restored from a snapshot stay encoded ("dormant": their JSON
 * row plus two summary numbers) until something touches them, so restoring 100k entities costs a
 * parse of short strings, not rebuilding every window. Invariant: a dormant entity behaves
 * exactly as its materialised form would — materialising expires its windows at its own clock
 * (as its last use did), and the timer can forget it from its summary alone. Every entity
 * handed out for change (`get`), set or removed is marked changed until `takeChanged`, which is
 * what lets a checkpoint write only those; readers use `peek`, which marks nothing.
 */
import { EntityWindow, type EncodedWindow } from './entity-window';
import type { RiskSettings } from './risk-policy';

export interface EntityRisk {
  readonly type: string;
  readonly value: string;
  /** One window per policy, in policy order. */
  readonly windows: EntityWindow[];
  /** The entity's own time: the greatest event time of its contributions. */
  clockMs: number;
  /** The partition's time when the entity was last touched (bounds memory only). */
  touchedMs: number;
}

/** [entity key, its own clock, partition time of its last touch, JSON row]. */
export type EncodedEntity = [string, number, number, string];

/**
 * A row's windows, in the policy order they were written. A contribution counts in every
 * policy's window, so an entry already written in an earlier window of the row is written as
 * its position among the row's entries (windows concatenated): about half the bytes a
 * checkpoint writes and a restore streams back. Rows of snapshot version 5 and before hold the
 * windows by policy name, every entry in full.
 */
type SharedEntries = readonly (EncodedWindow['e'][number] | number)[];
type Row = [type: string, value: string, windows: [policy: string, window: EncodedWindow][]];
type OlderRow = [type: string, value: string, windows: Record<string, EncodedWindow>];

function shareEntries(windows: readonly [string, EncodedWindow][]): [string, EncodedWindow][] {
  const firstAt = new Map<string, number>();
  let position = 0;
  return windows.map(([policy, w]) => {
    const e: SharedEntries = w.e.map((entry) => {
      const at = position++;
      // An entry carrying its whole contribution is the results policy's own: kept in full.
      if (entry[6] !== undefined && entry[6] !== null) return entry;
      const earlier = firstAt.get(entry[0]);
      if (earlier !== undefined) return earlier;
      firstAt.set(entry[0], at);
      return entry;
    });
    return [policy, { ...w, e: e as EncodedWindow['e'] }];
  });
}

function resolveEntries(windows: readonly [string, EncodedWindow][]): Record<string, EncodedWindow> {
  const all: EncodedWindow['e'][number][] = [];
  const resolved: Record<string, EncodedWindow> = {};
  for (const [policy, w] of windows) {
    const e = (w.e as SharedEntries).map((entry) => {
      const tuple = typeof entry === 'number' ? all[entry] : entry;
      if (tuple === undefined || typeof tuple === 'number')
        throw new Error(`risk row: entry ${String(entry)} of ${policy} refers to no earlier entry`);
      all.push(tuple);
      return tuple;
    });
    resolved[policy] = { ...w, e };
  }
  return resolved;
}

interface Dormant {
  readonly row: string;
  readonly clockMs: number;
  readonly touchedMs: number;
}

export class EntityTable {
  private readonly live = new Map<string, EntityRisk>();
  private readonly dormant = new Map<string, Dormant>();
  private changed = new Set<string>();
  constructor(private readonly settings: RiskSettings) {}

  get size(): number {
    return this.live.size + this.dormant.size;
  }

  /** The entity, to change it: it is marked changed. */
  get(key: string): EntityRisk | undefined {
    const live = this.live.get(key);
    if (live) {
      this.changed.add(key);
      return live;
    }
    const dormant = this.dormant.get(key);
    if (!dormant) return undefined;
    const entity = this.materialise(dormant);
    this.dormant.delete(key);
    this.live.set(key, entity);
    this.changed.add(key);
    return entity;
  }

  /** The entity, to read it (APIs): nothing is marked, a dormant entity stays dormant. */
  peek(key: string): EntityRisk | undefined {
    const live = this.live.get(key);
    if (live) return live;
    const dormant = this.dormant.get(key);
    return dormant ? this.materialise(dormant) : undefined;
  }

  set(key: string, entity: EntityRisk): void {
    this.live.set(key, entity);
    this.changed.add(key);
  }

  delete(key: string): void {
    if (!this.live.delete(key)) this.dormant.delete(key);
    this.changed.add(key);
  }

  /** Keys changed or removed since the last call. */
  takeChanged(): string[] {
    const changed = [...this.changed];
    this.changed = new Set();
    return changed;
  }

  keys(): string[] {
    return [...this.live.keys(), ...this.dormant.keys()];
  }

  /** Every entity, materialised (for read APIs). */
  values(): EntityRisk[] {
    return this.keys().map((k) => this.peek(k)!);
  }

  /** Live entities only: what changed since restore. */
  liveEntries(): IterableIterator<[string, EntityRisk]> {
    return this.live.entries();
  }

  /** Forgets entities last touched at or before `cutoffMs` of partition time. */
  forgetUntouchedSince(cutoffMs: number): void {
    for (const [key, d] of this.dormant) if (d.touchedMs <= cutoffMs) this.delete(key);
    for (const [key, e] of this.live) if (e.touchedMs <= cutoffMs) this.delete(key);
  }

  encode(): EncodedEntity[] {
    const rows: EncodedEntity[] = [];
    for (const [key, e] of this.live) rows.push([key, e.clockMs, e.touchedMs, this.row(e)]);
    for (const [key, d] of this.dormant) rows.push([key, d.clockMs, d.touchedMs, d.row]);
    return rows.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  }

  /** Adds a restored row without decoding it. */
  restore([key, clockMs, touchedMs, row]: EncodedEntity): void {
    this.dormant.set(key, { row, clockMs, touchedMs });
  }

  /** One entity as a keyed checkpoint entry: "clock,touched,row"; undefined when not held. */
  entry(key: string): string | undefined {
    const live = this.live.get(key);
    if (live) return `${live.clockMs},${live.touchedMs},${this.row(live)}`;
    const d = this.dormant.get(key);
    return d ? `${d.clockMs},${d.touchedMs},${d.row}` : undefined;
  }

  /** Adds an entity from its keyed checkpoint entry, without decoding its row. */
  restoreEntry(key: string, entry: string): void {
    const first = entry.indexOf(',');
    const second = entry.indexOf(',', first + 1);
    const clockMs = Number(entry.slice(0, first));
    const touchedMs = Number(entry.slice(first + 1, second));
    if (first < 0 || second < 0 || !Number.isFinite(clockMs) || !Number.isFinite(touchedMs))
      throw new Error(`entity ${key}: malformed checkpoint entry`);
    this.dormant.set(key, { row: entry.slice(second + 1), clockMs, touchedMs });
  }

  private row(e: EntityRisk): string {
    const windows = shareEntries(this.settings.policies.map((p, i) => [p.name, e.windows[i]!.encode()]));
    return JSON.stringify([e.type, e.value, windows] satisfies Row);
  }

  /** Drops all but the `max` most recently touched entities; returns how many it dropped. */
  capTo(max: number): number {
    if (this.size <= max) return 0;
    const touched = (key: string) => this.dormant.get(key)?.touchedMs ?? this.live.get(key)!.touchedMs;
    const ranked = this.keys().sort((a, b) => touched(b) - touched(a) || (a < b ? -1 : 1));
    for (const key of ranked.slice(max)) this.delete(key);
    return ranked.length - max;
  }

  private materialise(d: Dormant): EntityRisk {
    const [type, value, stored] = JSON.parse(d.row) as Row | OlderRow;
    const windows = Array.isArray(stored) ? resolveEntries(stored) : stored;
    const decoded = this.settings.policies.map((p) => {
      const w = windows[p.name] ? EntityWindow.decode(windows[p.name]!, p.cap) : new EntityWindow(p.cap);
      // Policies may have changed since the snapshot: a shorter window expires more now.
      w.expire(d.clockMs - p.windowMs);
      return w;
    });
    return { type, value, windows: decoded, clockMs: d.clockMs, touchedMs: d.touchedMs };
  }
}
