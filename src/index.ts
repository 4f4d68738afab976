/**
 * omni-notify: registers <omni-notification-host>, <omni-alert>, <omni-toast>
 * and <omni-missed-banner>, and exports the center, the transports and types.
 */
export { OmniNotificationHost } from './components/notification-host/omni-notification-host.js';
export { OmniAlert } from './components/alert/omni-alert.js';
export { OmniToast } from './components/toast/omni-toast.js';
export { OmniMissedBanner } from './components/missed-banner/omni-missed-banner.js';
export { NotificationCenter, OmniError, DEFAULT_SETTINGS } from './services/center.js';
export type { CenterState, CenterEvents, CenterOptions, RemovalReason } from './services/center.js';
export { ServerClock } from './services/server-clock.js';
export { DEFAULT_TEMPLATES, resolveTemplate, renderSlugs } from './services/templates.js';
export type { TemplateOverrides } from './services/templates.js';
export { DesktopNotifier, desktopStatusText } from './services/desktop-notifier.js';
export type { DesktopPermission, DesktopAction, DesktopContent, DesktopNotifierOptions } from './services/desktop-notifier.js';
export { Ringer, TONES, toneFor } from './services/ringer.js';
export type { RingerState, RingerOptions } from './services/ringer.js';
export { TabCoordinator, parseTabMessage } from './services/tab-coordinator.js';
export type { TabRoles, TabMessage } from './services/tab-coordinator.js';
export { MemoryTransport } from './services/transports/memory.js';
export { WebSocketTransport, CLOSE_UNAUTHORIZED } from './services/transports/websocket.js';
export type { WebSocketTransportOptions, WebSocketLike, WebSocketConstructor } from './services/transports/websocket.js';
export { SseTransport } from './services/transports/sse.js';
export type { SseTransportOptions, EventSourceConstructor } from './services/transports/sse.js';
export { PostMessageTransport, createPostMessageBridge } from './services/transports/postmessage.js';
export type { PostMessageTransportOptions, PostMessageBridgeOptions, PostMessageBridge } from './services/transports/postmessage.js';
export type { ReconnectOptions } from './services/transports/reconnecting.js';
export { validateServerMessage, validateCommand, PROTOCOL_VERSION } from './services/protocol/index.js';
export type * from './services/protocol/types.js';
export type * from './events/index.js';
