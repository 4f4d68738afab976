/**
 * The routing owner (docs/scaling.md): the one node that holds the lease runs
 * the RoutingEngine. It takes requests from the store's inbox in batches,
 * applies them, writes the changed state in one fenced step, and only then
 * publishes the messages and replies that batch produced: nothing is sent
 * that is not stored. Timer firings are flushed the same way. A refused or
 * failed write ends the ownership at once (the engine is dropped; the next
 * owner loads the store).
 */
import { OmniEngineError, type EngineClock, type EngineConnection, type RoutingEngine, defaultClock } from '../engine/index.js';
import { StateTracker, importState } from '../engine/persist.js';
import type { Presence } from '../src/services/protocol/types.js';
import type { Store } from './store/types.js';

/** A request to the owner, as it travels through the inbox. */
export type Request =
  | { t: 'open'; id: string; n: string; c: number; a: string; dl: number }
  | { t: 'cmd'; id: string; n: string; c: number; a: string; body: string; dl: number }
  | { t: 'close'; id: string; n: string; c: number; dl: number }
  | { t: 'api'; id: string; n: string; op: string; args: unknown[]; dl: number };

export interface Reply {
  r: string;
  ok: boolean;
  v?: unknown;
  e?: { code: string; message: string };
}

/** API results remembered for retried requests (by request id). */
const KEEP_REPLIES = 2000;
/** Requests applied in one synchronous turn: small enough that lease renewals and sockets are not starved. */
const BATCH = 200;

export class Owner {
  active = true;
  private readonly engine: RoutingEngine;
  private readonly tracker: StateTracker;
  private readonly conns = new Map<string, EngineConnection>();
  /** Messages for nodes: node → lines (`C<conn> <json>` or `R<reply json>`). */
  private outbox = new Map<string, string[]>();
  private replies = new Map<string, string>();
  private repliesWritten = new Set<string>();
  private chain: Promise<void> = Promise.resolve();
  private flushQueued = false;

  constructor(
    private readonly store: Store,
    readonly fence: number,
    makeEngine: (clock: EngineClock) => RoutingEngine,
    private readonly onLost: (why: string) => void,
  ) {
    // Timers run the engine outside any request: what they change is flushed like a batch.
    const clock: EngineClock = {
      now: defaultClock.now,
      setTimeout: (fn, ms) =>
        defaultClock.setTimeout(() => {
          fn();
          this.scheduleFlush();
        }, ms),
      clearTimeout: defaultClock.clearTimeout,
    };
    this.engine = makeEngine(clock);
    this.tracker = new StateTracker(this.engine);
  }

  /** Loads the store into the engine (or writes the engine's fresh state into an empty store). */
  async start(): Promise<void> {
    const fields = await this.store.load();
    if (fields.size > 0) {
      importState(this.engine, fields);
      this.tracker.seed(fields);
      for (const [k, v] of fields) {
        if (k.startsWith('req:')) {
          this.replies.set(k.slice(4), v);
          this.repliesWritten.add(k.slice(4));
        }
      }
    }
    await this.flush();
  }

  stop(): void {
    if (!this.active) return;
    this.active = false;
    this.engine.dispose();
    this.conns.clear();
    this.outbox.clear();
  }

  /** Applies a batch of requests, then stores and publishes what they did. */
  async handle(raw: string[]): Promise<void> {
    if (!this.active) {
      // Taken just as this node stopped owning: back to the inbox for the next owner, untouched.
      await this.store.putBack(raw).catch(() => {});
      return;
    }
    const now = Date.now();
    for (const text of raw) {
      let req: Request;
      try {
        req = JSON.parse(text) as Request;
      } catch {
        continue;
      }
      if (req.dl < now) continue; // its sender has answered 503 already: doing it now would be half-done
      this.apply(req);
    }
    await this.flush();
    // Ownership lost before this batch was stored: none of it happened; the next owner takes it again.
    if (!this.active) await this.store.putBack(raw).catch(() => {});
  }

  private send(node: string, line: string): void {
    const lines = this.outbox.get(node);
    if (lines) lines.push(line);
    else this.outbox.set(node, [line]);
  }

  private reply(req: Request, r: Omit<Reply, 'r'>): void {
    const text = JSON.stringify({ r: req.id, ...r });
    if (req.t === 'api') this.replies.set(req.id, text);
    this.send(req.n, `R${text}`);
  }

