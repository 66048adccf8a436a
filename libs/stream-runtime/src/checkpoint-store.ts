/**
 * Checkpoints in Redis, one hash per (service, topic, partition): `epoch`, `offset`, `body`,
 * and for a keyed state a second hash beside it (same cluster slot) of its entries by key.
 * Ownership is fenced by the epoch. A new owner *claims* a partition — increments the epoch
 * and reads the checkpoint in one atomic script — and every later write must present that
 * epoch. Invariant: once a newer owner has claimed, no write of an older owner (a zombie left
 * behind by a rebalance) can land; an owner's own writes never move the offset backwards; and
 * the body, the offset and the entry changes of one checkpoint land together or not at all
 * (one script).
 */
import type Redis from 'ioredis';

const CLAIM = `
local epoch = redis.call('HINCRBY', KEYS[1], 'epoch', 1)
if ARGV[1] ~= '' then redis.call('HSET', KEYS[1], 'owner', ARGV[1]) end
local fields = redis.call('HMGET', KEYS[1], 'offset', 'body')
return {tostring(epoch), fields[1] or '', fields[2] or ''}
`;

// ARGV: epoch, offset, body, entries mode ('none' | 'full' | 'delta'), upsert count, the upserts
// as key/entry pairs, then the keys to delete. Entries go in slices: unpack has a stack limit.
const WRITE = `
local current = tonumber(redis.call('HGET', KEYS[1], 'epoch') or '0')
if current ~= tonumber(ARGV[1]) then return {'fenced', tostring(current)} end
local stored = tonumber(redis.call('HGET', KEYS[1], 'offset') or '-1')
if tonumber(ARGV[2]) < stored then return {'stale', tostring(stored)} end
redis.call('HSET', KEYS[1], 'offset', ARGV[2], 'body', ARGV[3])
local mode = ARGV[4]
if mode == 'staged' then
  if redis.call('EXISTS', KEYS[3]) == 1 then redis.call('RENAME', KEYS[3], KEYS[2])
  else redis.call('DEL', KEYS[2]) end
elseif mode ~= 'delta' then redis.call('DEL', KEYS[2]) end
local first = 6
local last = first + 2 * tonumber(ARGV[5]) - 1
for i = first, last, 2000 do
  redis.call('HSET', KEYS[2], unpack(ARGV, i, math.min(i + 1999, last)))
end
for i = last + 1, #ARGV, 2000 do
  redis.call('HDEL', KEYS[2], unpack(ARGV, i, math.min(i + 1999, #ARGV)))
end
return {'ok', tostring(current)}
`;

// A full rewrite too large for one command is staged in slices under the owner's fence, then
// swapped in by WRITE (mode 'staged') with the offset: Redis is never blocked by one huge
// script, no command outlives its timeout, and the switch stays atomic.
// ARGV: epoch, 'reset' for the first slice, then key/entry pairs.
const STAGE = `
local current = tonumber(redis.call('HGET', KEYS[1], 'epoch') or '0')
if current ~= tonumber(ARGV[1]) then return {'fenced', tostring(current)} end
if ARGV[2] == 'reset' then redis.call('DEL', KEYS[2]) end
for i = 3, #ARGV, 2000 do
  redis.call('HSET', KEYS[2], unpack(ARGV, i, math.min(i + 1999, #ARGV)))
end
return {'ok', tostring(current)}
`;

/** Entries per command; a full rewrite beyond it is staged in slices of this size. */
export const ENTRY_SLICE = 5000;

/** Entry changes written with a checkpoint (see stream-core's CheckpointWrite). */
export interface EntryChanges {
  readonly full: boolean;
  readonly upserts: readonly (readonly [string, string])[];
  readonly deletes: readonly string[];
}

export interface Claim {
  readonly epoch: number;
  /** The stored checkpoint, or null when the partition has none. */
  readonly checkpoint: { readonly offset: number; readonly body: Buffer } | null;
}

export type WriteOutcome =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: 'fenced' | 'stale'; readonly detail: string };

export interface CheckpointAddress {
  readonly service: string;
  readonly topic: string;
  readonly partition: number;
}

type ScriptRedis = Redis & {
  rlClaimBuffer(key: string, owner: string): Promise<[Buffer, Buffer, Buffer]>;
  rlStage(
    key: string,
    stagingKey: string,
    epoch: string,
    reset: string,
    entries: readonly string[],
  ): Promise<[string, string]>;
  rlWrite(
    key: string,
    entriesKey: string,
    stagingKey: string,
    epoch: string,
    offset: string,
    body: Buffer,
    // ioredis flattens an array argument: no spread of 200k entries onto the call stack.
    entries: readonly string[],
  ): Promise<[string, string]>;
};

export class CheckpointStore {
  private readonly redis: ScriptRedis;

