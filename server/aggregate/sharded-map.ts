// A Map of string keys spread over many smaller Maps. A V8 Map grows by copying every entry into
// a table twice the size, all in one call: at 262k entries that one set() took 64 ms, at 1M
// 235 ms of the event loop (the open problems of a city after an import). Each shard here grows
// on its own, at 1/SHARDS of the size.

const SHARDS = 64;

/** A shard from the key's last characters (ids end in their most varying part). */
function shardOf(key: string): number {
  const n = key.length;
  let h = n;
  for (let i = Math.max(0, n - 4); i < n; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x9e3779b1);
  return (h >>> 26) & (SHARDS - 1);
}

export class ShardedMap<V> {
  private readonly shards = Array.from({ length: SHARDS }, () => new Map<string, V>());
  private count = 0;

  get size(): number {
    return this.count;
  }

  get(key: string): V | undefined {
    return this.shards[shardOf(key)]!.get(key);
  }

  has(key: string): boolean {
    return this.shards[shardOf(key)]!.has(key);
  }

  set(key: string, value: V): this {
    const m = this.shards[shardOf(key)]!;
    const before = m.size;
    m.set(key, value);
    this.count += m.size - before;
    return this;
  }

  delete(key: string): boolean {
    const gone = this.shards[shardOf(key)]!.delete(key);
    if (gone) this.count--;
    return gone;
  }

  clear(): void {
    for (const m of this.shards) m.clear();
    this.count = 0;
  }

  /** Every entry, shard by shard (not in insertion order). */
  *[Symbol.iterator](): IterableIterator<[string, V]> {
    for (const m of this.shards) yield* m;
  }
}
