/**
 * What the WebSocket and SSE transports share: a connection that comes back
 * by itself (full-jitter exponential backoff, reset after a stable
 * connection), an application heartbeat (`ping` → `pong`) that finds a dead
 * connection within seconds even when the socket looks open, and an
 * immediate check when the network returns (`online`) or the page is shown
 * again after a long hide.
 *
 * A subclass dials one attempt at a time and reports what happens with
 * `accepted`, `frame`, `lost` and `refused`, each tagged with the attempt it
 * belongs to, so a late callback of an abandoned attempt is ignored.
 *
 * Order matters to the center's outbox: on a drop the sink hears
 * `reconnecting` first, then the sends that were on their way reject (and are
 * retried with the same commandId once `open` again). Nothing here throws
 * into the page; the center validates every frame.
 */
import { MAX_FRAME_BYTES, type ConnectionState, type OmniTransport, type TransportSink } from '../protocol/types.js';
import { describe, tellState } from '../util.js';

export { describe };

export interface ReconnectOptions {
  /** Backoff base: the n-th retry waits a random time in [0, min(cap, base·2ⁿ)] (full jitter). Default 500 ms. */
  backoffBaseMs?: number;
  /** Longest wait between attempts. Default 30 000 ms. */
  backoffCapMs?: number;
  /** A connection that stayed open this long starts the backoff over. Default 10 000 ms. */
  stableAfterMs?: number;
  /** An attempt not accepted by the server within this is abandoned and retried. Default 10 000 ms. */
  connectTimeoutMs?: number;
  /** A heartbeat `ping` this often while open. Default 5 000 ms. */
  pingIntervalMs?: number;
  /** Nothing received this long after a ping: the connection is dead. Default 4 000 ms. */
  pongTimeoutMs?: number;
  /** Visible again after a hide at least this long: check the connection at once. Default 30 000 ms. */
  longHideMs?: number;
  /** Local clock for the ping's `clientTime`; keep it the center's (default `Date.now`). */
  now?: () => number;
  /** Randomness of the jitter (tests make it deterministic). */
  random?: () => number;
  /**
   * Where `online`, `offline` and `visibilitychange` come from. Default: the
   * page's `window` and `document` when there are any (none in Node).
   */
  environment?: { window?: EventTarget | null; document?: (EventTarget & { visibilityState?: string }) | null };
}

type Timer = ReturnType<typeof setTimeout>;

interface PendingSend {
  resolve: () => void;
  reject: (e: Error) => void;
}

let heartbeatSeq = 0;

/** An Error whose message starts with a protocol error code (what the outbox reports). */
export function transportError(code: string, detail?: string): Error {
  return new Error(detail ? `${code}: ${detail}` : code);
}


export abstract class ReconnectingTransport implements OmniTransport {
  private readonly base: number;
  private readonly cap: number;
  private readonly stableAfter: number;
  private readonly connectTimeout: number;
  private readonly pingInterval: number;
  private readonly pongTimeout: number;
  private readonly longHide: number;
  protected readonly now: () => number;
  private readonly random: () => number;
  private readonly env: NonNullable<ReconnectOptions['environment']>;

  private sink: TransportSink | null = null;
  private current: ConnectionState = 'closed';
  /** Generation of the current attempt; anything tagged with another one is stale. */
  protected attempt = 0;
  private failures = 0;
  private everOpen = false;
  private isOpen = false;
  private openedAt = 0;
  private pingSentAt: number | null = null;
  private hiddenAt: number | null = null;
  private retryTimer: Timer | null = null;
  private connectTimer: Timer | null = null;
  private pingTimer: ReturnType<typeof setInterval> | null = null;
  private pongTimer: Timer | null = null;
  private readonly pending = new Set<PendingSend>();
  /** false: only `accepted()` opens (SSE waits for its stream event). */
  protected acceptOnFrame = true;

  constructor(o: ReconnectOptions = {}) {
    const ms = (v: number | undefined, d: number) => (typeof v === 'number' && v >= 0 && Number.isFinite(v) ? v : d);
    this.base = ms(o.backoffBaseMs, 500);
    this.cap = ms(o.backoffCapMs, 30_000);
    this.stableAfter = ms(o.stableAfterMs, 10_000);
    this.connectTimeout = ms(o.connectTimeoutMs, 10_000);
    this.pingInterval = Math.max(10, ms(o.pingIntervalMs, 5_000));
    this.pongTimeout = ms(o.pongTimeoutMs, 4_000);
    this.longHide = ms(o.longHideMs, 30_000);
    this.now = o.now ?? (() => Date.now());
    this.random = o.random ?? Math.random;
    const g = globalThis as { addEventListener?: unknown; document?: EventTarget };
    this.env = o.environment ?? {
      window: typeof g.addEventListener === 'function' ? (globalThis as unknown as EventTarget) : null,
      document: g.document ?? null,
    };
  }

