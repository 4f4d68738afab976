/**
 * omni-notify, the npm entry: the core (see core.ts), plus every part as a
 * named export for bundler users (their bundler keeps what they import). The
 * parts are also subpath exports: `omni-notify/attention`, `omni-notify/sse`,
 * `omni-notify/postmessage`.
 */
export * from './core.js';
export { Attention } from './services/attention/attention.js';
export { DesktopNotifier, desktopStatusText } from './services/desktop-notifier.js';
export type { DesktopPermission, DesktopAction, DesktopContent, DesktopNotifierOptions } from './services/desktop-notifier.js';
export { Ringer, TONES, toneFor } from './services/ringer.js';
export type { RingerState, RingerOptions } from './services/ringer.js';
export { TabCoordinator, parseTabMessage } from './services/tab-coordinator.js';
export type { TabRoles, TabMessage } from './services/tab-coordinator.js';
export { SseTransport } from './services/transports/sse.js';
export type { SseTransportOptions, EventSourceConstructor } from './services/transports/sse.js';
export { PostMessageTransport, createPostMessageBridge } from './services/transports/postmessage.js';
export type { PostMessageTransportOptions, PostMessageBridgeOptions, PostMessageBridge } from './services/transports/postmessage.js';
