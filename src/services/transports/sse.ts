/**
 * Server-Sent Events transport, for backends and proxies without WebSocket:
 * server messages on an `EventSource` (`GET /events?token=…`), commands by
 * `POST /commands?stream=…` with `Authorization: Bearer <token>`.
 *
 * The stream's first event is `omni-stream` (`{streamId, resumed}`); it names
 * the stream commands are posted to, and the connection counts as `open`
 * from then on. Every message carries an SSE id; after a drop the transport
 * dials again itself (same backoff and heartbeat as the WebSocket transport:
 * EventSource's own retry has neither) and passes the last id it saw as
 * `lastEventId`, so a server that still holds the stream replays what was
 * missed instead of a new `hello` (`Last-Event-ID` resume). A fresh
 * `connect()` never resumes: a new center needs a `hello`.
 *
 * Commands are posted one after another (never reordered; heartbeats go
 * on their own). A wrong token
 * (401 on a POST, or on the probe made when the stream fails before
 * opening: `?probe=1`) closes the transport with `unauthorized`.
 */
import { ReconnectingTransport, describe, transportError, type ReconnectOptions } from './reconnecting.js';

interface EventSourceLike {
  onmessage: ((e: { data: string; lastEventId?: string }) => void) | null;
  onerror: ((e: unknown) => void) | null;
  addEventListener(type: string, fn: (e: { data: string }) => void): void;
  close(): void;
}
export type EventSourceConstructor = new (url: string) => EventSourceLike;

type FetchLike = (url: string, init: { method: string; headers?: Record<string, string>; body?: string; signal?: AbortSignal; cache?: 'no-store'; credentials?: 'omit' }) => Promise<{ status: number; ok: boolean }>;

export interface SseTransportOptions extends ReconnectOptions {
  /** The event stream, e.g. `https://crm.example/omni/events`. */
  url: string;
  /** Where commands go. Default: `commands` beside `url` (…/omni/commands). */
  commandsUrl?: string;
  /** Agent token: `?token=` on the stream (EventSource cannot send headers), Bearer on commands. */
  token: string;
  /** Implementations (default: the globals). */
  EventSource?: EventSourceConstructor;
  fetch?: FetchLike;
}

function absolute(url: string): URL {
  const base = (globalThis as { location?: { href?: string } }).location?.href;
  return base ? new URL(url, base) : new URL(url);
}

export class SseTransport extends ReconnectingTransport {
  private readonly url: string;
  private readonly commandsUrl: string;
  private readonly token: string;
  private readonly ES: EventSourceConstructor | undefined;
  private readonly fetchImpl: FetchLike | undefined;
  private es: EventSourceLike | null = null;
  private abort: AbortController | null = null;
  private streamId: string | null = null;
  private lastEventId: string | null = null;
  private chain: Promise<unknown> = Promise.resolve();

  constructor(options: SseTransportOptions) {
    super(options);
    this.acceptOnFrame = false;
    this.url = options.url;
    let commands = options.commandsUrl ?? '';
    try {
      commands ||= new URL('commands', absolute(options.url)).toString();
    } catch {
      /* a bad url: dialling fails and the transport closes with the reason, rather than throwing here */
    }
    this.commandsUrl = commands;
    this.token = options.token;
    this.ES = options.EventSource;
    this.fetchImpl = options.fetch;
  }

  protected override resetSession(): void {
    this.lastEventId = null;
  }

  private get doFetch(): FetchLike {
    const f = this.fetchImpl ?? (globalThis as { fetch?: FetchLike }).fetch;
    if (!f) throw new Error('fetch is not available here');
    return this.fetchImpl ?? ((url, init) => f.call(globalThis, url, init));
  }

  private streamUrl(extra: Record<string, string> = {}): string {
    const u = absolute(this.url);
    u.searchParams.set('token', this.token);
    for (const [k, v] of Object.entries(extra)) u.searchParams.set(k, v);
    return u.toString();
  }

  protected dial(gen: number): void {
    const ES = this.ES ?? (globalThis as { EventSource?: EventSourceConstructor }).EventSource;
    if (!ES) throw new Error('EventSource is not available here');
    this.abort = typeof AbortController === 'function' ? new AbortController() : null;
    const es = new ES(this.streamUrl(this.lastEventId ? { lastEventId: this.lastEventId } : {}));
    this.es = es;
    es.addEventListener('omni-stream', (e) => {
      if (gen !== this.attempt) return;
      let info: unknown;
      try {
        info = JSON.parse(e.data);
      } catch {
        return;
      }
      const id = (info as { streamId?: unknown } | null)?.streamId;
      if (typeof id !== 'string' || !id) return;
      this.streamId = id;
      this.accepted(gen);
    });
    es.onmessage = (e) => {
      if (gen !== this.attempt) return;
      if (e.lastEventId) this.lastEventId = e.lastEventId;
      this.frame(gen, e.data);
    };
    es.onerror = () => {
      if (gen !== this.attempt) return;
      // Our own backoff decides when to dial again, not EventSource's retry.
      es.close();
      if (this.streamId) this.lost(gen, 'event stream interrupted');
      else void this.probe(gen);
    };
  }

  /** The stream failed before opening: a 401 means the token is wrong (stop); anything else, retry. */
  private async probe(gen: number): Promise<void> {
    let status = 0;
    try {
      status = (await this.doFetch(this.streamUrl({ probe: '1' }), { method: 'GET', cache: 'no-store', credentials: 'omit', signal: this.abort?.signal })).status;
    } catch {
      /* unreachable: retry */
    }
    if (status === 401) this.refused(gen, 'unauthorized');
    else this.lost(gen, status ? `event stream refused (${status})` : 'server unreachable');
  }

  protected hangUp(): void {
    this.es?.close();
    this.es = null;
    this.abort?.abort();
    this.abort = null;
    this.streamId = null;
  }

  protected write(text: string, gen: number, heartbeat = false): Promise<void> {
    // Heartbeats do not wait behind a slow command (and order does not matter for them).
    if (heartbeat) return this.post(text, gen);
    const run = () => this.post(text, gen);
    const p = this.chain.then(run, run);
    this.chain = p.catch(() => {});
    return p;
  }

  private async post(text: string, gen: number): Promise<void> {
    const stream = this.streamId;
    if (gen !== this.attempt || !stream) throw transportError('transport-closed');
    const u = new URL(this.commandsUrl);
    u.searchParams.set('stream', stream);
    let status: number;
    try {
      const res = await this.doFetch(u.toString(), {
        method: 'POST',
        headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' },
        body: text,
        // No `cache: 'no-store'` here: browsers then skip their preflight cache (a POST is never cached anyway).
        credentials: 'omit',
        signal: this.abort?.signal,
      });
      status = res.status;
    } catch (e) {
      this.lost(gen, `command could not be posted: ${describe(e)}`);
      throw transportError('transport-closed', describe(e));
    }
    if (status >= 200 && status < 300) return;
    if (status === 401) {
      this.refused(gen, 'unauthorized');
      throw transportError('unauthorized');
    }
    if (status === 413) throw transportError('too-large', 'command refused as too large');
    if (status === 400 || status === 403 || status === 405 || status === 415) throw transportError('not-allowed', `command refused (${status})`);
    // The stream is gone (server restarted, 404/410) or the server is failing: reconnect.
    this.lost(gen, `command refused (${status})`);
    throw transportError('transport-closed', `command refused (${status})`);
  }
}
