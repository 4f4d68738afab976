/** The dashboard's own view state (the center and the engine hold the rest). */
import type { SettingsPatch } from '../engine/index.js';
import type { Contact, Customer, DesktopMode, Presence, Scenario, Settings, Template } from '../src/services/protocol/types.js';
import type { DemoLang } from './i18n.js';
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

/** This workspace's own choices: the host element's attributes. */
export interface UiSettings {
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
  /** What a supervisor's reset goes back to. */
  lastSystemPresence: Presence;
  connected: boolean;
  capacity: number;
  sessions: number;
  offers: number;
  simulated: boolean;
  /** Requests missed since the agent last became assignable. */
  missed: number;
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
  /** The administrator's settings as this agent's center knows them (the engine's, in memory mode). */
  settings: Settings;
  /** The template the administrator's page is editing. */
  templateId: string;
  /** The work area, or the administrator's page. */
  page: 'work' | 'admin';
  lang: DemoLang;
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
  /** The administrator's change, pushed as `settings` (engine, or the server's API). */
  updateSettings(patch: SettingsPatch): void;
  updateTemplate(id: string, patch: Partial<Template>): void;
  pickTemplate(id: string): void;
  /** Plays a template's sound with the widget's ringer. */
  playTone(templateId: string): void;
  openPage(page: DemoState['page']): void;
  setLang(lang: DemoLang): void;
  /** A line in the event log from the demo itself. */
  note(text: string): void;
  /** Repaints (puts back what a refused edit changed in a field). */
  refresh(): void;
  /** A supervisor's reset: back to the presence the system last set. */
  resetPresence(agentId: string): void;
  clearLog(): void;
}

export const LOG_LIMIT = 50;

/**
 * Finished conversations the in-page engine keeps (EngineOptions.keepFinished; the server keeps 500 for
 * `GET /api/state`). The page shows the last six ("Recent routing") and copies the engine's whole list into
 * its state on every engine change; 500 of them with their histories were most of the soak bench's heap
 * growth over a working day (npm run bench:soak; docs/limits.md, "Engine memory").
 */
export const KEEP_FINISHED = 50;
