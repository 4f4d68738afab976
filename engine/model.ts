/**
 * Types of the routing engine: its options, clock, public state snapshot and
 * the internal records it keeps. No DOM, no globals read at module load.
 */
import type {
  Contact,
  Customer,
  ErrorCode,
  Missed,
  Notice,
  Offer,
  Presence,
  ProtocolError,
  RevokeReason,
  Scenario,
  ServerMessage,
  Session,
  Settings,
  Template,
} from '../src/services/protocol/types.js';

/** An error with the protocol's `{code, message}` shape, thrown by the engine's API (never into a connection). */
export class OmniEngineError extends Error {
  constructor(
    public readonly code: ErrorCode | (string & {}),
    message: string,
  ) {
    super(message);
    this.name = 'OmniEngineError';
  }

  toJSON(): ProtocolError {
    return { code: this.code, message: this.message };
  }
}

/** The engine's only notion of time. */
export interface EngineClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Reads `globalThis` at call time, so fake timers installed after the engine was made still apply. */
export const defaultClock: EngineClock = {
  now: () => globalThis.Date.now(),
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** Settings as a partial update gives them: each template partial too, merged field by field. */
export type SettingsPatch = Partial<Omit<Settings, 'templates'>> & {
  templates?: Record<string, Partial<Template>>;
};

export interface EngineOptions {
  clock?: EngineClock;
  /** Merged over the defaults like updateSettings(). */
  settings?: SettingsPatch;
  contacts?: readonly (Contact | Omit<Contact, 'id'>)[];
  /** Dynamics 365's display window: 480 s instead of 15 s. */
  compat?: boolean;
  /** How long a rejecting agent is not offered the same conversation again (default 5 min). */
  rejectCooldownMs?: number;
  /** How long an agent without any connection stays assignable (default 10 s; not for simulated agents). */
  heartbeatTimeoutMs?: number;
  /** Presences that can receive work (default available and busy). */
  workStreamPresences?: Presence[];
  /**
   * Command results remembered for repeated commandIds, per agent (so one agent cannot evict another's):
   * at most `perAgent` (default 1000), each for `maxAgeMs` (default 10 min).
   */
  commandMemory?: { perAgent?: number; maxAgeMs?: number };
  /**
   * Offers no longer live (answered, timed out, withdrawn), remembered so that a late answer is told what
   * became of its offer (`expired`, withdrawn) rather than `unknown-offer`: at most `max` (default 5000), each
   * for `maxAgeMs` after it ended (default 10 min, the idempotency window). docs/limits.md, "Engine memory".
   */
  offerMemory?: { max?: number; maxAgeMs?: number };
  /**
   * Finished (closed or abandoned) conversations kept for getState() and `GET /api/state`, the oldest
   * forgotten first (default 500). The in-page demo keeps 50 (it shows the last six). docs/limits.md.
   */
  keepFinished?: number;
  /** Prefix of every id the engine makes (default: random per engine, so ids stay unique across restarts). */
  idPrefix?: string;
}

export interface AgentInit {
  id: string;
  name: string;
  presence?: Presence;
  /** Concurrent conversations (sessions + outstanding offers); default 2. */
  capacity?: number;
  /** A demo colleague: counts as connected and as having displayed every offer. */
  simulated?: boolean;
}

export interface EngineConnection {
  readonly agentId: string;
  /** Feeds one command (JSON text or object); answers through `deliver`. Never throws. */
  receive(command: unknown): void;
  /** Ends this connection; later `receive` calls are ignored. */
  close(): void;
  readonly closed: boolean;
}

export type ConversationStatus = 'queued' | 'offered' | 'active' | 'abandoned' | 'closed';

export interface HistoryEntry {
  at: number;
  event: string;
  agentId?: string;
  /** A reject's decline reason (settings.rejectReasons), when one was given or defaulted. */
  reason?: string;
}

export interface AgentState {
  id: string;
  name: string;
  presence: Presence;
  lastSystemPresence: Presence;
  connected: boolean;
  capacity: number;
  sessions: number;
  offers: number;
  simulated: boolean;
  /** Missed offers while in missed state (0 when none). */
  missed: number;
}

export interface ConversationState {
  id: string;
  status: ConversationStatus;
  agentId?: string;
  scenario: Scenario;
  channel: string;
  customer: Customer;
  contact?: Contact;
  queuedAt: number;
  offers: number;
  history: HistoryEntry[];
}

export interface EngineState {
  agents: AgentState[];
  conversations: ConversationState[];
}

export interface ConversationRequest {
  scenario?: Scenario;
  channel: string;
  customer: { name?: string; phone?: string; email?: string };
  comment?: string;
  queue?: string;
  /** Toasts: the agent it is assigned to. Alerts: offered to this agent first when assignable. */
  agentId?: string;
  from?: string;
  fields?: Record<string, string>;
}

export interface CommandResult {
  ok: boolean;
  error?: ProtocolError;
}

// ---- internal records ------------------------------------------------------

export interface ConnectionRecord {
  id: number;
  agentId: string;
  deliver: (msg: ServerMessage) => void;
  open: boolean;
}

export interface AgentRecord {
  id: string;
  name: string;
  presence: Presence;
  lastSystemPresence: Presence;
  capacity: number;
  simulated: boolean;
  connections: Set<ConnectionRecord>;
  /** Has a connection, or lost its last one less than heartbeatTimeoutMs ago. */
  online: boolean;
  /** Last offer made to, or session ended by, this agent: longest idle goes first. */
  idleSince: number;
  /** Order of addAgent, the tie-break. */
  order: number;
  missed: Missed | null;
  /** Active sessions by conversation id. */
  sessions: Map<string, SessionRecord>;
  /** Live offers by id. */
  offers: Set<string>;
  /**
   * Set while the system holds the agent Offline because no connection came
   * back within the grace period: the presence to restore on return. Any
   * other presence change (a supervisor's) clears it.
   */
  beforeOffline?: Presence;
}

export interface SessionRecord {
  session: Session;
  /** false while it waits for its notice to be opened. */
  started: boolean;
  notice?: Notice;
}

export interface OfferRecord {
  offer: Offer;
  agentId: string;
  displayed: boolean;
  /** When an undisplayed offer is rerouted `not-displayed` (offeredAt + display window; absent once displayed). */
  displayBy?: number;
  /** When the engine accepts it by itself (template autoAcceptSec); absent when off. */
  autoAcceptAt?: number;
}

export interface ConversationRecord {
  id: string;
  seq: number;
  scenario: Scenario;
  kind: 'alert' | 'toast';
  channel: string;
  customer: Customer;
  contact?: Contact;
  comment?: string;
  queue?: string;
  from?: string;
  fields?: Record<string, string>;
  queuedAt: number;
  status: ConversationStatus;
  agentId?: string;
  preferredAgentId?: string;
  offerId?: string;
  offers: number;
  history: HistoryEntry[];
  /** agentId → time until which that agent is not offered this conversation. */
  cooldown: Map<string, number>;
}

/** What became of an offer that is no longer live, for late answers. */
export interface PastOffer {
  agentId: string;
  outcome: RevokeReason | 'accepted';
  /** When it stopped being live (engine time): it is forgotten offerMemory.maxAgeMs later. */
  at: number;
}
