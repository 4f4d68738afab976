/** The dashboard's own view state (the center and the engine hold the rest). */
import type { Contact, Customer, DesktopMode, Presence, Scenario, Theme } from '../src/services/protocol/types.js';
import type { CenterState } from '../src/services/center.js';
import type { SimValues, SimKey } from './data.js';

export type Placement = 'top-end' | 'top-start' | 'bottom-end' | 'bottom-start';

export interface Line {
  id: number;
  from: 'customer' | 'agent' | 'system';
  text: string;
  at: number;
}

/** One open session tab: customer summary + communication panel. */
export interface SessionView {
  conversationId: string;
  sessionId?: string;
  channel: string;
  scenario?: Scenario;
  customer: Customer;
  contact?: Contact;
  comment?: string;
  /** Colleague who transferred / escalated it (toasts). */
  from?: string;
  queue?: string;
  queuedAt?: number;
  startedAt: number;
  lines: Line[];
  draft: string;
}

export interface LogEntry {
  id: number;
  at: number;
  type: string;
  text: string;
  tone: 'info' | 'warn' | 'error';
}

export interface UiSettings {
  theme: Theme;
  timeoutSec: number;
  showTimeout: boolean;
  missed: boolean;
  allowReject: boolean;
  placement: Placement;
  shortcuts: boolean;
  /** 'template': leave the host's `desktop` attribute unset. */
  desktop: DesktopMode | 'template';
}

/** What the team panel shows of the engine's state. */
export interface TeamAgent {
  id: string;
  name: string;
  presence: Presence;
  connected: boolean;
  capacity: number;
  sessions: number;
  offers: number;
  simulated: boolean;
}

export interface TeamConversation {
  id: string;
  status: string;
  agentId?: string;
  channel: string;
  customerLabel: string;
}

export interface DemoState {
  center: CenterState;
  sessions: SessionView[];
  selected: string | null;
  log: LogEntry[];
  sim: SimValues;
  ui: UiSettings;
  team: TeamAgent[];
  conversations: TeamConversation[];
}

/** Everything the views can ask the app to do. */
export interface Actions {
  setPresence(presence: Presence): void;
  selectSession(conversationId: string): void;
  closeSession(conversationId: string): void;
  setDraft(conversationId: string, text: string): void;
  send(conversationId: string): void;
  setSim(patch: Partial<SimValues>): void;
  raise(): void;
  quickRaise(kind: SimKey): void;
  malformed(): void;
  /** Drops the in-memory network, or brings it back. */
  toggleNetwork(): void;
  applySettings(patch: Partial<UiSettings>): void;
  resetPresence(agentId: string): void;
  clearLog(): void;
}

export const LOG_LIMIT = 50;
