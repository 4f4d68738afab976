/**
 * The core of omni-notify, what dist/omni-notify.js holds: the four
 * elements, the center, protocol validation, the memory and WebSocket
 * transports, English. Everything else is a part, loaded on demand
 * (`loadPart`, see services/parts.ts).
 */
export { OmniNotificationHost } from './components/notification-host/omni-notification-host.js';
export { OmniAlert } from './components/alert/omni-alert.js';
export { OmniToast } from './components/toast/omni-toast.js';
export { OmniMissedBanner } from './components/missed-banner/omni-missed-banner.js';
export { NotificationCenter, OmniError, DEFAULT_SETTINGS } from './services/center.js';
export type { CenterState, CenterEvents, CenterOptions, RemovalReason, OfferActions } from './services/center.js';
export { ServerClock } from './services/server-clock.js';
export { Scheduler, scheduler } from './services/scheduler.js';
export { loadPart } from './services/parts.js';
export type { PartName, Part } from './services/parts.js';
export { DEFAULT_TEMPLATES, resolveTemplate, renderSlugs } from './services/templates.js';
export type { TemplateOverrides } from './services/templates.js';
export { MemoryTransport } from './services/transports/memory.js';
export { WebSocketTransport, CLOSE_UNAUTHORIZED } from './services/transports/websocket.js';
export type { WebSocketTransportOptions, WebSocketLike, WebSocketConstructor } from './services/transports/websocket.js';
export type { ReconnectOptions } from './services/transports/reconnecting.js';
export { validateServerMessage, validateCommand, PROTOCOL_VERSION } from './services/protocol/index.js';
export type * from './services/protocol/types.js';
export type * from './events/index.js';
