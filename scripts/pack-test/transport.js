/**
 * An in-page transport, written the way a CRM writes its own (the
 * OmniTransport interface: connect / send / disconnect). It plays the server:
 * says hello, offers one chat, acknowledges every command and starts the
 * session on accept. Shared by the pack test's two pages.
 */
let seq = 0;
const frame = (body) => ({ v: 1, id: `m${++seq}`, ts: Date.now(), ...body });

export function inPageTransport(settings) {
  let sink = null;
  const now = Date.now();
  const offer = {
    offerId: 'o1',
    conversationId: 'c1',
    scenario: 'chat',
    channel: 'chat',
    customer: { name: 'Dana Whitfield' },
    comment: 'Where is my order?',
    queuedAt: now - 42_000,
    offeredAt: now,
    expiresAt: now + 120_000,
    templateId: 'chat',
  };
  return {
    sent: [],
    connect(s) {
      sink = s;
      s.state('open');
      s.message(frame({ type: 'hello', serverTime: Date.now(), agent: { id: 'a1', name: 'Alex' }, presence: 'available',
        lastSystemPresence: 'available', settings, offers: [], notices: [], sessions: [], missed: null }));
      s.message(JSON.stringify(frame({ type: 'offer', offer })));
    },
    async send(command) {
      if (!sink) throw new Error('not connected');
      this.sent.push(command);
      sink.message(frame({ type: 'ack', commandId: command.commandId, ok: true }));
      if (command.type === 'accept') {
        const { offerId, expiresAt, offeredAt, templateId, scenario, ...rest } = offer;
        sink.message(frame({ type: 'session.started', session: { ...rest, sessionId: 's1', startedAt: Date.now() } }));
      }
    },
    disconnect() {
      sink?.state('closed');
      sink = null;
    },
  };
}

/** Wires a host to the transport and marks the page when the session starts. */
export function start(host, settings) {
  host.addEventListener('omni-session-start', (e) => (document.body.dataset.session = e.detail.conversationId));
  host.transport = inPageTransport(settings);
}
