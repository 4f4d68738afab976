/**
 * `/events` (Server-Sent Events) and `POST /commands`.
 *
 * GET /events?token=…[&lastEventId=…] (or the Last-Event-ID header) opens a
 * stream: first `event: omni-stream` with `{streamId, resumed}`, then one
 * `data:` event per server message, each with the SSE id `<streamId>.<seq>`.
 * `?probe=1` only checks the token (204 or 401) and opens nothing.
 *
 * A stream outlives its HTTP response for OMNI_SSE_RESUME_MS: the engine
 * connection stays, messages are kept (bounded), and a client that comes
 * back with the last id it saw gets exactly what it missed, without a new
 * `hello`. Otherwise (too late, too much missed, another server) it gets a
 * new stream and a `hello`.
 *
 * POST /commands?stream=<streamId> with `Authorization: Bearer <agent token>`
 * and one command as the body (≤ 64 KiB, else 413) → 202; the answers
 * (`ack`, ...) come on the stream. 401: wrong token; 404: no such stream
 * (the client reconnects). Posts are the stream's heartbeat: a stream with no
 * post for the heartbeat timeout is cut.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { HubConnection } from './cluster.js';
import type { Hub, Link } from './hub.js';
import { HttpError, bearer, fail, readBody, send, unauthorized } from './http.js';
import { CommandGate, refusal, type Closable } from './limits.js';

/** A stream's resume log, shared out among the agent's connections (the more it has, the less each keeps). */
const LOG_ENTRIES = 500;
const LOG_BYTES = 256 * 1024;
const MIN_LOG_ENTRIES = 20;
const MIN_LOG_BYTES = 16 * 1024;

interface Stream {
  id: string;
  agentId: string;
  conn: HubConnection | null;
  seq: number;
  log: { seq: number; text: string }[];
  logBytes: number;
  res: ServerResponse | null;
  lastSeen: number;
  /** Characters written to the response, and of those sent at the last sweep (a reading client is alive). */
  written: number;
  flushed: number;
  backlogged: boolean;
  pinged: number;
  expiry: ReturnType<typeof setTimeout> | null;
  link: Link;
  slot: Closable;
  gate: CommandGate;
}

