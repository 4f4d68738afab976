/**
 * postMessage transport, for the widget inside an iframe or hosted control
 * (Unified Service Desk style), and the shell-side bridge that relays between
 * the iframe and the shell's real transport (WebSocket, SSE, memory).
 *
 *   iframe: new PostMessageTransport({ allowedOrigins: ['https://shell.example'] })
 *   shell:  createPostMessageBridge({ iframe, allowedOrigins: ['https://widget.example'], transport })
 *
 * Both ends require an origin allow-list of exact origins (`*` is refused at
 * construction) and only listen to the one window they talk to. A message
 * in this format from another window or origin is ignored and reported
 * (`origin-refused`: the center's `omni-error` in the iframe, `onError` in the
 * shell); anything not in this format is not ours and is left alone. The
 * frames relayed are validated by the center like any other.
 *
 * Envelope: `{omni: 'omni-notify', channel, kind, conn, ...}`; kinds:
 * iframe → shell `connect`, `send {id, command}`, `disconnect`;
 * shell → iframe `state {state, error?}`, `message {data}`, `sent {id, ok, error?}`,
 * `error {code, message}` (a report of the shell's transport, no state change).
 */
import type { ConnectionState, OmniTransport, ProtocolError, TransportSink } from '../protocol/types.js';
import { transportError } from './reconnecting.js';
import { tellState } from '../util.js';

const MARK = 'omni-notify';
const STATES: readonly string[] = ['connecting', 'open', 'reconnecting', 'closed'];

interface Envelope {
  omni: typeof MARK;
  channel: string;
  kind: string;
  conn: string;
  [k: string]: unknown;
}

type MessageTarget = Pick<Window, 'postMessage'>;
type Listener = Pick<Window, 'addEventListener' | 'removeEventListener'>;

/** Checks an allow-list: exact origins only. Throws (at construction) otherwise. */
export function checkOrigins(list: unknown): string[] {
  if (!Array.isArray(list) || list.length === 0) throw new TypeError('allowedOrigins: give at least one origin');
  return list.map((o) => {
    if (typeof o !== 'string' || o.trim() === '*') throw new TypeError('allowedOrigins: "*" is not allowed; list exact origins');
    let u: URL;
    try {
      u = new URL(o);
    } catch {
      throw new TypeError(`allowedOrigins: ${String(o)} is not an origin`);
    }
    if (u.origin === 'null' || u.origin !== o.replace(/\/$/, '')) throw new TypeError(`allowedOrigins: ${o} is not an exact origin (scheme://host[:port])`);
    return u.origin;
  });
}

function ours(data: unknown, channel: string): data is Envelope {
  const d = data as Envelope | null;
  return typeof d === 'object' && d !== null && d.omni === MARK && d.channel === channel && typeof d.kind === 'string' && typeof d.conn === 'string';
}

/** Calls `report` at most `max` times per `windowMs` (a hostile frame cannot flood the page). */
function limiter(report: (e: ProtocolError) => void, max = 10, windowMs = 10_000) {
  let start = 0;
  let count = 0;
  return (e: ProtocolError) => {
    const now = Date.now();
    if (now - start > windowMs) {
      start = now;
      count = 0;
    }
    if (++count <= max) report(e);
  };
}

const refusal = (origin: string, why: string): ProtocolError => ({
  code: 'origin-refused',
  message: `ignored a message from ${origin || 'an unknown origin'}: ${why}`,
});

let connSeq = 0;

// ---- iframe side ---------------------------------------------------------------

export interface PostMessageTransportOptions {
  /** Origins the shell may have (exact; `*` refused). Messages are posted only to these. */
  allowedOrigins: string[];
  /** The shell's window (default: `window.parent`). */
  target?: MessageTarget;
  /** Where messages arrive (default: this `window`). */
  self?: Listener;
  /** Lets several widgets share a window. Default `default`. */
  channel?: string;
  /** Handshake retry while the shell is not listening yet. Default 250 ms (doubling to 2 s). */
  handshakeMs?: number;
  /** How long a send may wait for the shell's answer. Default 10 000 ms. */
  sendTimeoutMs?: number;
}

export class PostMessageTransport implements OmniTransport {
  private readonly origins: string[];
  private readonly channel: string;
  private readonly handshakeMs: number;
  private readonly sendTimeoutMs: number;
  private readonly opts: PostMessageTransportOptions;
  private sink: TransportSink | null = null;
  private conn = '';
  private shellOrigin: string | null = null;
  private current: ConnectionState = 'closed';
  private handshake: ReturnType<typeof setTimeout> | null = null;
  private sendSeq = 0;
  private readonly sends = new Map<number, { resolve: () => void; reject: (e: Error) => void; timer: ReturnType<typeof setTimeout> }>();
  private report: (e: ProtocolError) => void = () => {};

