/**
 * The consumer's half of the deterministic-id contract: the ids (or dedup keys) of records a
 * partition has already applied, each with its event time, so a redelivery applies once. Kept
 * while the record could still matter and bounded in number (beyond it the oldest are
 * forgotten — a redelivery of one of those would apply again, so the bound is sized well above
 * a window's records and forgetting is counted). Pure.
 *
 * Keys are a queue: a new key gets the next sequence number and only the oldest is ever
 * forgotten, so the live keys are exactly the sequences [first, next). For incremental
 * checkpoints the queue is cut into chunks of `SEEN_CHUNK` sequences; invariant: every chunk
 * whose keys or times changed since the last `takeChangedChunks` is among those it returns.
 */
export const SEEN_CHUNK = 1024;

/** How a chunk is named among a keyed snapshot's entries (other entries must not start so). */
const ENTRY_PREFIX = 's:';

/**
 * One chunk's live keys: the sequence of the first, then the keys and their event times in
 * sequence order, as two columns (a restore parses two flat arrays, not a thousand pairs).
 */
export type SeenChunk = readonly [from: number, keys: readonly string[], timesMs: readonly number[]];

/** How chunks were stored before they were columns: [from, [[key, event time], …]]. */
type PairChunk = readonly [from: number, pairs: readonly (readonly [key: string, tsMs: number])[]];

function asColumns(stored: SeenChunk | PairChunk): SeenChunk {
  if (stored.length === 3) return stored;
  const [from, pairs] = stored;
  return [from, pairs.map(([key]) => key), pairs.map(([, ts]) => ts)];
}

export class SeenKeys {
  /** Key → its sequence number. */
  private readonly sequenceOf = new Map<string, number>();
  /** Keys and times by sequence − `base` (entries before `first − base` are dropped lazily). */
  private keys: string[] = [];
  private times: number[] = [];
  private base = 0;
  private first = 0;
  private readonly changed = new Set<number>();
  /** Keys forgotten because of the bound while still in the window. */
  evicted = 0;

  constructor(private readonly max: number) {}

  get size(): number {
    return this.sequenceOf.size;
  }

  has(key: string): boolean {
    return this.sequenceOf.has(key);
  }

  /** Remembers `key` at the back; a key already remembered keeps its place and takes the time. */
  add(key: string, tsMs: number): void {
    const known = this.sequenceOf.get(key);
    if (known !== undefined) {
      this.times[known - this.base] = tsMs;
      this.changed.add(chunkOf(known));
      return;
    }
    const sequence = this.base + this.keys.length;
    this.sequenceOf.set(key, sequence);
    this.keys.push(key);
    this.times.push(tsMs);
    this.changed.add(chunkOf(sequence));
    if (this.sequenceOf.size > this.max) {
      this.dropOldest();
      this.evicted++;
    }
  }

  /**
   * Forgets keys of records at or before `cutoffMs`, oldest applied first, stopping at the
   * first newer one: O(forgotten). A late record's key may outlive its cutoff until the keys
   * applied before it go — harmless, as such a record could only be late now.
   */
  expire(cutoffMs: number): void {
    while (this.sequenceOf.size > 0 && this.times[this.first - this.base]! <= cutoffMs) this.dropOldest();
  }

  /** [key, event time], oldest first. */
  entries(): [string, number][] {
    const out: [string, number][] = [];
    for (let i = this.first - this.base; i < this.keys.length; i++) out.push([this.keys[i]!, this.times[i]!]);
    return out;
  }

  /** Chunks changed (keys added, retimed or forgotten) since the last call; forgets them. */
  takeChangedChunks(): number[] {
    const changed = [...this.changed];
    this.changed.clear();
    return changed;
  }

  /** Every chunk holding a live key. */
  chunks(): number[] {
    if (this.sequenceOf.size === 0) return [];
    const out: number[] = [];
    for (let c = chunkOf(this.first); c <= chunkOf(this.base + this.keys.length - 1); c++) out.push(c);
    return out;
  }

  /** The live keys of chunk `c`, or undefined when it holds none. */
  chunk(c: number): SeenChunk | undefined {
    const from = Math.max(c * SEEN_CHUNK, this.first);
    const to = Math.min((c + 1) * SEEN_CHUNK, this.base + this.keys.length);
    if (from >= to) return undefined;
    return [
      from,
      this.keys.slice(from - this.base, to - this.base),
      this.times.slice(from - this.base, to - this.base),
    ];
  }

  /** The changed chunks as snapshot entry names (`s:<chunk>`); forgets them. */
  takeChangedEntries(): string[] {
    return this.takeChangedChunks().map((c) => ENTRY_PREFIX + c);
  }

  /** Every live chunk as a snapshot entry name. */
  entryNames(): string[] {
    return this.chunks().map((c) => ENTRY_PREFIX + c);
  }

  /** Whether a snapshot entry name is one of a chunk's. */
  static isEntry(name: string): boolean {
    return name.startsWith(ENTRY_PREFIX);
  }

  /** The encoded entry of a chunk's name, or undefined when the chunk holds no key. */
  entry(name: string): string | undefined {
    const chunk = this.chunk(Number(name.slice(ENTRY_PREFIX.length)));
    return chunk && JSON.stringify(chunk);
  }

  /** A set of keys from the encoded entries of its chunks (any order; either layout). */
  static fromEntries(max: number, entries: Iterable<string>, evicted = 0): SeenKeys {
    return SeenKeys.fromChunks(
      max,
      [...entries].map((entry) => asColumns(JSON.parse(entry) as SeenChunk | PairChunk)),
      evicted,
    );
  }

  /**
   * A set of keys from its stored chunks (any order): the sequences are kept, so the next
   * checkpoint's chunks line up with the stored ones. Nothing is reported changed.
   */
  static fromChunks(max: number, chunks: Iterable<SeenChunk>, evicted = 0): SeenKeys {
    const seen = new SeenKeys(max);
    const ordered = [...chunks].sort(([a], [b]) => a - b);
    const start = ordered[0]?.[0] ?? 0;
    seen.base = start;
    seen.first = start;
    for (const [from, keys, times] of ordered) {
      if (from !== seen.base + seen.keys.length)
        throw new Error(
          `seen-key chunks are not contiguous: sequence ${from} follows ${seen.base + seen.keys.length}`,
        );
      if (keys.length !== times.length)
        throw new Error(`seen-key chunk ${from}: ${keys.length} keys, ${times.length} times`);
      for (let i = 0; i < keys.length; i++) {
        seen.sequenceOf.set(keys[i]!, from + i);
        seen.keys.push(keys[i]!);
        seen.times.push(times[i]!);
      }
    }
    seen.evicted = evicted;
    return seen;
  }

  private dropOldest(): void {
    const index = this.first - this.base;
    this.sequenceOf.delete(this.keys[index]!);
    this.changed.add(chunkOf(this.first));
    this.first++;
    // Reclaim the dropped front once it is half the arrays: amortised O(1) per key.
    if (index + 1 >= 1024 && index + 1 >= this.keys.length / 2) {
      this.keys = this.keys.slice(index + 1);
      this.times = this.times.slice(index + 1);
      this.base = this.first;
    }
  }
}

const chunkOf = (sequence: number) => Math.floor(sequence / SEEN_CHUNK);
