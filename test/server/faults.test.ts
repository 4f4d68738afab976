/**
 * Fault tests with real processes on 127.0.0.1: the reference server (started
 * by the test runner, short timeouts by configuration), a TCP proxy the test
 * cuts, and <omni-notification-host> on the WebSocket transport. What the
 * agent sees is checked through the element; what happened through the
 * server's HTTP API. No fixed sleeps: every wait polls for a condition.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import '../../src/components/notification-host/omni-notification-host.js';
import type { OmniNotificationHost } from '../../src/components/notification-host/omni-notification-host.js';
import type { EngineState } from '../../engine/index.js';
import type { OmniTransport, TransportSink } from '../../src/services/protocol/index.js';
import { WebSocketTransport } from '../../src/services/transports/websocket.js';
import { button, deepQuery, deepQueryAll } from '../helpers.js';
import { until } from '../transports/client.js';
import { FAST, api, proxyTo, startServer } from '../transports/harnesses.js';

/** Records what crosses the transport: frames in, commands out. */
function tap(inner: OmniTransport) {
  const frames: { type?: string; commandId?: string }[] = [];
  const sent: { type?: string; commandId?: string }[] = [];
  const t: OmniTransport = {
    connect: (sink: TransportSink) =>
      inner.connect({
        message: (d) => {
          try {
            frames.push(typeof d === 'string' ? JSON.parse(d) : d);
          } catch {
            frames.push({});
          }
          sink.message(d);
        },
        state: (s, e) => (e ? sink.state(s, e) : sink.state(s)),
        error: (e) => sink.error?.(e),
      }),
    send: (c) => {
      sent.push(c as { type?: string });
      return inner.send(c);
    },
    disconnect: () => inner.disconnect(),
  };
  /** The server acknowledged a command of this type. */
  const acked = (type: string) => sent.some((c) => c.type === type && frames.some((f) => f.type === 'ack' && f.commandId === c.commandId));
  return { t, frames, acked, hellos: () => frames.filter((f) => f.type === 'hello').length };
}

describe('fault tests: reference server process, TCP proxy, <omni-notification-host> over WebSocket', function () {
  this.timeout(60_000);
  let server: Awaited<ReturnType<typeof startServer>>;
  let proxy: { id: string; port: number };
  let host: OmniNotificationHost;
  let wire: ReturnType<typeof tap>;
  const events: Record<string, CustomEvent[]> = {};

  const call = <T>(method: string, path: string, body?: unknown) => api(server)<T>(method, path, body);
  const conversation = async (id: string) => (await call<EngineState>('GET', '/api/state')).conversations.find((c) => c.id === id);
  const alerts = () => deepQueryAll(host, 'omni-alert').filter((a) => !a.hidden);
  const offered = async (name: string) => {
    const { conversationId } = await call<{ conversationId: string }>('POST', '/api/conversations', { channel: 'chat', customer: { name }, agentId: 'a1' });
    await until(() => host.center.state.offers.some((o) => o.conversationId === conversationId) && alerts().length > 0, `the alert for ${name}`);
    return { conversationId, offer: host.center.state.offers.find((o) => o.conversationId === conversationId)! };
  };
  const cut = (direction: 'both' | 'down' = 'both') => executeServerCommand('omni-proxy-cut', { id: proxy.id, mode: 'blackhole', direction });
  const restore = () => executeServerCommand('omni-proxy-restore', { id: proxy.id });

  beforeEach(async () => {
    server = await startServer();
    proxy = await proxyTo(server.port);
    host = await fixture<OmniNotificationHost>(html`<omni-notification-host desktop="never" sound="off"></omni-notification-host>`);
    for (const type of ['omni-offer', 'omni-session-start', 'omni-error']) {
      events[type] = [];
      host.addEventListener(type, (e) => events[type].push(e as CustomEvent));
    }
    wire = tap(new WebSocketTransport({ url: `ws://127.0.0.1:${proxy.port}/ws`, token: server.agents[0].token, ...FAST }));
    host.transport = wire.t;
    await until(() => host.center.state.connection === 'open' && host.center.state.agent, 'the host to connect');
  });
  afterEach(async () => {
    host.transport = undefined;
    host.remove();
    await executeServerCommand('omni-proxy-stop', { id: proxy.id });
    await executeServerCommand('omni-server-stop', { id: server.id });
  });

  it('network cut while an alert is shown, then restored: the same alert, once, with its original deadline', async () => {
    const { offer } = await offered('Dana Whitfield');
    await until(() => wire.acked('displayed'), 'the display receipt to reach the server');

    await cut();
    await until(() => host.center.state.connection === 'reconnecting', 'the cut to be noticed');
    expect(deepQuery(host, '[part="connection"]')?.textContent).to.contain('Reconnecting');
    expect(alerts()).to.have.length(1);
    await restore();
    await until(() => host.center.state.connection === 'open' && wire.hellos() === 2, 'a new hello');

    expect(alerts()).to.have.length(1);
    expect(host.center.state.offers.map((o) => [o.offerId, o.expiresAt])).to.deep.equal([[offer.offerId, offer.expiresAt]]);
    expect(events['omni-offer'].map((e) => e.detail.offerId)).to.deep.equal([offer.offerId]);
    expect(deepQuery(host, '[part="connection"]')).to.equal(null);
  });

  it('network cut during Accept (the answer is lost): accepted exactly once, one session', async () => {
    const { conversationId } = await offered('Sam Ortiz');

    await cut('down');
    button(host, 'Accept')!.click();
    await until(async () => (await conversation(conversationId))?.status === 'active', 'the server to apply the accept');
    expect(events['omni-session-start']).to.have.length(0);
    await restore();
    await until(() => events['omni-session-start'].length > 0 && alerts().length === 0, 'the session to start');

    const history = (await conversation(conversationId))!.history.map((h) => h.event);
    expect(history.filter((e) => e === 'accepted')).to.have.length(1);
    expect(events['omni-session-start'].map((e) => e.detail.conversationId)).to.deep.equal([conversationId]);
    expect(events['omni-error']).to.deep.equal([]);
  });

  it('server restarted: the host reconnects by itself and shows only what the new server holds', async () => {
    await offered('Ivy Chen');

    await executeServerCommand('omni-server-restart', { id: server.id });
    await until(() => host.center.state.connection === 'open' && wire.hellos() === 2, 'a hello from the new server');
    await until(() => alerts().length === 0, 'the old alert to go');
    const { conversationId } = await offered('Noah Park');

    expect(host.center.state.offers.map((o) => o.conversationId)).to.deep.equal([conversationId]);
    expect(alerts()).to.have.length(1);
  });
});
