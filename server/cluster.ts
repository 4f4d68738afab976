/**
 * One server process as a node of the service (docs/scaling.md). Every node,
 * the owner too, sends what happens on its sockets and API (connection open
 * and close, agent commands, API calls) to the routing owner through the
 * store's inbox, and delivers what comes back on its channel to its own
 * sockets. Every node also competes for the lease: the holder runs an Owner.
 *
 * A request not answered in `requestTimeoutMs` is refused (503 / `ack`
 * `unavailable`) and carries that deadline, so an owner that finds it later
 * drops it rather than doing it half. When a new owner announces itself (or
 * this node's subscription was cut), every local connection registers again
 * (its client gets a fresh `hello`) and every unanswered request is sent
 * again: the owner makes each apply once (commandId; request id for API calls).
 */
import { randomBytes } from 'node:crypto';
import type { EngineClock, RoutingEngine } from '../engine/index.js';
import { BATCH_SIZE, Owner, type Reply, type Request } from './owner.js';
import { StoreUnavailable, type Store } from './store/types.js';

export interface ClusterOptions {
  /** Opens the store (at start: the Redis client is loaded only when used). */
  openStore: () => Promise<Store>;
  makeEngine: (clock: EngineClock) => RoutingEngine;
  nodeId?: string;
  leaseMs?: number;
  requestTimeoutMs?: number;
  log?: (line: string) => void;
}

/** A socket's side of a connection: frames in, frames out. */
export interface HubConnection {
  receive(text: string): void;
  close(): void;
}

interface Local {
  agentId: string;
  deliver: (text: string) => void;
  /** Called when the owner refuses the connection. */
  refuse: () => void;
}

