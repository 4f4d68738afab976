/**
 * What the WebSocket and SSE endpoints share: the cluster node (which
 * reaches the routing engine, here or on another node), token lookup, the
 * set of live links, and the heartbeat fast path (a `ping` is answered here,
 * with `pong` and `ack`, without going through the engine: heartbeats are the
 * transport's business, and they would otherwise crowd the engine's memory of
 * command results that makes real retries idempotent).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { ClusterNode, HubConnection } from './cluster.js';
import type { AgentConfig, ServerConfig } from './config.js';
import { AgentConnections, AuthThrottle, DEFAULT_LIMITS, type Limits } from './limits.js';

export interface Link {
  readonly agentId: string;
  readonly kind: 'ws' | 'sse';
  /** Sends a frame as it is (test hooks); resolves when the send queue has room again. */
  raw(text: string): Promise<void>;
  /** Ends the link (server shutdown: clients reconnect elsewhere). */
  close(): void;
}

export class Hub {
  readonly links = new Set<Link>();
  readonly limits: Limits;
  /** Every WebSocket and SSE stream of each agent, for the per-agent cap. */
  readonly agentConnections: AgentConnections;
  readonly auth: AuthThrottle;
  closing = false;
  private readonly byToken = new Map<string, AgentConfig>();
  private readonly prefix = `srv-${randomBytes(4).toString('hex')}-`;
  private seq = 0;

  constructor(
    readonly config: ServerConfig,
    readonly cluster: ClusterNode,
  ) {
    for (const a of config.agents) this.byToken.set(digest(a.token), a);
    this.limits = { ...DEFAULT_LIMITS, ...config.limits };
    this.agentConnections = new AgentConnections(this.limits.maxAgentConnections);
    this.auth = new AuthThrottle(this.limits);
  }

  /**
   * Opens an engine connection for an agent (through the routing owner); `deliver` receives every server
   * message as JSON text, `hello` first; `refuse` runs if the owner refuses it (the socket should close).
   */
  connect(agentId: string, deliver: (text: string) => void, refuse: () => void): HubConnection {
    return this.cluster.connect(agentId, deliver, refuse);
  }

  /** False while the store cannot be reached: new connections are refused and writes answered 503. */
  get available(): boolean {
    return !this.closing && this.cluster.healthy;
  }

  /** The agent a token belongs to (looked up by digest: no early-exit string compare on the secret). */
  agentForToken(token: string | null | undefined): AgentConfig | null {
    if (typeof token !== 'string' || !token || token.length > 500) return null;
    return this.byToken.get(digest(token)) ?? null;
  }

  isApiToken(token: string | null | undefined): boolean {
    return typeof token === 'string' && token.length <= 500 && digest(token) === digest(this.config.apiToken);
  }

  /** A server message made here (not by the engine), with its envelope. */
  frame(body: Record<string, unknown>): string {
    return JSON.stringify({ v: 1, id: `${this.prefix}${++this.seq}`, ts: Date.now(), ...body });
  }

  /** For a valid `ping` command: the `pong` and `ack` frames to send back; null for anything else. */
  answerPing(text: string): string[] | null {
    if (text.length > 400 || !text.includes('"ping"')) return null;
    let m: { v?: unknown; type?: unknown; commandId?: unknown; clientTime?: unknown };
    try {
      m = JSON.parse(text);
    } catch {
      return null;
    }
    if (typeof m !== 'object' || m === null || m.v !== 1 || m.type !== 'ping') return null;
    const { commandId, clientTime } = m;
    if (typeof commandId !== 'string' || !commandId || commandId.length > 200) return null;
    if (typeof clientTime !== 'number' || !Number.isFinite(clientTime)) return null;
    return [this.frame({ type: 'pong', clientTime, serverTime: Date.now() }), this.frame({ type: 'ack', commandId, ok: true })];
  }
}

function digest(s: string): string {
  return createHash('sha256').update(s).digest('base64');
}
