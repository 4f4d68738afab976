/**
 * The server's limits against abuse (docs/limits.md): request timeouts, a cap
 * on connections in total and per agent, a token bucket of commands per
 * connection, throttled failed authentications per address, frames counted
 * in bytes, and tokens redacted from logs. Each limit has a default and an
 * environment variable; the transports (ws.ts, sse.ts) and app.ts call in.
 */
import { MAX_FRAME_BYTES } from '../src/services/protocol/types.js';

export interface Limits {
  /** OMNI_REQUEST_TIMEOUT_MS: a request's headers and body must arrive within this (30 s). */
  requestTimeoutMs: number;
  /** OMNI_MAX_CONNECTIONS: open sockets in total (1000); more are refused by the kernel's accept. */
  maxConnections: number;
  /** OMNI_MAX_AGENT_CONNECTIONS: WebSocket + SSE connections per agent (16); the oldest is closed (1008). */
  maxAgentConnections: number;
  /** OMNI_COMMAND_BURST: commands a connection may send at once (60). */
  commandBurst: number;
  /** OMNI_COMMAND_RATE: commands per second a connection may send steadily (20). */
  commandRate: number;
  /** OMNI_COMMAND_FLOOD: refused commands (forgiven at the steady rate) before the connection is closed with 1008 (200). */
  commandFlood: number;
  /** OMNI_AUTH_FAILURES: failed authentications an address may make at once (20)… */
  authFailures: number;
  /** OMNI_AUTH_RETRY_MS: …then one more per this many ms (3000); beyond, 429 without looking at the token. */
  authRetryMs: number;
  /** OMNI_IDEMPOTENCY_KEYS: commandIds remembered per agent for retries (1000). */
  idempotencyKeys: number;
  /** OMNI_IDEMPOTENCY_MS: how long a commandId is remembered (10 min). */
  idempotencyMs: number;
  /** OMNI_PAST_OFFERS: offers no longer live the engine remembers, so a late answer hears `expired` (5000)… */
  pastOffers: number;
  /** OMNI_PAST_OFFER_MS: …each for this long after it ended (10 min). */
  pastOfferMs: number;
  /** OMNI_KEEP_FINISHED: finished conversations kept for `GET /api/state` (500). */
  keepFinished: number;
  /** OMNI_SOURCEMAPS=1: serve *.map files (not served by default). */
  sourceMaps: boolean;
}

export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({
  requestTimeoutMs: 30_000,
  maxConnections: 1000,
  maxAgentConnections: 16,
  commandBurst: 60,
  commandRate: 20,
  commandFlood: 200,
  authFailures: 20,
  authRetryMs: 3000,
  idempotencyKeys: 1000,
  idempotencyMs: 10 * 60_000,
  pastOffers: 5000,
  pastOfferMs: 10 * 60_000,
  keepFinished: 500,
  sourceMaps: false,
});

const ENV: Record<Exclude<keyof Limits, 'sourceMaps'>, string> = {
  requestTimeoutMs: 'OMNI_REQUEST_TIMEOUT_MS',
  maxConnections: 'OMNI_MAX_CONNECTIONS',
  maxAgentConnections: 'OMNI_MAX_AGENT_CONNECTIONS',
  commandBurst: 'OMNI_COMMAND_BURST',
  commandRate: 'OMNI_COMMAND_RATE',
  commandFlood: 'OMNI_COMMAND_FLOOD',
  authFailures: 'OMNI_AUTH_FAILURES',
  authRetryMs: 'OMNI_AUTH_RETRY_MS',
  idempotencyKeys: 'OMNI_IDEMPOTENCY_KEYS',
  idempotencyMs: 'OMNI_IDEMPOTENCY_MS',
  pastOffers: 'OMNI_PAST_OFFERS',
  pastOfferMs: 'OMNI_PAST_OFFER_MS',
  keepFinished: 'OMNI_KEEP_FINISHED',
};

/** The limits from the environment; throws on a value that is not a number ≥ 1. */
export function limitsFromEnv(env: NodeJS.ProcessEnv): Limits {
  const out: Limits = { ...DEFAULT_LIMITS };
  for (const [key, name] of Object.entries(ENV) as [Exclude<keyof Limits, 'sourceMaps'>, string][]) {
    const raw = env[name]?.trim();
    if (!raw) continue;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < 1) throw new Error(`${name} must be a number ≥ 1, not ${JSON.stringify(raw)}`);
    out[key] = n;
  }
  out.sourceMaps = env.OMNI_SOURCEMAPS === '1' || env.OMNI_SOURCEMAPS === 'true';
  return out;
}

/** A token bucket: `burst` tokens, refilled at `rate` per second. */
export class TokenBucket {
  private tokens: number;
  private at: number;

