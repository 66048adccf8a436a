/**
 * A partition's entities. Entities restored from a snapshot stay encoded ("dormant": their JSON
 * row plus two summary numbers) until something touches them, so restoring 100k entities costs a
 * parse of short strings, not rebuilding every window. Invariant: a dormant entity behaves
 * exactly as its materialised form would — materialising expires its windows at its own clock
 * (as its last use did), and the timer can forget it from its summary alone.
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

type Row = [type: string, value: string, windows: Record<string, EncodedWindow>];

interface Dormant {
  readonly row: string;
  readonly clockMs: number;
  readonly touchedMs: number;
}

export class EntityTable {
  private readonly live = new Map<string, EntityRisk>();
  private readonly dormant = new Map<string, Dormant>();
  constructor(private readonly settings: RiskSettings) {}

  get size(): number {
    return this.live.size + this.dormant.size;
  }

  get(key: string): EntityRisk | undefined {
    const live = this.live.get(key);
    if (live) return live;
    const dormant = this.dormant.get(key);
    if (!dormant) return undefined;
    const entity = this.materialise(dormant);
    this.dormant.delete(key);
    this.live.set(key, entity);
    return entity;
  }

  set(key: string, entity: EntityRisk): void {
    this.live.set(key, entity);
  }

  delete(key: string): void {
    if (!this.live.delete(key)) this.dormant.delete(key);
  }

  keys(): string[] {
    return [...this.live.keys(), ...this.dormant.keys()];
  }

  /** Every entity, materialised (for read APIs). */
  values(): EntityRisk[] {
    return this.keys().map((k) => this.get(k)!);
  }

  /** Live entities only: what changed since restore. */
  liveEntries(): IterableIterator<[string, EntityRisk]> {
    return this.live.entries();
  }

  /** Forgets entities last touched at or before `cutoffMs` of partition time. */
  forgetUntouchedSince(cutoffMs: number): void {
    for (const [key, d] of this.dormant) if (d.touchedMs <= cutoffMs) this.dormant.delete(key);
    for (const [key, e] of this.live) if (e.touchedMs <= cutoffMs) this.live.delete(key);
  }

  encode(): EncodedEntity[] {
    const rows: EncodedEntity[] = [];
    for (const [key, e] of this.live) {
      const windows = Object.fromEntries(
        this.settings.policies.map((p, i) => [p.name, e.windows[i]!.encode()]),
      );
      rows.push([key, e.clockMs, e.touchedMs, JSON.stringify([e.type, e.value, windows] satisfies Row)]);
    }
    for (const [key, d] of this.dormant) rows.push([key, d.clockMs, d.touchedMs, d.row]);
    return rows.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  }

  /** Adds a restored row without decoding it. */
  restore([key, clockMs, touchedMs, row]: EncodedEntity): void {
    this.dormant.set(key, { row, clockMs, touchedMs });
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
    const [type, value, windows] = JSON.parse(d.row) as Row;
    const decoded = this.settings.policies.map((p) => {
      const w = windows[p.name] ? EntityWindow.decode(windows[p.name]!) : new EntityWindow();
      // Policies may have changed since the snapshot: a shorter window expires more now.
      w.expire(d.clockMs - p.windowMs);
      return w;
    });
    return { type, value, windows: decoded, clockMs: d.clockMs, touchedMs: d.touchedMs };
  }
}