  constructor(options: PostMessageTransportOptions) {
    this.origins = checkOrigins(options?.allowedOrigins);
    this.opts = options;
    this.channel = options.channel ?? 'default';
    this.handshakeMs = Math.max(10, options.handshakeMs ?? 250);
    this.sendTimeoutMs = options.sendTimeoutMs ?? 10_000;
  }

  get state(): ConnectionState {
    return this.current;
  }

  private get target(): MessageTarget | null {
    return this.opts.target ?? (globalThis as { parent?: MessageTarget }).parent ?? null;
  }

  private get self(): Listener | null {
    return this.opts.self ?? ((globalThis as { addEventListener?: unknown }).addEventListener ? (globalThis as unknown as Listener) : null);
  }

  connect(sink: TransportSink): void {
    if (this.sink) this.stop(false);
    this.sink = sink;
    this.conn = `pm-${Date.now().toString(36)}-${++connSeq}-${Math.random().toString(36).slice(2, 8)}`;
    this.shellOrigin = null;
    this.report = limiter((e) => this.sink?.error?.(e));
    this.self?.addEventListener('message', this.onMessage);
    this.setState('connecting');
    this.hello(this.handshakeMs);
  }

  send(command: object): Promise<void> {
    if (this.current !== 'open' || !this.sink) return Promise.reject(transportError('transport-closed'));
    const id = ++this.sendSeq;
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => this.settle(id, 'transport-closed: the shell did not answer'), this.sendTimeoutMs);
      this.sends.set(id, { resolve, reject, timer });
      if (!this.post('send', { id, command })) this.settle(id, 'bad-message: the command cannot be posted');
    });
  }

  disconnect(): void {
    if (!this.sink) return;
    this.post('disconnect', {});
    this.stop(true);
  }

  private stop(report: boolean): void {
    this.self?.removeEventListener('message', this.onMessage);
    if (this.handshake !== null) clearTimeout(this.handshake);
    this.handshake = null;
    if (report) this.setState('closed');
    this.sink = null;
    this.current = 'closed';
    for (const id of [...this.sends.keys()]) this.settle(id, 'transport-closed: disconnected');
  }

  /** Announces this connection until the shell answers (it may not be listening yet). */
  private hello(delay: number): void {
    this.post('connect', {});
    this.handshake = setTimeout(() => {
      this.handshake = null;
      if (this.sink && this.current === 'connecting' && this.shellOrigin === null) this.hello(Math.min(delay * 2, 2000));
    }, delay);
  }

  /** Posts to the shell's origin once known, else to each allowed origin (only a matching one delivers). */
  private post(kind: string, body: Record<string, unknown>): boolean {
    const target = this.target;
    if (!target) return false;
    const msg = { omni: MARK, channel: this.channel, kind, conn: this.conn, ...body };
    try {
      for (const origin of this.shellOrigin ? [this.shellOrigin] : this.origins) target.postMessage(msg, origin);
      return true;
    } catch {
      return false;
    }
  }

  private settle(id: number, error?: string): void {
    const s = this.sends.get(id);
    if (!s) return;
    this.sends.delete(id);
    clearTimeout(s.timer);
    if (error) s.reject(new Error(error));
    else s.resolve();
  }

  private readonly onMessage = (e: MessageEvent) => {
    if (!this.sink || !ours(e.data, this.channel)) return;
    if (e.source !== this.target) return this.report(refusal(e.origin, 'not the shell window'));
    if (!this.origins.includes(e.origin)) return this.report(refusal(e.origin, 'origin not allowed'));
    const d = e.data;
    if (d.conn !== this.conn) return; // an answer to an earlier connection
    this.shellOrigin = e.origin;
    if (d.kind === 'state' && typeof d.state === 'string' && STATES.includes(d.state)) {
      this.setState(d.state as ConnectionState, typeof d.error === 'string' ? d.error : undefined);
      if (d.state !== 'open') for (const id of [...this.sends.keys()]) this.settle(id, 'transport-closed: connection lost');
      if (d.state === 'closed') this.stop(false);
    } else if (d.kind === 'message' && (typeof d.data === 'string' || (typeof d.data === 'object' && d.data !== null))) {
      try {
        this.sink.message(d.data as string | object);
      } catch {
        /* the center never throws */
      }
    } else if (d.kind === 'error' && typeof d.code === 'string' && typeof d.message === 'string') {
      this.sink.error?.({ code: d.code, message: d.message });
    } else if (d.kind === 'sent' && typeof d.id === 'number') {
      this.settle(d.id, d.ok === true ? undefined : typeof d.error === 'string' ? d.error : 'transport-closed');
    } else {
      this.report({ code: 'bad-message', message: `unexpected ${String(d.kind)} envelope from the shell` });
    }
  };

  private setState(state: ConnectionState, error?: string): void {
    this.current = state;
    tellState(this.sink, state, error);
  }
}