  constructor(
    redis: Redis,
    private readonly prefix = 'riskline:checkpoint',
  ) {
    if (!('rlStage' in redis)) {
      redis.defineCommand('rlClaim', { numberOfKeys: 1, lua: CLAIM });
      redis.defineCommand('rlWrite', { numberOfKeys: 3, lua: WRITE });
      redis.defineCommand('rlStage', { numberOfKeys: 2, lua: STAGE });
    }
    this.redis = redis as ScriptRedis;
  }

  key({ service, topic, partition }: CheckpointAddress): string {
    return `${this.prefix}:{${service}:${topic}}:${partition}`;
  }

  entriesKey(address: CheckpointAddress): string {
    return `${this.key(address)}:entries`;
  }

  private stagingKey(address: CheckpointAddress): string {
    return `${this.key(address)}:staging`;
  }

  /** Claims ownership; `owner` (e.g. the instance's URL) is recorded with it for request routing. */
  async claim(address: CheckpointAddress, owner = ''): Promise<Claim> {
    const [epoch, offset, body] = await this.redis.rlClaimBuffer(this.key(address), owner);
    const checkpoint = offset.length > 0 ? { offset: Number(offset.toString()), body } : null;
    return { epoch: Number(epoch.toString()), checkpoint };
  }

  /** Writes a checkpoint; `entries` null: a whole-state one (stored entries are dropped). */
  async write(
    address: CheckpointAddress,
    epoch: number,
    offset: number,
    body: Buffer,
    entries: EntryChanges | null = null,
  ): Promise<WriteOutcome> {
    const staged = entries !== null && entries.full && entries.upserts.length > ENTRY_SLICE;
    if (staged) {
      const refused = await this.stage(address, epoch, entries.upserts);
      if (refused) return refused;
    }
    const mode = entries === null ? 'none' : staged ? 'staged' : entries.full ? 'full' : 'delta';
    const args = [mode, String(staged ? 0 : (entries?.upserts.length ?? 0))];
    if (!staged) for (const [key, entry] of entries?.upserts ?? []) args.push(key, entry);
    for (const key of entries?.deletes ?? []) args.push(key);
    const [status, detail] = await this.redis.rlWrite(
      this.key(address),
      this.entriesKey(address),
      this.stagingKey(address),
      String(epoch),
      String(offset),
      body,
      args,
    );
    return outcomeOf(status, detail);
  }

  private async stage(
    address: CheckpointAddress,
    epoch: number,
    upserts: readonly (readonly [string, string])[],
  ): Promise<WriteOutcome | null> {
    for (let start = 0; start < upserts.length; start += ENTRY_SLICE) {
      const slice: string[] = [];
      for (const [key, entry] of upserts.slice(start, start + ENTRY_SLICE)) slice.push(key, entry);
      const [status, detail] = await this.redis.rlStage(
        this.key(address),
        this.stagingKey(address),
        String(epoch),
        start === 0 ? 'reset' : '',
        slice,
      );
      if (status !== 'ok') return outcomeOf(status, detail);
    }
    return null;
  }

  /**
   * A partition's stored entries, streamed back in HSCAN pages. Read after a claim: the
   * claimant's epoch fences every other writer, so the pages describe one checkpoint.
   */
  async entries(address: CheckpointAddress): Promise<[string, string][]> {
    const key = this.entriesKey(address);
    const out: [string, string][] = [];
    let cursor = '0';
    do {
      const [next, page] = await this.redis.hscan(key, cursor, 'COUNT', 5000);
      for (let i = 0; i < page.length; i += 2) out.push([page[i]!, page[i + 1]!]);
      cursor = next;
    } while (cursor !== '0');
    return out;
  }

  /** Whether `epoch` is still the owner epoch (a retained partition after a rebalance). */
  async isCurrent(address: CheckpointAddress, epoch: number): Promise<boolean> {
    return Number(await this.redis.hget(this.key(address), 'epoch')) === epoch;
  }

  /** The owner recorded by the latest claim of a partition, if it recorded one. */
  async ownerOf(address: CheckpointAddress): Promise<string | null> {
    return this.redis.hget(this.key(address), 'owner');
  }

  async read(address: CheckpointAddress): Promise<{ offset: number; body: Buffer; epoch: number } | null> {
    const [epoch, offset, body] = await this.redis.hmgetBuffer(this.key(address), 'epoch', 'offset', 'body');
    if (!offset || !body) return null;
    return { offset: Number(offset.toString()), body, epoch: Number(epoch?.toString() ?? 0) };
  }
}

/** The size of checkpoint entries as written (key and entry characters), for metrics. */
export function entryBytesOf(entries: readonly (readonly [string, string])[]): number {
  let bytes = 0;
  for (const [key, entry] of entries) bytes += key.length + entry.length;
  return bytes;
}

function outcomeOf(status: string, detail: string): WriteOutcome {
  if (status === 'ok') return { ok: true };
  return { ok: false, reason: status === 'fenced' ? 'fenced' : 'stale', detail };
}
