/**
 * WebSocket transport: one socket to `url?token=…` (the reference server's
 * `/ws`, or a CRM backend speaking the same protocol), kept alive by the
 * shared reconnect logic (backoff with full jitter, heartbeat, wake on
 * `online` / visible again).
 *
 * The connection counts as `open` when the server's first frame (its
 * `hello`) arrives, not when the socket opens: a server that refuses the
 * token closes with 4401 before saying anything, and that ends in `closed`
 * with `unauthorized` instead of a retry loop.
 */
import { ReconnectingTransport, describe, transportError, type ReconnectOptions } from './reconnecting.js';

/** The part of the WebSocket API used here (the browser's, or the `ws` package's in Node). */
export interface WebSocketLike {
  readonly readyState: number;
  readonly bufferedAmount: number;
  binaryType: string;
  onmessage: ((e: { data: unknown }) => void) | null;
  onclose: ((e: { code: number }) => void) | null;
  onerror: ((e: unknown) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}
export type WebSocketConstructor = new (url: string) => WebSocketLike;

export interface WebSocketTransportOptions extends ReconnectOptions {
  /** `ws:`/`wss:` URL of the endpoint; `http(s):` and relative URLs are turned into ws(s) on the page's origin. */
  url: string;
  /** Agent token, sent as `?token=`. */
  token?: string;
  /** Buffered bytes beyond which the connection counts as stalled and is replaced. Default 1 MiB. */
  maxBufferedBytes?: number;
  /** A WebSocket implementation (default: the global one; in Node pass the `ws` package's). */
  WebSocket?: WebSocketConstructor;
}

/** Close code of the reference server for a missing or wrong token. */
export const CLOSE_UNAUTHORIZED = 4401;
const OPEN = 1;

/** Absolute URL for `url`, relative to the page when there is one; http(s) → ws(s). */
export function socketUrl(url: string, token?: string): string {
  const base = (globalThis as { location?: { href?: string } }).location?.href;
  const u = base ? new URL(url, base) : new URL(url);
  if (u.protocol === 'http:') u.protocol = 'ws:';
  else if (u.protocol === 'https:') u.protocol = 'wss:';
  if (token !== undefined) u.searchParams.set('token', token);
  return u.toString();
}

function decode(data: unknown): string {
  if (typeof data === 'string') return data;
  try {
    if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) return new TextDecoder().decode(data as ArrayBuffer);
  } catch {
    /* fall through: reported as bad JSON by the center */
  }
  return '\u0000binary';
}

export class WebSocketTransport extends ReconnectingTransport {
  private readonly url: string;
  private readonly token: string | undefined;
  private readonly maxBuffered: number;
  private readonly Impl: WebSocketConstructor | undefined;
  private ws: WebSocketLike | null = null;

  constructor(options: WebSocketTransportOptions) {
    super(options);
    this.url = options.url;
    this.token = options.token;
    this.maxBuffered = options.maxBufferedBytes ?? 1024 * 1024;
    this.Impl = options.WebSocket;
  }

  protected dial(gen: number): void {
    const Impl = this.Impl ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
    if (!Impl) throw new Error('WebSocket is not available here');
    const ws = new Impl(socketUrl(this.url, this.token));
    this.ws = ws;
    ws.binaryType = 'arraybuffer';
    ws.onmessage = (e) => this.frame(gen, decode(e.data));
    ws.onclose = (e) => {
      if (e.code === CLOSE_UNAUTHORIZED) this.refused(gen, 'unauthorized');
      else this.lost(gen, `connection closed (${e.code})`);
    };
    ws.onerror = () => {
      /* a close event follows */
    };
  }

  protected hangUp(): void {
    const ws = this.ws;
    this.ws = null;
    if (!ws) return;
    ws.onmessage = null;
    ws.onclose = null;
    ws.onerror = null;
    try {
      ws.close(1000);
    } catch {
      /* already closing */
    }
  }

  protected write(text: string, gen: number): void {
    const ws = this.ws;
    if (gen !== this.attempt || !ws || ws.readyState !== OPEN) {
      this.lost(gen, 'socket is not open');
      throw transportError('transport-closed');
    }
    try {
      ws.send(text);
    } catch (e) {
      this.lost(gen, `send failed: ${describe(e)}`);
      throw transportError('transport-closed', describe(e));
    }
    // A socket that keeps buffering is not getting through: replace it (hello resyncs).
    if (ws.bufferedAmount > this.maxBuffered) this.lost(gen, 'send buffer full');
  }
}
