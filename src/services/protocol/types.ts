/**
 * omni-notify wire protocol, version 1 (see PROTOCOL.md).
 * Times are epoch milliseconds of the server's clock.
 */
export const PROTOCOL_VERSION = 1;
/** Largest accepted frame, in UTF-16 code units of JSON text (and its UTF-8 byte length). */
export const MAX_FRAME_BYTES = 64 * 1024;

export const PRESENCES = ['available', 'busy', 'dnd', 'away', 'offline', 'inactive'] as const;
export type Presence = (typeof PRESENCES)[number];

export const SCENARIOS = [
  'chat',
  'sms',
  'social',
  'voice',
  'assignment',
  'transfer',
  'escalation',
  'bot-escalation',
] as const;
export type Scenario = (typeof SCENARIOS)[number];

export interface Customer {
  name?: string;
  phone?: string;
  email?: string;
  contactId?: string;
}

export interface Contact {
  id: string;
  name: string;
  mobilePhone?: string;
  email?: string;
  account?: string;
}

export interface Offer {
  offerId: string;
  conversationId: string;
  scenario: Scenario;
  channel: string;
  customer: Customer;
  contact?: Contact;
  comment?: string;
  queue?: string;
  fields?: Record<string, string>;
  queuedAt: number;
  offeredAt: number;
  expiresAt: number;
  templateId: string;
  autoAssign?: boolean;
}

export interface Notice {
  noticeId: string;
  conversationId: string;
  scenario: Scenario;
  customer: Customer;
  contact?: Contact;
  comment?: string;
  from?: string;
  fields?: Record<string, string>;
  createdAt: number;
  /** When the customer joined the queue, if known ({waitTime}); absent when the work was assigned without queueing. */
  queuedAt?: number;
  templateId: string;
}

export interface Session {
  sessionId: string;
  conversationId: string;
  channel: string;
  customer: Customer;
  contact?: Contact;
  comment?: string;
  queuedAt: number;
  startedAt: number;
}

export type DesktopMode = 'never' | 'background' | 'always';

export interface Sound {
  tone: string;
  repeat: boolean;
  volume: number;
}

export interface Template {
  id: string;
  kind: 'alert' | 'toast';
  title: string;
  fields: string[];
  showTimeout: boolean;
  timeoutSec: number;
  allowReject: boolean;
  autoAssign: boolean;
  toastDurationSec: number;
  desktop: DesktopMode;
  sound: Sound | null;
  /** Alerts: the engine starts the conversation by itself this many seconds after the offer; null/absent = off. */
  autoAcceptSec?: number | null;
}

export type Theme = 'light' | 'dark' | 'system';

export interface Settings {
  theme: Theme;
  missedNotifications: boolean;
  displayWindowMs: number;
  /** When not empty, Reject asks for one of these and the engine refuses any other. */
  rejectReasons?: string[];
  /**
   * A reject that carries no reason while `rejectReasons` is not empty (a
   * desktop notification that cannot offer one button per reason, an old
   * client): `'first'` records the first reason, `'none'` (the default)
   * records "no reason".
   */
  rejectReasonDefault?: 'first' | 'none';
  templates: Record<string, Template>;
}

/** One missed request, for the banner's details. */
export interface MissedItem {
  conversationId: string;
  scenario: Scenario;
  channel: string;
  customer: Customer;
  at: number;
}

export interface Missed {
  count: number;
  offerIds: string[];
  since: number;
  /** The last 10 missed, newest first. */
  recent?: MissedItem[];
}

export const REVOKE_REASONS = [
  'timeout',
  'rejected',
  'rerouted',
  'accepted-elsewhere',
  'customer-left',
  'not-displayed',
  'cancelled',
] as const;
export type RevokeReason = (typeof REVOKE_REASONS)[number];

export const PRESENCE_REASONS = ['agent', 'missed', 'supervisor', 'system', 'other-tab'] as const;
export type PresenceReason = (typeof PRESENCE_REASONS)[number];

