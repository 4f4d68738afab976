/** The reference routing engine: pure TypeScript, hosted by the in-memory transport and the Node server. */
export { RoutingEngine } from './engine.js';
export {
  OmniEngineError,
  defaultClock,
  type AgentInit,
  type AgentState,
  type CommandResult,
  type ConversationRequest,
  type ConversationState,
  type ConversationStatus,
  type EngineClock,
  type EngineConnection,
  type EngineOptions,
  type EngineState,
  type HistoryEntry,
  type SettingsPatch,
} from './model.js';
export { ContactDirectory, DEMO_CONTACTS } from './directory.js';
export { toE164, samePhone, DEFAULT_PHONE_COUNTRY } from './phone.js';
export {
  COMPAT_DISPLAY_WINDOW_MS,
  DISPLAY_WINDOW_MS,
  defaultSettings,
  mergeSettings,
} from './settings.js';
