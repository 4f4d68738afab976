/** The center's public types, its default settings and its error class. */
import type {
  ConnectionState,
  Missed,
  Notice,
  Offer,
  Presence,
  PresenceReason,
  ProtocolError,
  RevokeReason,
  Session,
  Settings,
} from './protocol/types.js';
import type { Now } from './server-clock.js';
import { DEFAULT_TEMPLATES, type TemplateOverrides } from './templates.js';

export type RemovalReason = RevokeReason | 'accepted' | 'snapshot';

export interface CenterState {
  connection: ConnectionState;
  agent: { id: string; name: string } | null;
  presence: Presence;
  lastSystemPresence: Presence;
  settings: Settings;
  /** Offers sorted by deadline, nearest first. */
  offers: readonly Offer[];
  /** Offers with a command in flight. */
  pending: ReadonlySet<string>;
  /** Toasts, newest first. */
  notices: readonly Notice[];
  sessions: readonly Session[];
  missed: Missed | null;
}

export type CenterEvents = {
  state: CenterState;
  offer: Offer;
  'offer-removed': { offer: Offer; reason: RemovalReason };
  timeout: Offer;
  /** An answer (Accept/Open or Reject) is on its way, from any surface; once per answer. */
  answer: { offer: Offer; kind: 'accept' | 'reject'; reason?: string };
  notice: Notice;
  'notice-removed': { notice: Notice; reason: 'opened' | 'dismissed' | 'snapshot' | 'overflow' };
  session: { session: Session; offerId?: string };
  presence: { presence: Presence; previous: Presence; reason: PresenceReason };
  missed: Missed | null;
  settings: Settings;
  connection: { state: ConnectionState; error?: string };
  error: ProtocolError;
};

export const DEFAULT_SETTINGS: Settings = {
  theme: 'system',
  missedNotifications: true,
  displayWindowMs: 15000,
  templates: { ...DEFAULT_TEMPLATES },
};

export interface CenterOptions {
  /** Local clock (injected for tests); read lazily. */
  now?: Now;
  /** How long to wait for a command's `ack` before reporting it undelivered. */
  ackTimeoutMs?: number;
  /** Host overrides merged over the server's templates. */
  templates?: TemplateOverrides;
  /** Most toasts kept; older ones are dropped (the DOM stays bounded). */
  maxNotices?: number;
}


/** An error whose shape is the protocol's `{code, message}`. */
export class OmniError extends Error {
  constructor(
    public readonly code: ProtocolError['code'],
    message: string,
  ) {
    super(message);
    this.name = 'OmniError';
  }
}