  /** The connection state last reported. */
  get state(): ConnectionState {
    return this.current;
  }

  // ---- for subclasses ----------------------------------------------------------

  /** Starts attempt `gen` (may throw: a permanent error such as a bad URL closes the transport). */
  protected abstract dial(gen: number): void;
  /** Drops whatever the current attempt holds, silently (no callbacks afterwards). */
  protected abstract hangUp(): void;
  /** Writes one frame on attempt `gen`; rejects (or throws) when it cannot. `heartbeat`: our own ping. */
  protected abstract write(text: string, gen: number, heartbeat?: boolean): void | Promise<void>;

  /** The server accepted attempt `gen`: open. */
  protected accepted(gen: number): void {
    if (gen !== this.attempt || !this.sink || this.isOpen) return;
    this.clear('connect');
    this.isOpen = true;
    this.everOpen = true;
    this.openedAt = this.now();
    this.pingSentAt = null;
    this.pingTimer = setInterval(() => this.ping(), this.pingInterval);
    this.report('open');
  }

  /** A frame arrived on attempt `gen`. */
  protected frame(gen: number, data: string): void {
    if (gen !== this.attempt || !this.sink) return;
    if (!this.isOpen && this.acceptOnFrame) {
      this.accepted(gen);
      if (gen !== this.attempt || !this.sink) return;
    }
    if (this.pingSentAt !== null) {
      this.pingSentAt = null;
      this.clear('pong');
    }
    try {
      this.sink.message(data);
    } catch {
      /* the center never throws; another sink's error is its own */
    }
  }

