/**
 * The reference server's configuration, from the environment (all optional):
 *
 *   PORT (8787; 0 = any free port), HOST (127.0.0.1)
 *   OMNI_API_TOKEN                 Bearer token of the HTTP API (random when unset, printed)
 *   OMNI_AGENTS                    id:name:token,... (three demo agents with random tokens when unset)
 *   OMNI_CAPACITY                  conversations per agent (engine default 2)
 *   OMNI_HEARTBEAT_INTERVAL_MS     server pings / SSE keep-alives (5000)
 *   OMNI_HEARTBEAT_TIMEOUT_MS      a connection silent this long is closed (15000)
 *   OMNI_RECONNECT_GRACE_MS        an agent without connections stays assignable this long (5000)
 *   OMNI_SSE_RESUME_MS             a dropped SSE stream can be resumed this long (5000)
 *   OMNI_DISPLAY_WINDOW_MS         override of settings.displayWindowMs (15000)
 *   OMNI_COMPAT=1                  Dynamics 365's 480 s display window
 *   OMNI_CORS_ORIGINS              origins allowed to call /api, /events, /commands from a browser (comma list or *)
 *   OMNI_STATIC_DIR                the built demo (demo-dist); OMNI_STATIC_DIR= serves nothing
 *   OMNI_MAX_QUEUE_BYTES           per-connection send queue bound (1 MiB); beyond it the connection is dropped
 *   OMNI_DEMO_CONTACTS=0           start with an empty contact directory
 *   OMNI_TEST_HOOKS=1              enable POST /api/test/frames (raw frames to an agent; tests only)
 *   Limits against abuse (OMNI_REQUEST_TIMEOUT_MS, OMNI_MAX_AGENT_CONNECTIONS, OMNI_COMMAND_*, …): server/limits.ts, docs/limits.md
 *   OMNI_REDIS_URL                 redis://host:port[/db]: state in Redis, any number of nodes (docs/scaling.md);
 *                                  unset: state in this process's memory, lost at restart
 *   OMNI_REDIS_PREFIX              prefix of every Redis key and channel (omni:), one service per prefix
 *   OMNI_NODE_ID                   this node's name (random when unset)
 *   OMNI_LEASE_MS                  routing lease: another node takes over this long after the owner dies (1500)
 *   OMNI_REQUEST_TIMEOUT_MS        a request the owner has not answered by then is refused with 503 / unavailable (8000)
 */
import { randomBytes } from 'node:crypto';
import { limitsFromEnv, type Limits } from './limits.js';

export interface AgentConfig {
  id: string;
  name: string;
  token: string;
}

export interface ServerConfig {
  host: string;
  port: number;
  apiToken: string;
  agents: AgentConfig[];
  /** Which tokens were made up at start (to print them). */
  generated: { apiToken: boolean; agents: boolean };
  capacity?: number;
  heartbeatIntervalMs: number;
  heartbeatTimeoutMs: number;
  reconnectGraceMs: number;
  sseResumeMs: number;
  displayWindowMs?: number;
  compat: boolean;
  corsOrigins: string[] | '*';
  staticDir: string | null;
  maxQueueBytes: number;
  demoContacts: boolean;
  testHooks: boolean;
  /** Limits against abuse (server/limits.ts, docs/limits.md); defaults when absent. */
  limits?: Partial<Limits>;
  redisUrl: string | null;
  redisPrefix: string;
  nodeId?: string;
  leaseMs: number;
  requestTimeoutMs: number;
}

export const DEFAULT_AGENTS: ReadonlyArray<Omit<AgentConfig, 'token'>> = [
  { id: 'me', name: 'Alex Agent' },
  { id: 'priya', name: 'Priya Patel' },
  { id: 'marcus', name: 'Marcus Chen' },
];

export function randomToken(): string {
  return randomBytes(18).toString('base64url');
}