  private attach(node: string, c: number, agentId: string): EngineConnection {
    const key = `${node}/${c}`;
    this.conns.get(key)?.close();
    const conn = this.engine.connect(agentId, (m) => this.send(node, `C${c} ${JSON.stringify(m)}`));
    this.conns.set(key, conn);
    return conn;
  }

  private apply(req: Request): void {
    try {
      switch (req.t) {
        case 'open':
          this.attach(req.n, req.c, req.a);
          return this.reply(req, { ok: true });
        case 'cmd': {
          const conn = this.conns.get(`${req.n}/${req.c}`) ?? this.attach(req.n, req.c, req.a);
          conn.receive(req.body);
          return this.reply(req, { ok: true });
        }
        case 'close': {
          const key = `${req.n}/${req.c}`;
          this.conns.get(key)?.close();
          this.conns.delete(key);
          return this.reply(req, { ok: true });
        }
        case 'api': {
          const done = this.replies.get(req.id);
          if (done) return this.send(req.n, `R${done}`);
          return this.reply(req, { ok: true, v: this.api(req.op, req.args) });
        }
      }
    } catch (e) {
      const code = e instanceof OmniEngineError ? String(e.code) : 'bad-message';
      this.reply(req, { ok: false, e: { code, message: e instanceof Error ? e.message : String(e) } });
    }
  }

  private api(op: string, a: unknown[]): unknown {
    const e = this.engine;
    switch (op) {
      case 'createConversation':
        return e.createConversation(a[0] as never);
      case 'endConversation':
        return e.endConversation(a[0] as string);
      case 'cancelConversation':
        return e.cancelConversation(a[0] as string);
      case 'setPresence':
        return e.setPresence(a[0] as string, a[1] as Presence, 'supervisor');
      case 'resetPresence':
        return e.resetPresence(a[0] as string);
      case 'contacts':
        return e.contacts();
      case 'addContact':
        return e.addContact(a[0] as never);
      case 'settings':
        return e.settings();
      case 'updateSettings':
        return e.updateSettings(a[0] as never);
      case 'state':
        return e.getState();
      default:
        throw new OmniEngineError('bad-message', `unknown operation ${op}`);
    }
  }

  private scheduleFlush(): void {
    if (this.flushQueued || !this.active) return;
    this.flushQueued = true;
    void this.flush();
  }

  /** Stores what changed, then publishes what waited for it; one at a time, in order. */
  flush(): Promise<void> {
    const next = this.chain.then(() => this.flushNow());
    this.chain = next.catch(() => {});
    return next;
  }

  private async flushNow(): Promise<void> {
    this.flushQueued = false;
    if (!this.active) return;
    const durable = this.store.durable;
    const engineChanges = durable ? this.tracker.changes() : { set: [], del: [] };
    const changes = { set: [...engineChanges.set], del: [...engineChanges.del] };
    // Replies to API calls are stored with the state, so a retry after a failover gets the same answer.
    for (const [id, text] of this.replies) {
      if (durable && !this.repliesWritten.has(id)) changes.set.push([`req:${id}`, text]);
    }
    const evicted: string[] = [];
    while (this.replies.size > KEEP_REPLIES) {
      const id = this.replies.keys().next().value!;
      this.replies.delete(id);
      if (this.repliesWritten.delete(id)) evicted.push(id);
    }
    changes.del.push(...evicted.map((id) => `req:${id}`));
    const out = this.outbox;
    this.outbox = new Map();
    if (changes.set.length > 0 || changes.del.length > 0) {
      let stored: boolean;
      try {
        stored = await this.store.commit(this.fence, changes);
      } catch (e) {
        this.onLost(`cannot write the state: ${e instanceof Error ? e.message : String(e)}`);
        return;
      }
      if (!stored) {
        this.onLost('a newer owner holds the lease');
        return;
      }
      this.tracker.commit();
      for (const [k] of changes.set) if (k.startsWith('req:')) this.repliesWritten.add(k.slice(4));
    }
    await Promise.all([...out].map(([node, lines]) => this.store.publish(node, lines.join('\n')).catch(() => {})));
  }
}

export const BATCH_SIZE = BATCH;