export function createSse(hub: Hub) {
  const streams = new Map<string, Stream>();

  const event = (s: Stream, seq: number, text: string) => `id: ${s.id}.${seq}\n${text.split(/\r\n|\r|\n/).map((l) => `data: ${l}`).join('\n')}\n\n`;

  function write(s: Stream, res: ServerResponse, chunk: string): void {
    s.written += chunk.length;
    res.write(chunk);
  }

  function push(s: Stream, text: string): void {
    const seq = ++s.seq;
    s.log.push({ seq, text });
    s.logBytes += text.length;
    const share = Math.max(1, hub.agentConnections.count(s.agentId));
    const entries = Math.max(MIN_LOG_ENTRIES, Math.floor(LOG_ENTRIES / share));
    const bytes = Math.max(MIN_LOG_BYTES, Math.floor(LOG_BYTES / share));
    while (s.log.length > entries || s.logBytes > bytes) s.logBytes -= s.log.shift()!.text.length;
    const res = s.res;
    if (!res) return;
    if (res.writableLength > hub.config.maxQueueBytes) {
      res.destroy(); // a reader that does not keep up; it can resume from the log
      return;
    }
    write(s, res, event(s, seq, text));
  }

  function end(s: Stream): void {
    if (s.expiry) clearTimeout(s.expiry);
    s.expiry = null;
    streams.delete(s.id);
    hub.links.delete(s.link);
    hub.agentConnections.delete(s.agentId, s.slot);
    const res = s.res;
    s.res = null;
    res?.end();
    s.conn?.close();
    s.conn = null;
  }

  function detach(s: Stream, res: ServerResponse): void {
    if (s.res !== res) return;
    s.res = null;
    if (!streams.has(s.id)) return;
    s.expiry = setTimeout(() => end(s), hub.config.sseResumeMs);
    s.expiry.unref?.();
  }

  function attach(s: Stream, req: IncomingMessage, res: ServerResponse, from: number, resumed: boolean): void {
    if (s.expiry) clearTimeout(s.expiry);
    s.expiry = null;
    if (s.res) s.res.destroy();
    s.res = res;
    s.lastSeen = Date.now();
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-accel-buffering': 'no',
    });
    res.flushHeaders();
    req.socket.setNoDelay(true);
    req.socket.setKeepAlive(true);
    s.written = 0;
    s.flushed = 0;
    s.backlogged = false;
    write(s, res, `retry: 2000\nevent: omni-stream\ndata: ${JSON.stringify({ streamId: s.id, resumed })}\n\n`);
    for (const e of s.log) if (e.seq > from) write(s, res, event(s, e.seq, e.text));
    const onGone = () => detach(s, res);
    res.on('close', onGone);
    res.on('error', onGone);
  }

  /** The stream a Last-Event-ID points into, when everything after it is still in the log. */
  function resumable(agentId: string, lastId: string | null): { s: Stream; from: number } | { old?: Stream } {
    const m = lastId ? /^([\w-]{1,100})\.(\d{1,15})$/.exec(lastId) : null;
    if (!m) return {};
    const s = streams.get(m[1]);
    if (!s || s.agentId !== agentId || !s.conn) return {};
    const from = Number(m[2]);
    const oldest = s.log.length ? s.log[0].seq : s.seq + 1;
    if (from > s.seq || from + 1 < oldest) return { old: s };
    return { s, from };
  }

  async function events(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const agent = hub.agentForToken(url.searchParams.get('token'));
    if (!agent) return unauthorized(res);
    if (url.searchParams.get('probe') === '1') return send(res, 204);
    if (!hub.available) return send(res, 503, { error: { code: 'unavailable', message: hub.closing ? 'the server is closing' : 'the store is unreachable; retry shortly' } });
    const header = req.headers['last-event-id'];
    const lastId = (typeof header === 'string' && header) || url.searchParams.get('lastEventId');
    const found = resumable(agent.id, lastId);
    if ('s' in found) return attach(found.s, req, res, found.from, true);
    if (found.old) end(found.old); // this client's previous stream: no longer needed
    const s: Stream = {
      id: randomUUID(),
      agentId: agent.id,
      conn: null,
      seq: 0,
      log: [],
      logBytes: 0,
      res: null,
      lastSeen: Date.now(),
      written: 0,
      flushed: 0,
      backlogged: false,
      pinged: Date.now(),
      expiry: null,
      link: {
        agentId: agent.id,
        kind: 'sse',
        raw: async (text) => {
          while (s.res && s.res.writableLength > hub.config.maxQueueBytes / 2) await new Promise((r) => setTimeout(r, 5));
          push(s, text);
        },
        close: () => end(s),
      },
      slot: { evict: () => end(s) },
      gate: new CommandGate(hub.limits),
    };
    streams.set(s.id, s);
    hub.links.add(s.link);
    hub.agentConnections.add(agent.id, s.slot);
    attach(s, req, res, 0, false);
    s.conn = hub.connect(agent.id, (text) => push(s, text), () => end(s));
  }

  async function commands(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const agent = hub.agentForToken(bearer(req));
    if (!agent) return unauthorized(res);
    const s = streams.get(url.searchParams.get('stream') ?? '');
    if (!s || s.agentId !== agent.id || !s.conn) return send(res, 404, { error: { code: 'transport-closed', message: 'no such stream' } });
    let text: string;
    try {
      text = await readBody(req);
    } catch (e) {
      if (e instanceof HttpError && e.status === 413) res.setHeader('connection', 'close');
      return fail(res, e);
    }
    s.lastSeen = Date.now();
    const verdict = s.gate.take();
    if (verdict === 'flood') {
      end(s);
      return send(res, 429, { error: { code: 'rate-limited', message: 'too many commands: stream closed' } });
    }
    if (verdict === 'limited') {
      push(s, hub.frame(refusal(text, 'rate-limited', 'too many commands; retry later')));
      return send(res, 202);
    }
    const pong = hub.answerPing(text);
    if (pong) for (const f of pong) push(s, f);
    else s.conn?.receive(text);
    send(res, 202);
  }

  return {
    events,
    commands,
    /** Heartbeat round: cut streams nobody posted to for the timeout; keep-alive comments for the rest. */
    sweep() {
      const now = Date.now();
      for (const s of streams.values()) {
        if (!s.res) continue;
        // As for WebSocket: a backlog that drains means the client reads, though its posts wait.
        const flushed = s.written - s.res.writableLength;
        if (s.backlogged && flushed > s.flushed) s.lastSeen = now;
        s.flushed = flushed;
        s.backlogged = s.res.writableLength > 0;
        if (now - s.lastSeen > hub.config.heartbeatTimeoutMs) s.res.destroy();
        else if (now - s.pinged >= hub.config.heartbeatIntervalMs) {
          s.pinged = now;
          write(s, s.res, ': keep-alive\n\n');
        }
      }
    },
    close() {
      for (const s of [...streams.values()]) end(s);
    },
  };
}
