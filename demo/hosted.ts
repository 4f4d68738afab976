/**
 * demo/hosted.html: a Unified Service Desk-style shell. The chat window is
 * the shell's own (left); the notification widget runs in a hosted-control
 * iframe (right) and reaches the server only through the shell: a
 * PostMessageTransport in the frame, createPostMessageBridge here, and the
 * shell's real transport (memory by default; `?transport=ws|sse&token=…`
 * like the dashboard). The same page is the frame when loaded with
 * `?role=frame` (one page to build and serve).
 */
import { html, nothing, render } from 'lit';
import { RoutingEngine, DEMO_CONTACTS } from '../engine/index.js';
import type { ConnectionState, OmniTransport, ServerMessage, Session } from '../src/services/protocol/types.js';
import { createPostMessageBridge } from '../src/services/transports/postmessage.js';
import { createTransportFromQuery, serverApiFromQuery, transportChoice } from './connect.js';
import { ME } from './data.js';

interface ShellState {
  connection: ConnectionState;
  offers: number;
  sessions: Session[];
  selected: string | null;
  transcript: Record<string, string[]>;
  refused: number;
}

const NAMES = ['Dana Whitfield', 'Sam Ortiz', 'Ivy Chen', 'Noah Park', 'Lena Fischer', 'Omar Haddad'];
const LINES = ['Hi, my order has not arrived.', 'Can I change my delivery address?', 'I was charged twice.', 'The app will not let me sign in.'];

/** Lets the shell see what flows to the widget (to open the chat window on session start). */
function tapped(inner: OmniTransport, onMessage: (m: ServerMessage) => void, onState: (s: ConnectionState) => void): OmniTransport {
  return {
    connect: (sink) =>
      inner.connect({
        message: (d) => {
          try {
            onMessage((typeof d === 'string' ? JSON.parse(d) : d) as ServerMessage);
          } catch {
            /* not ours to judge: the widget's center validates it */
          }
          sink.message(d);
        },
        state: (s, e) => {
          onState(s);
          if (e) sink.state(s, e);
          else sink.state(s);
        },
        error: (e) => sink.error?.(e),
      }),
    send: (c) => inner.send(c),
    disconnect: () => inner.disconnect(),
  };
}

function startShell(root: HTMLElement): void {
  const engine = new RoutingEngine({ contacts: DEMO_CONTACTS });
  engine.addAgent({ id: ME.id, name: ME.name, capacity: ME.capacity });
  engine.addAgent({ id: 'c1', name: 'Priya Patel', capacity: 3, simulated: true, presence: 'busy' });
  const choice = transportChoice(location);
  const remote = serverApiFromQuery(location);
  let s: ShellState = { connection: 'closed', offers: 0, sessions: [], selected: null, transcript: {}, refused: 0 };
  const set = (patch: Partial<ShellState>) => {
    s = { ...s, ...patch };
    paint();
  };

  const onMessage = (m: ServerMessage) => {
    if (m.type === 'hello') set({ sessions: m.sessions, offers: m.offers.length, selected: s.selected ?? m.sessions[0]?.conversationId ?? null });
    else if (m.type === 'offer') set({ offers: s.offers + 1 });
    else if (m.type === 'offer.revoked') set({ offers: Math.max(0, s.offers - 1) });
    else if (m.type === 'session.started' && !s.sessions.some((x) => x.sessionId === m.session.sessionId)) {
      const id = m.session.conversationId;
      set({
        sessions: [...s.sessions, m.session],
        offers: Math.max(0, s.offers - 1),
        selected: id,
        transcript: { ...s.transcript, [id]: [`${m.session.customer.name ?? m.session.customer.phone ?? 'Visitor'}: ${m.session.comment ?? ''}`] },
      });
    }
  };
  const transport = tapped(createTransportFromQuery(location, engine), onMessage, (connection) => set({ connection }));

  const raise = (channel: 'chat' | 'sms') => {
    const name = NAMES[Math.floor(Math.random() * NAMES.length)];
    const req = { channel, customer: channel === 'sms' ? { phone: '+1 425 555 0100' } : { name }, comment: LINES[Math.floor(Math.random() * LINES.length)], agentId: ME.id };
    if (choice.kind === 'memory') engine.createConversation(req);
    else void remote?.('POST', '/api/conversations', req);
  };
  const say = (e: SubmitEvent) => {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const input = form.elements.namedItem('line') as HTMLInputElement;
    const id = s.selected;
    if (!id || !input.value.trim()) return;
    set({ transcript: { ...s.transcript, [id]: [...(s.transcript[id] ?? []), `You: ${input.value.trim()}`] } });
    input.value = '';
  };

  const iframe = document.createElement('iframe');
  iframe.title = 'Notifications (hosted control)';
  iframe.src = `${location.pathname}?role=frame`;
  createPostMessageBridge({ iframe, allowedOrigins: [location.origin], transport, onError: () => set({ refused: s.refused + 1 }) });

  function paint(): void {
    const canRaise = choice.kind === 'memory' || remote !== null;
    const current = s.sessions.find((x) => x.conversationId === s.selected);
    render(
      html`<header class="bar">
          <h1>Unified Service Desk <span>· omni-notify hosted control</span></h1>
          <p class="status" role="status">${choice.kind === 'memory' ? 'In-page engine' : `Server ${choice.server} (${choice.kind})`}: ${s.connection}
            ${s.offers ? html` · ${s.offers} waiting` : nothing}${s.refused ? html` · ${s.refused} refused message(s)` : nothing}</p>
          ${canRaise
            ? html`<button type="button" @click=${() => raise('chat')}>Simulate chat</button>
                <button type="button" @click=${() => raise('sms')}>Simulate SMS</button>`
            : nothing}
        </header>
        <main class="panes">
          <section class="chat" aria-label="Chat window">
            <nav aria-label="Sessions">
              ${s.sessions.length === 0 ? html`<p class="empty">No sessions yet. Accept a notification to start one.</p>` : nothing}
              ${s.sessions.map(
                (x) => html`<button type="button" aria-pressed=${x.conversationId === s.selected} @click=${() => set({ selected: x.conversationId })}>
                  ${x.customer.name ?? x.contact?.name ?? x.customer.phone ?? 'Visitor'} · ${x.channel}
                </button>`,
              )}
            </nav>
            ${current
              ? html`<article aria-label="Conversation">
                  <h2>${current.contact?.name ?? current.customer.name ?? current.customer.phone ?? 'Visitor'}</h2>
                  <ol class="transcript">${(s.transcript[current.conversationId] ?? []).map((l) => html`<li>${l}</li>`)}</ol>
                  <form @submit=${say}><label>Reply <input name="line" autocomplete="off" /></label><button>Send</button></form>
                </article>`
              : nothing}
          </section>
          <section class="hosted" aria-label="Hosted control"></section>
        </main>`,
      root,
    );
  }
  paint();
  root.querySelector('.hosted')!.append(iframe);
}

async function startFrame(): Promise<void> {
  document.body.dataset.role = 'frame';
  const { startHostedFrame } = await import('./hosted-frame.js');
  startHostedFrame(document.body);
}

const root = document.getElementById('hosted');
if (new URLSearchParams(location.search).get('role') === 'frame') void startFrame();
else if (root) startShell(root);
