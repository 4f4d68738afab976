/**
 * `/ws`: one WebSocket per tab. `?token=` names the agent; a missing or
 * wrong token is closed with 4401 and nothing else. Frames over 64 KiB are
 * refused by the engine's validator (`error` too-large); over 256 KiB the
 * socket is closed (1009). The server pings every heartbeat interval (the
 * browser answers at the protocol level, even in a throttled background
 * tab); a connection silent for the heartbeat timeout (and not draining a
 * backlog) is terminated and the engine told. A client that does not read its messages (send queue over
 * OMNI_MAX_QUEUE_BYTES) is dropped: it reconnects and gets a fresh `hello`.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, WebSocket, type RawData } from 'ws';
import type { Hub, Link } from './hub.js';
import { CommandGate, frameTooLarge, refusal } from './limits.js';

export const CLOSE_UNAUTHORIZED = 4401;
const HARD_FRAME_LIMIT = 256 * 1024;

export function attachWebSocket(server: Server, hub: Hub): { sweep(): void; close(): void } {
  const wss = new WebSocketServer({ noServer: true, maxPayload: HARD_FRAME_LIMIT, perMessageDeflate: false });
  /**
   * lastSeen: last sign of life; queued: characters handed to the socket; flushed: of those, sent at the
   * last sweep; backlogged: data was waiting then; pinged: when we last pinged.
   */
  const sockets = new Map<WebSocket, { lastSeen: number; queued: number; flushed: number; backlogged: boolean; pinged: number }>();

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const refused = !hub.available ? '503 Service Unavailable' : url.pathname !== '/ws' ? '404 Not Found' : hub.auth.blocked(req.socket.remoteAddress) ? '429 Too Many Requests' : null;
    if (refused) {
      socket.end(`HTTP/1.1 ${refused}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
      return;
    }
    socket.on('error', () => {});
    wss.handleUpgrade(req, socket, head, (ws) => accept(ws, url.searchParams.get('token'), req.socket.remoteAddress));
  });

  function accept(ws: WebSocket, token: string | null, address: string | undefined): void {
    const agent = hub.agentForToken(token);
    if (!agent) {
      hub.auth.failed(address);
      ws.close(CLOSE_UNAUTHORIZED);
      return;
    }
    const state = { lastSeen: Date.now(), queued: 0, flushed: 0, backlogged: false, pinged: Date.now() };
    sockets.set(ws, state);
    const push = (text: string) => {
      if (ws.readyState !== WebSocket.OPEN) return;
      if (ws.bufferedAmount + text.length > hub.config.maxQueueBytes) {
        if (process.env.OMNI_LOG === '1') console.log(`ws ${agent.id}: send queue over ${hub.config.maxQueueBytes} bytes, dropped`);
        ws.terminate();
        return;
      }
      state.queued += text.length;
      ws.send(text);
    };
    // Test hook frames respect the queue bound instead of tripping it: wait while half full.
    const raw = async (text: string) => {
      while (ws.readyState === WebSocket.OPEN && ws.bufferedAmount > hub.config.maxQueueBytes / 2) await new Promise((r) => setTimeout(r, 5));
      push(text);
    };
    const link: Link = { agentId: agent.id, kind: 'ws', raw, close: () => ws.close(1001) };
    const conn = hub.connect(agent.id, push, () => ws.close(1011));
    hub.links.add(link);
    const slot = { evict: () => ws.close(1008, 'too many connections for this agent') };
    hub.agentConnections.add(agent.id, slot);
    const gate = new CommandGate(hub.limits);
    ws.on('message', (data: RawData) => {
      if (ws.readyState !== WebSocket.OPEN) return; // closing (a flood, an eviction): the rest is not read
      state.lastSeen = Date.now();
      const bytes = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
      const text = bytes.toString('utf8');
      const verdict = gate.take();
      if (verdict === 'flood') return ws.close(1008, 'too many commands');
      if (verdict === 'limited') return push(hub.frame(refusal(text, 'rate-limited', 'too many commands; retry later')));
      const tooLarge = frameTooLarge(bytes.length);
      if (tooLarge) return push(hub.frame(refusal(text, 'too-large', tooLarge)));
      const pong = hub.answerPing(text);
      if (pong) for (const f of pong) push(f);
      else conn.receive(text);
    });
    ws.on('pong', () => {
      state.lastSeen = Date.now();
    });
    ws.on('error', () => {
      /* a close event follows */
    });
    ws.on('close', (code: number) => {
      if (process.env.OMNI_LOG === '1') console.log(`ws ${agent.id}: closed ${code}`);
      sockets.delete(ws);
      hub.links.delete(link);
      hub.agentConnections.delete(agent.id, slot);
      conn.close();
    });
  }

  return {
    /** One heartbeat round: terminate the silent, ping the rest every heartbeat interval. */
    sweep() {
      const now = Date.now();
      for (const [ws, s] of sockets) {
        // Only inbound frames prove life, with one exception: while a backlog waits to be sent (so the
        // kernel's buffer is full and our ping is stuck behind it), data leaving means the client acks it.
        const flushed = s.queued - ws.bufferedAmount;
        if (s.backlogged && flushed > s.flushed) s.lastSeen = now;
        s.flushed = flushed;
        s.backlogged = ws.bufferedAmount > 0;
        if (now - s.lastSeen > hub.config.heartbeatTimeoutMs) ws.terminate();
        else if (ws.readyState === WebSocket.OPEN && now - s.pinged >= hub.config.heartbeatIntervalMs) {
          s.pinged = now;
          ws.ping();
        }
      }
    },
    close() {
      for (const ws of sockets.keys()) ws.close(1001);
      wss.close();
    },
  };
}