  constructor(
    private readonly burst: number,
    private readonly rate: number,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = burst;
    this.at = now();
  }

  /** Takes one token; false when none is left. */
  take(): boolean {
    const t = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.at) / 1000) * this.rate);
    this.at = t;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Tokens available now (without taking one). */
  level(): number {
    return Math.min(this.burst, this.tokens + ((this.now() - this.at) / 1000) * this.rate);
  }

  /** Full again (nothing taken for a long while): can be forgotten. */
  get idle(): boolean {
    return this.level() >= this.burst;
  }
}

/** Per connection: commands within the bucket pass; the excess is refused; a refused flood ends the connection. */
export class CommandGate {
  private readonly bucket: TokenBucket;
  private readonly refusals: TokenBucket;

  constructor(limits: Limits, now?: () => number) {
    this.bucket = new TokenBucket(limits.commandBurst, limits.commandRate, now);
    this.refusals = new TokenBucket(limits.commandFlood, limits.commandRate, now);
  }

  take(): 'ok' | 'limited' | 'flood' {
    if (this.bucket.take()) return 'ok';
    return this.refusals.take() ? 'limited' : 'flood';
  }
}

/** The answer to a refused command: `ack` with the error when its commandId can be read, else `error`. */
export function refusal(text: string, code: 'rate-limited' | 'too-large', message: string): Record<string, unknown> {
  let commandId: unknown;
  if (text.length <= MAX_FRAME_BYTES) {
    try {
      commandId = (JSON.parse(text) as { commandId?: unknown })?.commandId;
    } catch {
      /* no id to answer to */
    }
  }
  if (typeof commandId === 'string' && commandId && commandId.length <= 200) return { type: 'ack', commandId, ok: false, error: { code, message } };
  return { type: 'error', code, message };
}

/** Too many UTF-8 bytes for one frame (the protocol counts bytes, not characters). */
export function frameTooLarge(bytes: number): string | null {
  return bytes > MAX_FRAME_BYTES ? `frame of ${bytes} bytes exceeds ${MAX_FRAME_BYTES} bytes` : null;
}

export interface Closable {
  /** Ends the connection as the per-agent cap requires (1008 for a WebSocket). */
  evict(): void;
}

/** The live connections of each agent, oldest first; beyond the cap the oldest is evicted. */
export class AgentConnections {
  private readonly byAgent = new Map<string, Set<Closable>>();

  constructor(private readonly max: number) {}

  add(agentId: string, c: Closable): void {
    let set = this.byAgent.get(agentId);
    if (!set) this.byAgent.set(agentId, (set = new Set()));
    set.add(c);
    while (set.size > this.max) {
      const oldest = set.values().next().value!;
      set.delete(oldest);
      oldest.evict();
    }
  }

  delete(agentId: string, c: Closable): void {
    const set = this.byAgent.get(agentId);
    if (!set?.delete(c)) return;
    if (set.size === 0) this.byAgent.delete(agentId);
  }

  count(agentId: string): number {
    return this.byAgent.get(agentId)?.size ?? 0;
  }
}

/** Failed authentications per address: a burst, then one per authRetryMs; the map is bounded. */
export class AuthThrottle {
  private readonly failures = new Map<string, TokenBucket>();
  private static readonly MAX_ADDRESSES = 10_000;

  constructor(private readonly limits: Limits) {}

  /** True when this address has used up its failed attempts (answer 429, do not check the token). */
  blocked(address: string | undefined): boolean {
    const b = this.failures.get(address ?? '');
    return b !== undefined && b.level() < 1;
  }

  failed(address: string | undefined): void {
    const key = address ?? '';
    let b = this.failures.get(key);
    if (!b) {
      if (this.failures.size >= AuthThrottle.MAX_ADDRESSES) {
        for (const [k, v] of this.failures) if (v.idle) this.failures.delete(k);
        if (this.failures.size >= AuthThrottle.MAX_ADDRESSES) this.failures.delete(this.failures.keys().next().value!);
      }
      b = new TokenBucket(this.limits.authFailures, 1000 / this.limits.authRetryMs);
      this.failures.set(key, b);
    }
    b.take();
  }
}

const SECRET_PARAM = /token|key|secret|auth|pass|sig|session|code/i;

/** A request target with the value of every token-like query parameter replaced by `…`. */
export function redactUrl(target: string | undefined): string {
  if (!target) return '';
  const q = target.indexOf('?');
  if (q < 0) return target;
  const query = target
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = eq < 0 ? pair : pair.slice(0, eq);
      let decoded = name;
      try {
        decoded = decodeURIComponent(name);
      } catch {
        /* keep it raw */
      }
      return eq >= 0 && SECRET_PARAM.test(decoded) ? `${name}=…` : pair;
    })
    .join('&');
  return `${target.slice(0, q)}?${query}`;
}
