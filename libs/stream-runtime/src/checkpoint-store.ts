/**
 * Checkpoints in Redis, one hash per (service, topic, partition): `epoch`, `offset`, `body`.
 * Ownership is fenced by the epoch. A new owner *claims* a partition — increments the epoch
 * and reads the checkpoint in one atomic script — and every later write must present that
 * epoch. Invariant: once a newer owner has claimed, no write of an older owner (a zombie left
 * behind by a rebalance) can land; and an owner's own writes never move the offset backwards.
 */
import type Redis from 'ioredis';

const CLAIM = `
local epoch = redis.call('HINCRBY', KEYS[1], 'epoch', 1)
if ARGV[1] ~= '' then redis.call('HSET', KEYS[1], 'owner', ARGV[1]) end
local fields = redis.call('HMGET', KEYS[1], 'offset', 'body')
return {tostring(epoch), fields[1] or '', fields[2] or ''}
`;

const WRITE = `
local current = tonumber(redis.call('HGET', KEYS[1], 'epoch') or '0')
if current ~= tonumber(ARGV[1]) then return {'fenced', tostring(current)} end
local stored = tonumber(redis.call('HGET', KEYS[1], 'offset') or '-1')
if tonumber(ARGV[2]) < stored then return {'stale', tostring(stored)} end
redis.call('HSET', KEYS[1], 'offset', ARGV[2], 'body', ARGV[3])
return {'ok', tostring(current)}
`;

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
  rlWrite(key: string, epoch: string, offset: string, body: Buffer): Promise<[string, string]>;
};

export class CheckpointStore {
  private readonly redis: ScriptRedis;

  constructor(
    redis: Redis,
    private readonly prefix = 'riskline:checkpoint',
  ) {
    if (!('rlClaimBuffer' in redis)) {
      redis.defineCommand('rlClaim', { numberOfKeys: 1, lua: CLAIM });
      redis.defineCommand('rlWrite', { numberOfKeys: 1, lua: WRITE });
    }
    this.redis = redis as ScriptRedis;
  }

  key({ service, topic, partition }: CheckpointAddress): string {
    return `${this.prefix}:{${service}:${topic}}:${partition}`;
  }

  /** Claims ownership; `owner` (e.g. the instance's URL) is recorded with it for request routing. */
  async claim(address: CheckpointAddress, owner = ''): Promise<Claim> {
    const [epoch, offset, body] = await this.redis.rlClaimBuffer(this.key(address), owner);
    const checkpoint = offset.length > 0 ? { offset: Number(offset.toString()), body } : null;
    return { epoch: Number(epoch.toString()), checkpoint };
  }

  async write(
    address: CheckpointAddress,
    epoch: number,
    offset: number,
    body: Buffer,
  ): Promise<WriteOutcome> {
    const [status, detail] = await this.redis.rlWrite(this.key(address), String(epoch), String(offset), body);
    if (status === 'ok') return { ok: true };
    return { ok: false, reason: status === 'fenced' ? 'fenced' : 'stale', detail };
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