// ---- shell side ----------------------------------------------------------------

export interface PostMessageBridgeOptions {
  /** The iframe holding the widget, or its window (`iframeWindow`/`target`). */
  iframe?: { contentWindow: MessageTarget | null };
  iframeWindow?: MessageTarget;
  target?: MessageTarget;
  /** Origins the widget may have (exact; `*` refused). */
  allowedOrigins: string[];
  /** The shell's real transport; the bridge connects it when the widget connects. */
  transport: OmniTransport;
  channel?: string;
  /** Where messages arrive (default: this `window`). */
  self?: Listener;
  /** Refused or malformed messages (`origin-refused`, `bad-message`). */
  onError?: (e: ProtocolError) => void;
}

export interface PostMessageBridge {
  /** Stops relaying; the widget hears `closed` and the transport is disconnected. */
  close(): void;
}

export function createPostMessageBridge(options: PostMessageBridgeOptions): PostMessageBridge {
  const origins = checkOrigins(options?.allowedOrigins);
  if (!options.transport) throw new TypeError('createPostMessageBridge: transport is required');
  if (!options.iframe && !options.iframeWindow && !options.target) throw new TypeError('createPostMessageBridge: iframe (or iframeWindow) is required');
  const channel = options.channel ?? 'default';
  const transport = options.transport;
  const self = options.self ?? (globalThis as unknown as Listener);
  const frame = (): MessageTarget | null => options.iframeWindow ?? options.target ?? options.iframe?.contentWindow ?? null;
  const report = limiter((e) => {
    try {
      options.onError?.(e);
    } catch {
      /* the host's handler */
    }
  });
  let conn: string | null = null;
  let origin = '';

  const post = (c: string, kind: string, body: Record<string, unknown>) => {
    const w = frame();
    if (!w || c !== conn) return;
    try {
      w.postMessage({ omni: MARK, channel, kind, conn: c, ...body }, origin);
    } catch {
      // Not cloneable: tell the widget something was lost rather than nothing.
      if (kind === 'message') post(c, 'message', { data: '\u0000not cloneable' });
    }
  };

  const stopTransport = () => {
    try {
      transport.disconnect();
    } catch {
      /* already closed */
    }
  };

  const onMessage = (e: MessageEvent) => {
    if (!ours(e.data, channel)) return;
    const w = frame();
    if (!w || e.source !== w) return report(refusal(e.origin, 'not the widget window'));
    if (!origins.includes(e.origin)) return report(refusal(e.origin, 'origin not allowed'));
    const d = e.data;
    if (d.kind === 'connect') {
      if (d.conn === conn) return; // a repeated handshake
      if (conn) stopTransport();
      const c = d.conn;
      conn = c;
      origin = e.origin;
      try {
        transport.connect({
          message: (data) => post(c, 'message', { data }),
          state: (state, error) => post(c, 'state', error ? { state, error } : { state }),
          error: (err) => post(c, 'error', { code: String(err?.code), message: String(err?.message) }),
        });
      } catch (err) {
        post(c, 'state', { state: 'closed', error: `transport-closed: ${String(err)}` });
      }
    } else if (d.conn !== conn) {
      return; // an old connection of the widget
    } else if (d.kind === 'send' && typeof d.id === 'number' && typeof d.command === 'object' && d.command !== null) {
      const { id } = d;
      let sent: Promise<void>;
      try {
        sent = Promise.resolve(transport.send(d.command));
      } catch (err) {
        sent = Promise.reject(err);
      }
      const c = d.conn;
      sent.then(
        () => post(c, 'sent', { id, ok: true }),
        (err: unknown) => post(c, 'sent', { id, ok: false, error: err instanceof Error ? err.message : String(err) }),
      );
    } else if (d.kind === 'disconnect') {
      conn = null;
      stopTransport();
    } else {
      report({ code: 'bad-message', message: `unexpected ${String(d.kind)} envelope from the widget` });
    }
  };

  self.addEventListener('message', onMessage);
  return {
    close() {
      self.removeEventListener('message', onMessage);
      if (conn) post(conn, 'state', { state: 'closed' });
      conn = null;
      stopTransport();
    },
  };
}
