/**
 * A map in insertion order whose oldest entry is dropped in amortised O(1). (A V8 Map keeps a
 * deleted entry's slot until it rehashes, and finding its first live entry walks past them all,
 * so a bounded Map that keeps deleting its oldest entry slows to O(size) per drop.) The order
 * is a queue of (key, sequence) with lazy deletion: an entry whose sequence is no longer its
 * key's is stale and skipped; the queue is compacted when mostly stale. Pure.
 */
interface Slot<V> {
  readonly value: V;
  readonly seq: number;
}

export class FifoMap<K, V> implements Iterable<[K, V]> {
  private readonly map = new Map<K, Slot<V>>();
  private queue: [K, number][] = [];
  private head = 0;
  private seq = 0;

  get size(): number {
    return this.map.size;
  }

  has(key: K): boolean {
    return this.map.has(key);
  }

  get(key: K): V | undefined {
    return this.map.get(key)?.value;
  }

  /** Sets at the back when new; an existing key keeps its place. */
  set(key: K, value: V): this {
    const slot = this.map.get(key);
    if (slot) this.map.set(key, { value, seq: slot.seq });
    else this.append(key, value);
    return this;
  }

  /** Moves `key` to the back (the newest), setting its value. */
  renew(key: K, value: V): void {
    this.append(key, value);
    this.compact();
  }

  delete(key: K): boolean {
    const deleted = this.map.delete(key);
    if (deleted) this.compact();
    return deleted;
  }

  oldest(): [K, V] | undefined {
    while (this.head < this.queue.length) {
      const [key, seq] = this.queue[this.head]!;
      const slot = this.map.get(key);
      if (slot?.seq === seq) return [key, slot.value];
      this.head++;
    }
    return undefined;
  }

  dropOldest(): [K, V] | undefined {
    const entry = this.oldest();
    if (entry) this.delete(entry[0]);
    return entry;
  }

  /** The live entries, oldest first (a copy: changing the map while reading it is safe). */
  entries(): [K, V][] {
    const out: [K, V][] = [];
    for (let i = this.head; i < this.queue.length; i++) {
      const [key, seq] = this.queue[i]!;
      const slot = this.map.get(key);
      if (slot?.seq === seq) out.push([key, slot.value]);
    }
    return out;
  }

  [Symbol.iterator](): IterableIterator<[K, V]> {
    return this.entries()[Symbol.iterator]();
  }

  keys(): IterableIterator<K> {
    return this.entries()
      .map(([key]) => key)
      [Symbol.iterator]();
  }

  values(): IterableIterator<V> {
    return this.entries()
      .map(([, value]) => value)
      [Symbol.iterator]();
  }

  private append(key: K, value: V): void {
    const seq = this.seq++;
    this.map.set(key, { value, seq });
    this.queue.push([key, seq]);
  }

  /** Drops stale queue entries once they are the majority. */
  private compact(): void {
    if (this.queue.length - this.head < 2 * this.map.size + 1024) return;
    this.queue = this.entries().map(([key]) => [key, this.map.get(key)!.seq]);
    this.head = 0;
  }
}