  /** Attempt `gen` failed or its connection died: report `reconnecting`, retry after a backoff. */
  protected lost(gen: number, reason: string): void {
    if (gen !== this.attempt || !this.sink) return;
    const wasOpen = this.isOpen;
    this.halt();
    if (wasOpen && this.now() - this.openedAt >= this.stableAfter) this.failures = 0;
    const next: ConnectionState = this.everOpen ? 'reconnecting' : 'connecting';
    if (next !== this.current) this.report(next, reason);
    this.failPending(transportError('transport-closed', reason));
    if (!this.sink) return;
    const ceiling = Math.min(this.cap, this.base * 2 ** Math.min(this.failures, 30));
    this.failures++;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.dialNow();
    }, Math.floor(this.random() * ceiling));
  }

  /** The server refused attempt `gen` for good (a wrong token): closed, no retry. */
  protected refused(gen: number, error: string): void {
    if (gen !== this.attempt || !this.sink) return;
    const sink = this.sink;
    this.sink = null;
    this.halt();
    this.listen(false);
    this.report('closed', error, sink);
    this.failPending(transportError('transport-closed', error));
  }

  // ---- OmniTransport ----------------------------------------------------------

  connect(sink: TransportSink): void {
    if (this.sink) {
      this.halt();
      this.failPending(transportError('transport-closed', 'reconnected'));
    }
    this.sink = sink;
    this.failures = 0;
    this.everOpen = false;
    this.resetSession();
    this.listen(true);
    this.report('connecting');
    this.dialNow();
  }

  send(command: object): Promise<void> {
    if (!this.isOpen || !this.sink) return Promise.reject(transportError('transport-closed'));
    let text: string;
    try {
      text = JSON.stringify(command);
    } catch (e) {
      return Promise.reject(transportError('bad-message', describe(e)));
    }
    if (typeof text !== 'string') return Promise.reject(transportError('bad-message', 'command is not an object'));
    if (text.length > MAX_FRAME_BYTES) return Promise.reject(transportError('too-large', 'command exceeds 64 KiB'));
    const gen = this.attempt;
    return new Promise<void>((resolve, reject) => {
      const entry: PendingSend = { resolve, reject };
      this.pending.add(entry);
      const done = (e?: unknown) => {
        if (!this.pending.delete(entry)) return;
        if (e === undefined) resolve();
        else reject(e instanceof Error ? e : new Error(String(e)));
      };
      try {
        Promise.resolve(this.write(text, gen)).then(() => done(), (e: unknown) => done(e ?? 'transport-closed'));
      } catch (e) {
        done(e ?? 'transport-closed');
      }
    });
  }

  disconnect(): void {
    const sink = this.sink;
    if (!sink) return;
    this.sink = null;
    this.halt();
    this.listen(false);
    this.report('closed', undefined, sink);
    this.failPending(transportError('transport-closed', 'disconnected'));
  }

  // ---- internals ----------------------------------------------------------------

  /** A new sink starts a new session (SSE forgets its resume point). */
  protected resetSession(): void {}

  private dialNow(): void {
    if (!this.sink) return;
    this.clear('retry');
    const gen = ++this.attempt;
    if (this.connectTimeout > 0) {
      this.connectTimer = setTimeout(() => {
        this.connectTimer = null;
        this.lost(gen, 'connect timeout');
      }, this.connectTimeout);
    }
    try {
      this.dial(gen);
    } catch (e) {
      this.refused(gen, describe(e));
    }
  }

  /** Ends the current attempt: no more callbacks from it, no timers. */
  private halt(): void {
    this.attempt++;
    this.isOpen = false;
    this.pingSentAt = null;
    this.clear('retry');
    this.clear('connect');
    this.clear('pong');
    if (this.pingTimer !== null) clearInterval(this.pingTimer);
    this.pingTimer = null;
    try {
      this.hangUp();
    } catch {
      /* closing what is already broken */
    }
  }

  private clear(which: 'retry' | 'connect' | 'pong'): void {
    const key = `${which}Timer` as const;
    const t = this[key];
    if (t !== null) clearTimeout(t);
    this[key] = null;
  }

  private failPending(e: Error): void {
    const all = [...this.pending];
    this.pending.clear();
    for (const p of all) p.reject(e);
  }

  private ping(): void {
    if (!this.isOpen || this.pingSentAt !== null) return;
    const gen = this.attempt;
    this.pingSentAt = this.now();
    this.armPongTimer(gen, this.pongTimeout, true);
    const ping = { v: 1, type: 'ping', commandId: `hb-${this.pingSentAt.toString(36)}-${++heartbeatSeq}`, clientTime: this.pingSentAt };
    try {
      Promise.resolve(this.write(JSON.stringify(ping), gen, true)).catch(() => this.lost(gen, 'heartbeat could not be sent'));
    } catch {
      this.lost(gen, 'heartbeat could not be sent');
    }
  }

  /**
   * Declares the connection dead if nothing arrives in time. A timer that fires
   * much later than asked (a starved or throttled page) gets one more period:
   * the answer may be queued behind it.
   */
  private armPongTimer(gen: number, ms: number, mayExtend: boolean): void {
    const due = this.now() + ms;
    this.pongTimer = setTimeout(() => {
      this.pongTimer = null;
      if (mayExtend && this.now() - due > Math.max(200, ms / 2)) this.armPongTimer(gen, ms, false);
      else this.lost(gen, 'heartbeat timeout');
    }, ms);
  }

  /** The network may be back (or gone): open → check with a ping now; otherwise → dial now. */
  private wake(): void {
    if (!this.sink) return;
    if (this.isOpen) {
      this.ping();
      return;
    }
    this.failures = 0;
    this.halt();
    this.dialNow();
  }

  private readonly onOnline = () => this.wake();
  private readonly onOffline = () => {
    if (this.isOpen) this.ping();
  };
  private readonly onVisibility = () => {
    const hidden = this.env.document?.visibilityState === 'hidden';
    if (hidden) {
      this.hiddenAt ??= this.now();
      return;
    }
    const since = this.hiddenAt;
    this.hiddenAt = null;
    if (since !== null && this.now() - since >= this.longHide) this.wake();
  };

  private listening = false;
  private listen(on: boolean): void {
    if (on === this.listening) return;
    this.listening = on;
    const { window: w, document: d } = this.env;
    const m = on ? 'addEventListener' : 'removeEventListener';
    try {
      w?.[m]('online', this.onOnline);
      w?.[m]('offline', this.onOffline);
      d?.[m]('visibilitychange', this.onVisibility);
    } catch {
      /* an environment without events: timers alone still work */
    }
    if (on && d?.visibilityState === 'hidden') this.hiddenAt = this.now();
  }

  private report(state: ConnectionState, error?: string, sink = this.sink): void {
    this.current = state;
    tellState(sink, state, error);
  }
}
