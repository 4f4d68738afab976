/**
 * Page of scripts/bench-hidden.mjs: one agent tab. A scripted transport plays
 * the server; `window.omniHidden` mounts the host, feeds it, and reports what
 * the tab shows, when each offer's alert went (omni-timeout), and, for
 * comparison, how late plain page timers aimed at the same deadlines fire.
 */
import '../../src/components/notification-host/omni-notification-host.js';
import type { OmniNotificationHost } from '../../src/components/notification-host/omni-notification-host.component.js';
import { DEFAULT_SETTINGS } from '../../src/services/center.js';
import type { TransportSink } from '../../src/services/protocol/types.js';

let seq = 0;
class ScriptedTransport {
  sink: TransportSink | null = null;
  sent: Array<Record<string, unknown>> = [];
  connect(sink: TransportSink): void {
    this.sink = sink;
    sink.state('open');
  }
  send(command: object): Promise<void> {
    const c = command as Record<string, unknown>;
    this.sent.push(c);
    queueMicrotask(() => this.push({ type: 'ack', commandId: c.commandId, ok: true }));
    return Promise.resolve();
  }
  disconnect(): void {
    this.sink = null;
  }
  push(body: Record<string, unknown>): void {
    this.sink?.message({ v: 1, id: `m-${++seq}-${Math.random()}`, ts: Date.now(), ...body });
  }
}

let host: OmniNotificationHost | null = null;
let transport: ScriptedTransport | null = null;
const timeouts: Array<{ offerId: string; late: number }> = [];
const timers: Array<{ kind: string; late: number }> = [];
const expiries = new Map<string, number>();

const api = {
  async mount(agent: string, attrs: Record<string, string>) {
    host = document.createElement('omni-notification-host');
    host.setAttribute('worker', '/omni-notify-sw.js');
    for (const [k, v] of Object.entries(attrs)) host.setAttribute(k, v);
    host.addEventListener('omni-timeout', (e) => {
      const at = Date.now();
      timeouts.push({ offerId: e.detail.offerId, late: at - (expiries.get(e.detail.offerId) ?? at) });
    });
    host.addEventListener('omni-error', (e) => console.warn(`omni-error ${e.detail.code}: ${e.detail.message}`));
    document.body.append(host);
    transport = new ScriptedTransport();
    host.transport = transport;
    await host.updateComplete; // the host connects the transport as it updates
    transport.push({
      type: 'hello',
      serverTime: Date.now(),
      agent: { id: agent, name: 'Bench' },
      presence: 'available',
      lastSystemPresence: 'available',
      settings: DEFAULT_SETTINGS,
      offers: [],
      notices: [],
      sessions: [],
      missed: null,
    });
    return true;
  },
  offer(offerId: string, expiresAt: number) {
    expiries.set(offerId, expiresAt);
    const now = Date.now();
    transport!.push({
      type: 'offer',
      offer: {
        offerId,
        conversationId: `c-${offerId}`,
        scenario: 'chat',
        channel: 'chat',
        customer: { name: 'Dana Whitfield' },
        comment: 'My order has not arrived',
        queuedAt: now - 5000,
        offeredAt: now,
        expiresAt,
        templateId: 'chat',
      },
    });
    return true;
  },
  revoke(offerId: string) {
    transport!.push({ type: 'offer.revoked', offerId, reason: 'rerouted' });
    return true;
  },
  /**
   * For comparison, what a page gets without worker timers: one timer set
   * for the deadline from this task, and a 250 ms ticker (setInterval, as a
   * countdown would tick) that notices the deadline.
   */
  compare(deadline: number) {
    setTimeout(() => timers.push({ kind: 'timer', late: Date.now() - deadline }), deadline - Date.now());
    const tick = setInterval(() => {
      if (Date.now() < deadline) return;
      clearInterval(tick);
      timers.push({ kind: 'ticker', late: Date.now() - deadline });
    }, 250);
    return true;
  },
  /**
   * 1,000 notices one per task in this (hidden) tab: no animation frames come
   * here, so the host must render them without one. Resolves when the host
   * shows the newest notice, or says it did not within 10 s.
   */
  async burst(count: number) {
    const h = host!;
    const t0 = performance.now();
    await new Promise<void>((resolve) => {
      const ch = new MessageChannel();
      let i = 0;
      ch.port1.onmessage = () => {
        const now = Date.now();
        transport!.push({
          type: 'notice',
          notice: { noticeId: `hn-${i}`, conversationId: `c-hn-${i}`, scenario: 'transfer', customer: { name: `Customer ${i}` }, from: 'Priya Patel', createdAt: now, templateId: 'transfer' },
        });
        if (++i < count) ch.port2.postMessage(null);
        else resolve();
      };
      ch.port2.postMessage(null);
    });
    const delivered = performance.now() - t0;
    const last = `hn-${count - 1}`;
    const shows = () => (h.shadowRoot?.querySelector('omni-toast') as (HTMLElement & { notice?: { noticeId: string } }) | null)?.notice?.noticeId === last;
    const rendered = await Promise.race([h.updateComplete.then(shows), new Promise<boolean>((r) => setTimeout(() => r(shows()), 10_000))]);
    return { hidden: document.visibilityState === 'hidden', delivered, rendered, ms: performance.now() - t0, toasts: h.shadowRoot?.querySelectorAll('omni-toast').length ?? 0, kept: h.center.state.notices.length };
  },
  state() {
    const h = host;
    if (!h) return { hidden: document.visibilityState === 'hidden', timers };
    return {
      hidden: document.visibilityState === 'hidden',
      // Undefined until the attention part has loaded (it loads at idle after connect): no role yet.
      leader: h.tabs?.roles.leader ?? false,
      ringer: h.tabs?.roles.ringer ?? false,
      ringing: h.ringer?.state.ringing ?? false,
      alerts: h.center.state.offers.map((o) => o.offerId),
      desktop: transport!.sent.filter((c) => c.type === 'displayed' && c.surface === 'desktop').map((c) => c.offerId),
      timeouts,
      timers,
    };
  },
};

(window as unknown as { omniHidden: typeof api }).omniHidden = api;