function int(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value.trim() === '') return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a number ≥ 0, not ${JSON.stringify(value)}`);
  return n;
}

/** Parses `id:name:token,...`; a name may contain colons (the token is the last part). */
export function parseAgents(spec: string): AgentConfig[] {
  const agents = spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((entry) => {
      const parts = entry.split(':');
      if (parts.length < 3) throw new Error(`OMNI_AGENTS: "${entry}" is not id:name:token`);
      const id = parts[0].trim();
      const token = parts[parts.length - 1].trim();
      const name = parts.slice(1, -1).join(':').trim();
      if (!id || !token) throw new Error(`OMNI_AGENTS: "${entry}" needs an id and a token`);
      return { id, name: name || id, token };
    });
  const ids = new Set(agents.map((a) => a.id));
  if (ids.size !== agents.length) throw new Error('OMNI_AGENTS: agent ids must be unique');
  if (new Set(agents.map((a) => a.token)).size !== agents.length) throw new Error('OMNI_AGENTS: tokens must be unique');
  return agents;
}

export function configFromEnv(env: NodeJS.ProcessEnv, defaults: { staticDir: string }): ServerConfig {
  const agentsSpec = env.OMNI_AGENTS?.trim();
  const apiToken = env.OMNI_API_TOKEN?.trim();
  const cors = (env.OMNI_CORS_ORIGINS ?? '').trim();
  const capacity = env.OMNI_CAPACITY ? int(env.OMNI_CAPACITY, 2, 'OMNI_CAPACITY') : undefined;
  const display = env.OMNI_DISPLAY_WINDOW_MS ? int(env.OMNI_DISPLAY_WINDOW_MS, 15_000, 'OMNI_DISPLAY_WINDOW_MS') : undefined;
  return {
    host: env.HOST?.trim() || '127.0.0.1',
    port: int(env.PORT, 8787, 'PORT'),
    apiToken: apiToken || randomToken(),
    agents: agentsSpec ? parseAgents(agentsSpec) : DEFAULT_AGENTS.map((a) => ({ ...a, token: randomToken() })),
    generated: { apiToken: !apiToken, agents: !agentsSpec },
    capacity,
    heartbeatIntervalMs: Math.max(10, int(env.OMNI_HEARTBEAT_INTERVAL_MS, 5_000, 'OMNI_HEARTBEAT_INTERVAL_MS')),
    heartbeatTimeoutMs: Math.max(20, int(env.OMNI_HEARTBEAT_TIMEOUT_MS, 15_000, 'OMNI_HEARTBEAT_TIMEOUT_MS')),
    reconnectGraceMs: int(env.OMNI_RECONNECT_GRACE_MS, 5_000, 'OMNI_RECONNECT_GRACE_MS'),
    sseResumeMs: int(env.OMNI_SSE_RESUME_MS, 5_000, 'OMNI_SSE_RESUME_MS'),
    displayWindowMs: display,
    compat: env.OMNI_COMPAT === '1' || env.OMNI_COMPAT === 'true',
    corsOrigins: cors === '*' ? '*' : cors.split(',').map((s) => s.trim()).filter(Boolean),
    staticDir: env.OMNI_STATIC_DIR === undefined ? defaults.staticDir : env.OMNI_STATIC_DIR.trim() || null,
    maxQueueBytes: Math.max(1024, int(env.OMNI_MAX_QUEUE_BYTES, 1024 * 1024, 'OMNI_MAX_QUEUE_BYTES')),
    demoContacts: env.OMNI_DEMO_CONTACTS !== '0' && env.OMNI_DEMO_CONTACTS !== 'false',
    testHooks: env.OMNI_TEST_HOOKS === '1',
    limits: limitsFromEnv(env),
    redisUrl: env.OMNI_REDIS_URL?.trim() || null,
    redisPrefix: env.OMNI_REDIS_PREFIX?.trim() || 'omni:',
    nodeId: env.OMNI_NODE_ID?.trim() || undefined,
    leaseMs: Math.max(300, int(env.OMNI_LEASE_MS, 1_500, 'OMNI_LEASE_MS')),
    requestTimeoutMs: Math.max(500, int(env.OMNI_REQUEST_TIMEOUT_MS, 8_000, 'OMNI_REQUEST_TIMEOUT_MS')),
  };
}
