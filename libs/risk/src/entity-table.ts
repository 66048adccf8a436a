/**
 * A partition's entities. Entities restored from a snapshot stay encoded ("dormant": their JSON
 * row plus two summary numbers) until something touches them, so restoring 100k entities costs a
 * parse of short strings, not rebuilding every window. Invariant: a dormant entity behaves
 * exactly as its materialised form would — materialising expires it at the restore watermark
 * (every later use expires further anyway), and the timer can forget it from its summary alone.
 */
import { EntityWindow, type EncodedWindow } from './entity-window';
import type { RiskSettings } from './risk-policy';

export interface EntityRisk {
  readonly type: string;
  readonly value: string;
  /** One window per policy, in policy order. */
  readonly windows: EntityWindow[];
}

/** [entity key, newest contribution time, end of the longest running cooldown, JSON row]. */
export type EncodedEntity = [string, number, number, string];

type Row = [type: string, value: string, windows: Record<string, EncodedWindow>];

interface Dormant {
  readonly row: string;
  readonly newestMs: number;
  readonly firedUntilMs: number;
}

export class EntityTable {
  private readonly live = new Map<string, EntityRisk>();
  private readonly dormant = new Map<string, Dormant>();
  private readonly maxWindowMs: number;

  constructor(
    private readonly settings: RiskSettings,
    private readonly restoredAtMs: number | null = null,
  ) {
    this.maxWindowMs = Math.max(...settings.policies.map((p) => p.windowMs));
  }

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

  /** Forgets dormant entities whose windows and cooldowns all ended by `nowMs`. */
  forgetDormant(nowMs: number): void {
    for (const [key, d] of this.dormant)
      if (d.newestMs <= nowMs - this.maxWindowMs && d.firedUntilMs <= nowMs) this.dormant.delete(key);
  }

  encode(): EncodedEntity[] {
    const rows: EncodedEntity[] = [];
    for (const [key, e] of this.live) {
      const windows = Object.fromEntries(
        this.settings.policies.map((p, i) => [p.name, e.windows[i]!.encode()]),
      );
      rows.push([
        key,
        this.newestOf(e),
        this.firedUntilOf(e),
        JSON.stringify([e.type, e.value, windows] satisfies Row),
      ]);
    }
    for (const [key, d] of this.dormant) rows.push([key, d.newestMs, d.firedUntilMs, d.row]);
    return rows.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  }

  /** Adds a restored row without decoding it. */
  restore([key, newestMs, firedUntilMs, row]: EncodedEntity): void {
    this.dormant.set(key, { row, newestMs, firedUntilMs });
  }

  /** Drops all but the `max` most recently active entities; returns how many it dropped. */
  capTo(max: number): number {
    if (this.size <= max) return 0;
    const newest = (key: string) => this.dormant.get(key)?.newestMs ?? this.newestOf(this.live.get(key)!);
    const ranked = this.keys().sort((a, b) => newest(b) - newest(a) || (a < b ? -1 : 1));
    for (const key of ranked.slice(max)) this.delete(key);
    return ranked.length - max;
  }

  private newestOf(e: EntityRisk): number {
    return Math.max(-1, ...e.windows.map((w) => w.newestMs ?? -1));
  }

  private firedUntilOf(e: EntityRisk): number {
    return Math.max(
      -1,
      ...this.settings.policies.map((p, i) =>
        e.windows[i]!.lastFiredMs === null ? -1 : e.windows[i]!.lastFiredMs! + p.cooldownMs,
      ),
    );
  }

  private materialise(d: Dormant): EntityRisk {
    const [type, value, windows] = JSON.parse(d.row) as Row;
    const decoded = this.settings.policies.map((p) => {
      const w = windows[p.name] ? EntityWindow.decode(windows[p.name]!) : new EntityWindow();
      if (this.restoredAtMs !== null) w.expire(this.restoredAtMs - p.windowMs);
      return w;
    });
    return { type, value, windows: decoded };
  }
}
