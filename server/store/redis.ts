/**
 * The Redis store (OMNI_REDIS_URL): the lease and fencing token are two keys
 * moved by Lua scripts, the state is one hash written by a Lua script that
 * first checks the token, the inbox is a list (BLMPOP), and each node has a
 * pub/sub channel. Three connections: commands, the blocking inbox read, and
 * the subscriber. No offline queue: while Redis is unreachable every call
 * fails at once (the server answers 503 / `unavailable`), and the client
 * reconnects by itself.
 */
import type { Redis, RedisOptions } from 'ioredis';
import { StoreUnavailable, type StateWrite, type Store } from './types.js';

const ACQUIRE = `
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return redis.call('INCR', KEYS[2]) end
return false`;
// A late renewal (the lease lapsed, nobody took it: the token is still ours) takes it again.
const RENEW = `
local holder = redis.call('GET', KEYS[1])
if redis.call('GET', KEYS[2]) == ARGV[2] and (holder == ARGV[1] or not holder) then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[3]) return 1 end
return 0`;
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] and redis.call('GET', KEYS[2]) == ARGV[2] then redis.call('DEL', KEYS[1]) end
return 0`;
const COMMIT = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
local sets = tonumber(ARGV[2])
local i = 3
for _ = 1, sets do redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 1]) i = i + 2 end
while i <= #ARGV do redis.call('HDEL', KEYS[2], ARGV[i]) i = i + 1 end
return 1`;

type Scripted = Redis & {
  omniAcquire(lease: string, fence: string, node: string, ttl: number): Promise<number | null>;
  omniRenew(lease: string, fence: string, node: string, token: string, ttl: number): Promise<number>;
  omniRelease(lease: string, fence: string, node: string, token: string): Promise<number>;
  omniCommit(fence: string, state: string, ...args: string[]): Promise<number>;
};

export class RedisStore implements Store {
  readonly kind = 'redis' as const;
  readonly durable = true;
  private readonly cmd: Scripted;
  private readonly blocking: Redis;
  private readonly sub: Redis;
  private readonly k: { lease: string; fence: string; state: string; inbox: string; chan: string };
  private pingOk = false;

  /** Loads the client library (only servers that use Redis pay for it), then makes the store. */
  static async open(url: string, prefix?: string): Promise<RedisStore> {
    const { Redis } = await import('ioredis');
    return new RedisStore(Redis, url, prefix);
  }

  constructor(RedisClient: typeof Redis, url: string, prefix = 'omni:') {
    const options: RedisOptions = {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectTimeout: 2_000,
      retryStrategy: () => 300,
    };
    this.cmd = new RedisClient(url, options) as Scripted;
    this.blocking = new RedisClient(url, options);
    this.sub = new RedisClient(url, { ...options, enableOfflineQueue: true });
    for (const c of [this.cmd, this.blocking, this.sub]) c.on('error', () => {}); // status tells; reconnects by itself
    this.cmd.on('close', () => (this.pingOk = false));
    this.k = { lease: `${prefix}lease`, fence: `${prefix}fence`, state: `${prefix}state`, inbox: `${prefix}inbox`, chan: `${prefix}node:` };
    this.cmd.defineCommand('omniAcquire', { numberOfKeys: 2, lua: ACQUIRE });
    this.cmd.defineCommand('omniRenew', { numberOfKeys: 2, lua: RENEW });
    this.cmd.defineCommand('omniRelease', { numberOfKeys: 2, lua: RELEASE });
    this.cmd.defineCommand('omniCommit', { numberOfKeys: 2, lua: COMMIT });
  }

  get healthy(): boolean {
    return this.pingOk && this.cmd.status === 'ready';
  }

  /** Connects; a Redis that is down now is not fatal (the node starts unhealthy and recovers when it answers). */
  async ready(): Promise<void> {
    await Promise.all([this.cmd, this.blocking, this.sub].map((c) => c.connect().catch(() => {})));
    await this.ping().catch(() => {});
  }

  /** Runs a command, turning "not connected" and friends into StoreUnavailable. */
  private async run<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      throw new StoreUnavailable(`the store is unreachable (${e instanceof Error ? e.message : String(e)}); retry shortly`);
    }
  }

  async ping(): Promise<void> {
    try {
      await this.cmd.ping();
      this.pingOk = true;
    } catch (e) {
      this.pingOk = false;
      throw new StoreUnavailable(`the store is unreachable (${e instanceof Error ? e.message : String(e)})`);
    }
  }

  async acquire(nodeId: string, ttlMs: number): Promise<number | null> {
    const r = await this.run(() => this.cmd.omniAcquire(this.k.lease, this.k.fence, nodeId, ttlMs));
    return r === null ? null : Number(r);
  }

  async renew(nodeId: string, fence: number, ttlMs: number): Promise<boolean> {
    return (await this.run(() => this.cmd.omniRenew(this.k.lease, this.k.fence, nodeId, String(fence), ttlMs))) === 1;
  }

  async release(nodeId: string, fence: number): Promise<void> {
    await this.run(() => this.cmd.omniRelease(this.k.lease, this.k.fence, nodeId, String(fence)));
  }

  async load(): Promise<Map<string, string>> {
    return new Map(Object.entries(await this.run(() => this.cmd.hgetall(this.k.state))));
  }

  async commit(fence: number, write: StateWrite): Promise<boolean> {
    const args = [String(fence), String(write.set.length), ...write.set.flat(), ...write.del];
    return (await this.run(() => this.cmd.omniCommit(this.k.fence, this.k.state, ...args))) === 1;
  }

  async enqueue(request: string): Promise<void> {
    await this.run(() => this.cmd.rpush(this.k.inbox, request));
  }

  async putBack(requests: string[]): Promise<void> {
    if (requests.length) await this.run(() => this.cmd.lpush(this.k.inbox, ...[...requests].reverse()));
  }

  async take(max: number, waitMs: number): Promise<string[]> {
    const r = (await this.run(() =>
      this.blocking.call('BLMPOP', String(Math.max(0.01, waitMs / 1000)), '1', this.k.inbox, 'LEFT', 'COUNT', String(max)),
    )) as [string, string[]] | null;
    return r ? r[1] : [];
  }

  async publish(nodeId: string, payload: string): Promise<void> {
    await this.run(() => this.cmd.publish(this.k.chan + nodeId, payload));
  }

  async subscribe(nodeId: string, onMessage: (payload: string) => void, onReset: () => void): Promise<void> {
    this.sub.on('message', (_channel: string, payload: string) => onMessage(payload));
    let first = true;
    this.sub.on('ready', () => {
      if (first) first = false;
      else onReset(); // reconnected: messages published meanwhile are lost
    });
    if (this.sub.status === 'ready') first = false;
    void this.sub.subscribe(this.k.chan + nodeId, `${this.k.chan}*`).catch(() => {});
  }

  async close(): Promise<void> {
    for (const c of [this.cmd, this.blocking, this.sub]) c.disconnect();
  }
}