interface Pending {
  req: Request;
  resolve: (r: Reply) => void;
  timer: ReturnType<typeof setTimeout>;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
type RequestBody = DistributiveOmit<Request, 'id' | 'n' | 'dl'>;

export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export class ClusterNode {
  readonly nodeId: string;
  private store!: Store;
  private readonly leaseMs: number;
  private readonly requestTimeoutMs: number;
  private readonly log: (line: string) => void;
  private readonly locals = new Map<number, Local>();
  private readonly pending = new Map<string, Pending>();
  private owner: Owner | null = null;
  private ownerFence = 0;
  private seq = 0;
  private stopped = false;
  private ticker: ReturnType<typeof setInterval> | null = null;
  private busy = false;

  constructor(private readonly opts: ClusterOptions) {
    this.nodeId = opts.nodeId || `n-${randomBytes(4).toString('hex')}`;
    this.leaseMs = opts.leaseMs ?? 1500;
    this.requestTimeoutMs = opts.requestTimeoutMs ?? 8000;
    this.log = opts.log ?? (() => {});
  }

  get healthy(): boolean {
    return this.store?.healthy === true;
  }

  /** 'memory' or 'redis' (once started). */
  get storeKind(): string {
    return this.store?.kind ?? 'none';
  }

  get isOwner(): boolean {
    return this.owner?.active === true;
  }

  async start(): Promise<void> {
    this.store = await this.opts.openStore();
    await this.store.ready();
    await this.store.subscribe(this.nodeId, (p) => this.onMessage(p), () => this.resync());
    await this.tick();
    // Lease: try to take it, or renew it, several times per lease period.
    this.ticker = setInterval(() => void this.tick(), Math.max(50, Math.floor(this.leaseMs / 6)));
    this.ticker.unref?.();
  }

  private async tick(): Promise<void> {
    if (this.busy || this.stopped) return;
    this.busy = true;
    try {
      await this.store.ping().catch(() => {});
      if (this.owner?.active) {
        const ok = await this.store.renew(this.nodeId, this.owner.fence, this.leaseMs).catch(() => false);
        if (!ok) this.stepDown('lease lost');
      } else {
        const fence = await this.store.acquire(this.nodeId, this.leaseMs).catch(() => null);
        // Not awaited: loading a large state takes a while, and the lease must be renewed meanwhile.
        if (fence !== null) void this.takeOver(fence);
      }
    } finally {
      this.busy = false;
    }
  }

  private async takeOver(fence: number): Promise<void> {
    const owner = new Owner(this.store, fence, this.opts.makeEngine, (why) => this.stepDown(why));
    this.owner = owner;
    const t0 = Date.now();
    try {
      await owner.start();
    } catch (e) {
      this.stepDown(`cannot load the state: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    if (!owner.active) return;
    this.log(`omni-notify node ${this.nodeId}: routing owner (fence ${fence}), state loaded in ${Date.now() - t0} ms`);
    await this.store.publish('*', `O${JSON.stringify({ node: this.nodeId, fence })}`).catch(() => {});
    void this.serve(owner);
  }

  private async serve(owner: Owner): Promise<void> {
    while (owner.active && !this.stopped) {
      let batch: string[];
      try {
        batch = await this.store.take(BATCH_SIZE, 250);
      } catch {
        await new Promise((r) => setTimeout(r, 100));
        continue;
      }
      if (batch.length) await owner.handle(batch);
    }
  }

  private stepDown(why: string): void {
    const owner = this.owner;
    if (!owner) return;
    this.owner = null;
    owner.stop();
    this.log(`omni-notify node ${this.nodeId}: no longer routing owner (${why})`);
  }

  // ---- the node's side: local connections and API calls -----------------------

  private request(body: RequestBody): Promise<Reply> {
    const id = `${this.nodeId}.${++this.seq}`;
    const req = { ...body, id, n: this.nodeId, dl: Date.now() + this.requestTimeoutMs } as Request;
    return new Promise<Reply>((resolve) => {
      // Answered as unavailable a little after the deadline the owner honours.
      const timer = setTimeout(() => {
        this.pending.delete(id);
        resolve({ r: id, ok: false, e: { code: 'unavailable', message: 'the routing owner did not answer in time; retry shortly' } });
      }, this.requestTimeoutMs + 1000);
      timer.unref?.();
      this.pending.set(id, { req, resolve, timer });
      this.store.enqueue(JSON.stringify(req)).catch((e: unknown) => {
        clearTimeout(timer);
        this.pending.delete(id);
        resolve({ r: id, ok: false, e: { code: 'unavailable', message: e instanceof Error ? e.message : 'the store is unreachable' } });
      });
    });
  }

  /** An API call, run by the owner: resolves with its value, rejects with ApiError (code `unavailable` when the store is down). */
  async call(op: string, ...args: unknown[]): Promise<unknown> {
    if (!this.healthy) throw new StoreUnavailable();
    const r = await this.request({ t: 'api', op, args });
    if (!r.ok) throw new ApiError(r.e?.code ?? 'internal', r.e?.message ?? 'failed');
    return r.v;
  }

  /** Opens a connection for an agent; `deliver` gets every server message as JSON text (`hello` first). */
  connect(agentId: string, deliver: (text: string) => void, refuse: () => void): HubConnection {
    const c = ++this.seq;
    this.locals.set(c, { agentId, deliver, refuse });
    const open = () =>
      void this.request({ t: 'open', c, a: agentId }).then((r) => {
        if (!r.ok && this.locals.has(c)) {
          this.locals.delete(c);
          refuse();
        }
      });
    open();
    return {
      receive: (text) => {
        if (!this.locals.has(c)) return;
        void this.request({ t: 'cmd', c, a: agentId, body: text }).then((r) => {
          if (r.ok || !this.locals.has(c)) return;
          const commandId = readCommandId(text);
          const error = { code: r.e?.code ?? 'unavailable', message: r.e?.message ?? 'unavailable' };
          const msg = commandId ? { type: 'ack', commandId, ok: false, error } : { type: 'error', ...error };
          deliver(JSON.stringify({ v: 1, id: `${this.nodeId}-x${++this.seq}`, ts: Date.now(), ...msg }));
        });
      },
      close: () => {
        if (!this.locals.delete(c)) return;
        void this.request({ t: 'close', c });
      },
    };
  }

  private onMessage(payload: string): void {
    if (payload.startsWith('O')) {
      const { fence } = JSON.parse(payload.slice(1)) as { fence: number };
      if (fence > this.ownerFence) {
        this.ownerFence = fence;
        this.resync();
      }
      return;
    }
    for (const line of payload.split('\n')) {
      if (line.startsWith('C')) {
        const sp = line.indexOf(' ');
        this.locals.get(Number(line.slice(1, sp)))?.deliver(line.slice(sp + 1));
      } else if (line.startsWith('R')) {
        const r = JSON.parse(line.slice(1)) as Reply;
        const p = this.pending.get(r.r);
        if (!p) continue;
        this.pending.delete(r.r);
        clearTimeout(p.timer);
        p.resolve(r);
      }
    }
  }

  /** A new owner, or messages may have been missed: register every connection again, resend what is unanswered. */
  private resync(): void {
    for (const [c, l] of this.locals) {
      void this.request({ t: 'open', c, a: l.agentId });
    }
    for (const [id, p] of this.pending) {
      if (p.req.t === 'open') {
        // Superseded by the registration just sent.
        this.pending.delete(id);
        clearTimeout(p.timer);
        p.resolve({ r: id, ok: true });
      } else void this.store.enqueue(JSON.stringify(p.req)).catch(() => {});
    }
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.ticker) clearInterval(this.ticker);
    const owner = this.owner;
    if (owner?.active) {
      await owner.flush().catch(() => {});
      await this.store.release(this.nodeId, owner.fence).catch(() => {});
      this.stepDown('shutting down');
    }
    for (const p of this.pending.values()) clearTimeout(p.timer);
    await this.store?.close();
  }
}

function readCommandId(text: string): string | undefined {
  try {
    const id = (JSON.parse(text) as { commandId?: unknown }).commandId;
    return typeof id === 'string' && id.length > 0 && id.length <= 200 ? id : undefined;
  } catch {
    return undefined;
  }
}