export const ERROR_CODES = [
  'bad-json',
  'bad-message',
  'unsupported-version',
  'too-large',
  'unknown-offer',
  'expired',
  'not-allowed',
  'unauthorized',
  'transport-closed',
  'origin-refused',
  'rate-limited',
  'unavailable',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ProtocolError {
  code: ErrorCode | (string & {});
  message: string;
}

interface Envelope<T extends string> {
  v: 1;
  type: T;
  id: string;
  ts: number;
}

export interface HelloMessage extends Envelope<'hello'> {
  serverTime: number;
  agent: { id: string; name: string };
  presence: Presence;
  lastSystemPresence: Presence;
  settings: Settings;
  offers: Offer[];
  notices: Notice[];
  sessions: Session[];
  missed: Missed | null;
}
export interface OfferMessage extends Envelope<'offer'> {
  offer: Offer;
}
export interface OfferRevokedMessage extends Envelope<'offer.revoked'> {
  offerId: string;
  reason: RevokeReason;
}
export interface NoticeMessage extends Envelope<'notice'> {
  notice: Notice;
}
export interface SessionStartedMessage extends Envelope<'session.started'> {
  session: Session;
}
export interface PresenceMessage extends Envelope<'presence'> {
  presence: Presence;
  reason: PresenceReason;
  lastSystemPresence: Presence;
}
export interface MissedMessage extends Envelope<'missed'> {
  missed: Missed | null;
}
export interface SettingsMessage extends Envelope<'settings'> {
  settings: Settings;
}
export interface PongMessage extends Envelope<'pong'> {
  clientTime: number;
  serverTime: number;
}
export interface AckMessage extends Envelope<'ack'> {
  commandId: string;
  ok: boolean;
  error?: ProtocolError;
}
export interface ErrorMessage extends Envelope<'error'> {
  code: string;
  message: string;
}

export type ServerMessage =
  | HelloMessage
  | OfferMessage
  | OfferRevokedMessage
  | NoticeMessage
  | SessionStartedMessage
  | PresenceMessage
  | MissedMessage
  | SettingsMessage
  | PongMessage
  | AckMessage
  | ErrorMessage;

export type ServerMessageType = ServerMessage['type'];

interface CommandEnvelope<T extends string> {
  v: 1;
  type: T;
  commandId: string;
}
export interface AcceptCommand extends CommandEnvelope<'accept'> {
  offerId: string;
}
export interface RejectCommand extends CommandEnvelope<'reject'> {
  offerId: string;
  reason?: string;
}
export interface DisplayedCommand extends CommandEnvelope<'displayed'> {
  offerId: string;
  surface: 'page' | 'desktop';
}
export interface PresenceSetCommand extends CommandEnvelope<'presence.set'> {
  presence: Presence;
}
export type MissedAckCommand = CommandEnvelope<'missed.ack'>;
export interface NoticeOpenCommand extends CommandEnvelope<'notice.open'> {
  noticeId: string;
}
export interface PingCommand extends CommandEnvelope<'ping'> {
  clientTime: number;
}

export type ClientCommand =
  | AcceptCommand
  | RejectCommand
  | DisplayedCommand
  | PresenceSetCommand
  | MissedAckCommand
  | NoticeOpenCommand
  | PingCommand;

export type ClientCommandType = ClientCommand['type'];

/** Distributes Omit over a union. */
export type DistributiveOmit<T, K extends keyof any> = T extends unknown ? Omit<T, K> : never;
/** A command before the envelope (v, commandId) is added. */
export type CommandBody = DistributiveOmit<ClientCommand, 'v' | 'commandId'>;
/** A server message before the envelope (v, id, ts) is added. */
export type ServerBody = DistributiveOmit<ServerMessage, 'v' | 'id' | 'ts'>;

/** The transport interface every transport implements (DESIGN.md). */
export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'closed';
export interface TransportSink {
  message(data: string | object): void;
  state(s: ConnectionState, error?: string): void;
  /**
   * Optional: a problem the transport itself noticed that changes no state
   * (e.g. `origin-refused`: a postMessage from a window or origin not allowed).
   * The center reports it as an `omni-error`. Older sinks may lack it: call `sink.error?.(e)`.
   */
  error?(error: ProtocolError): void;
}
export interface OmniTransport {
  connect(sink: TransportSink): void;
  send(command: object): Promise<void>;
  disconnect(): void;
}
