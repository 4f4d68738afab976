/**
 * In-memory transport: the page talks to a RoutingEngine running in the same
 * page, with the asynchrony of a real network but none of its failures
 * (unless a test asks for them with `drop()`).
 *
 * Everything crosses asynchronously, in order: server messages are queued and
 * delivered one after another from a microtask (or after `latencyMs`), so a
 * message the engine sends while the center is handling another one arrives
 * after it, never re-entrantly. Messages and commands are copied on the way,
 * as a wire would, so neither side shares objects with the other.
 */
import type { ConnectionState, OmniTransport, TransportSink } from '../protocol/types.js';
import type { ServerMessage } from '../protocol/types.js';
import { tellState } from '../util.js';

/**
 * What the memory transport needs of an engine in the same page (the
 * reference engine in `engine/` is one; the widget does not depend on it).
 */
export interface InPageEngine {
  connect(agentId: string, deliver: (msg: ServerMessage) => void): InPageConnection;
}
export interface InPageConnection {
  receive(command: unknown): void;
  close(): void;
  readonly closed: boolean;
}

export interface MemoryTransportOptions {
  /** Delay of each message and command, in ms (0: the next microtask). */
  latencyMs?: number;
}

function copy<T>(value: T): T {
  return typeof value === 'string' ? value : (JSON.parse(JSON.stringify(value)) as T);
}

export class MemoryTransport implements OmniTransport {
  private readonly latencyMs: number;
  private sink: TransportSink | null = null;
  private connection: InPageConnection | null = null;
  private current: ConnectionState = 'closed';
  /** Bumped on every connect/disconnect/drop: work scheduled for an older generation is dropped. */
  private generation = 0;
  private readonly ready: (string | object)[] = [];
  private flushing = false;
  private inFlight = 0;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly engine: InPageEngine,
    readonly agentId: string,
    opts: MemoryTransportOptions = {},
  ) {
    this.latencyMs = Math.max(0, opts.latencyMs ?? 0);
  }

  /** The connection state last reported to the sink. */
  get state(): ConnectionState {
    return this.current;
  }

  connect(sink: TransportSink): void {
    if (this.sink) this.close(false);
    this.sink = sink;
    this.report('connecting');
    this.open();
  }

  send(command: object): Promise<void> {
    if (this.current !== 'open' || !this.connection) {
      return Promise.reject(new Error('transport-closed'));
    }
    let frame: object;
    try {
      frame = copy(command);
    } catch (e) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
    const gen = this.generation;
    this.inFlight++;
    return this.later().then(() => {
      try {
        if (gen !== this.generation || !this.connection || this.connection.closed) throw new Error('transport-closed');
        this.connection.receive(frame);
      } finally {
        this.inFlight--;
        this.settle();
      }
    });
  }

  disconnect(): void {
    this.close(true);
  }

  // ---- test hooks ------------------------------------------------------------

  /** Delivers a raw frame to the sink as if the server had sent it (in order with the rest). */
  inject(frame: string | object): Promise<void> {
    if (!this.sink) return Promise.reject(new Error('transport-closed'));
    this.enqueue(frame, this.generation);
    return this.idle();
  }

  /** The network vanishes: the engine loses the connection, queued messages are lost, sends fail. */
  drop(): void {
    if (!this.sink) return;
    this.generation++;
    this.ready.length = 0;
    this.closeConnection();
    this.report('reconnecting');
  }

  /** The network is back: a new engine connection, so a new `hello`. */
  restore(): void {
    if (!this.sink || this.current === 'open') return;
    this.open();
  }

  /** Resolves once no command or message is on its way through this transport. */
  idle(): Promise<void> {
    if (this.inFlight === 0 && this.ready.length === 0 && !this.flushing) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  // ---- internals -------------------------------------------------------------

  private open(): void {
    const gen = ++this.generation;
    this.inFlight++;
    void this.later().then(() => {
      try {
        if (gen !== this.generation || !this.sink) return;
        // hello is queued by connect() and delivered after 'open' below.
        this.connection = this.engine.connect(this.agentId, (msg) => this.enqueue(copy(msg), gen));
        this.report('open');
      } catch (e) {
        const code = (e as { code?: string }).code ?? 'transport-closed';
        this.report('closed', `${code}: ${e instanceof Error ? e.message : String(e)}`);
        this.sink = null;
      } finally {
        this.inFlight--;
        this.settle();
      }
    });
  }

  private close(report: boolean): void {
    const sink = this.sink;
    this.generation++;
    this.ready.length = 0;
    this.closeConnection();
    if (report && sink) this.report('closed');
    this.sink = null;
    this.current = 'closed';
  }

  private closeConnection(): void {
    const conn = this.connection;
    this.connection = null;
    conn?.close();
  }

  private report(state: ConnectionState, error?: string): void {
    this.current = state;
    tellState(this.sink, state, error);
  }

  private later(): Promise<void> {
    if (this.latencyMs === 0) return Promise.resolve();
    return new Promise((resolve) => globalThis.setTimeout(resolve, this.latencyMs));
  }

  private enqueue(frame: string | object, gen: number): void {
    this.inFlight++;
    void this.later().then(() => {
      this.inFlight--;
      if (gen === this.generation && this.sink) {
        this.ready.push(frame);
        this.flush();
      }
      this.settle();
    });
  }

  /** Delivers ready frames in order; a frame queued during delivery waits for the loop. */
  private flush(): void {
    if (this.flushing) return;
    this.flushing = true;
    try {
      while (this.ready.length > 0 && this.sink) {
        const frame = this.ready.shift()!;
        try {
          this.sink.message(frame);
        } catch {
          /* the center never throws; another sink's error is its own */
        }
      }
    } finally {
      this.flushing = false;
    }
  }

  private settle(): void {
    if (this.inFlight > 0 || this.ready.length > 0 || this.flushing) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }
}
