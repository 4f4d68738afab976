// Type-checks a consumer against the package's .d.ts (tsc --noEmit, moduleResolution bundler).
import { DEFAULT_SETTINGS, NotificationCenter, type OmniTransport, type OmniAcceptEvent } from 'omni-notify';

const transport: OmniTransport = {
  connect(sink) {
    sink.state('open');
  },
  send: async () => {},
  disconnect() {},
};
const host = document.createElement('omni-notification-host');
host.transport = transport;
host.locale = 'de';
host.addEventListener('omni-accept', (e: OmniAcceptEvent) => e.detail.offerId.toUpperCase());
const center: NotificationCenter = host.center;
export const theme: string = DEFAULT_SETTINGS.theme + String(center.state.connection);
