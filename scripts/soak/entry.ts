/**
 * Soak page entry, bundled by scripts/soak.mjs: the demo's wiring (routing
 * engine + MemoryTransport + center + elements, as test/e2e/scenarios.test.ts
 * mounts it) on a sinon fake clock, and a simulated agent who works it.
 *
 * soak.mjs calls `window.omniSoak.advance(ms)` one simulated minute at a time
 * (a whole day in one evaluate would block the page for minutes), hides and
 * shows the tab between calls, and reads `counts()` each simulated hour.
 *
 * The agent's day, on the fake clock:
 * - every 20 s an offer to the agent (chat, 15 s timeout), in turn accepted
 *   after 3 s, rejected after 3 s, or left to time out; after a timeout the
 *   agent presses the banner's Reset status (presence went Inactive);
 * - every 2 min a transfer to the agent (a toast), in turn opened or left to
 *   go by itself; session tabs are closed 10 s after they open;
 * - soak.mjs drops the connection every 30 min for 5 s (MemoryTransport
 *   drop/restore: a new hello) and hides the tab for 2 min every 15 min.
 */
// First: sinon's fake timers yield to the page between timers through setImmediate when there is one, else
// setTimeout, which Chromium clamps to 4 ms once nested; a MessageChannel task has no clamp.
import './immediate.js';
import sinon from 'sinon';
import { createDemo, type Demo } from '../../demo/app.js';
import { scheduler } from '../../src/services/scheduler.js';
import { MemoryTransport } from '../../src/services/transports/memory.js';

const OFFER_EVERY = 20_000;
const ANSWER_AFTER = 3_000;
const TIMEOUT_SEC = 15;
const RESET_AFTER = TIMEOUT_SEC * 1000 + 2_000;
const TOAST_EVERY = 120_000;
const TOAST_AT = 8_000; // within its 20 s cycle, after the offer was answered
const CLOSE_AT = 13_000; // session tabs opened in this cycle
const NAMES = ['Rosa Diaz', 'Gina Linetti', 'Terry Jeffords', 'Amy Santiago', 'Ray Holt', 'Charles Boyle'];

interface Counts {
  offers: number;
  accepted: number;
  rejected: number;
  timedOut: number;
  resets: number;
  toasts: number;
  toastsOpened: number;
  sessionsClosed: number;
  endedElsewhere: number;
  reconnects: number;
  hides: number;
  misses: string[];
}

let clock: sinon.SinonFakeTimers;
let demo: Demo;
let root: HTMLElement;
let start = 0;
let nextToast = 0;
let lastToast = -Infinity;
const counts: Counts = { offers: 0, accepted: 0, rejected: 0, timedOut: 0, resets: 0, toasts: 0, toastsOpened: 0, sessionsClosed: 0, endedElsewhere: 0, reconnects: 0, hides: 0, misses: [] };
const events: Record<string, number> = {};

function deepAll<T extends Element>(node: ParentNode, selector: string, out: T[] = []): T[] {
  node.querySelectorAll<T>(selector).forEach((e) => out.push(e));
  node.querySelectorAll('*').forEach((e) => e.shadowRoot && deepAll(e.shadowRoot, selector, out));
  return out;
}
const visible = <T extends HTMLElement>(sel: string) => deepAll<T>(demo.host.shadowRoot ?? demo.host, sel).filter((e) => !e.hidden);
const miss = (what: string) => {
  if (counts.misses.length < 20) counts.misses.push(`${Math.round((Date.now() - start) / 1000)} s: ${what}`);
};

async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await clock.tickAsync(0);
}

/** What the agent does at a moment of the day (ms since the start). */
async function act(at: number): Promise<void> {
  const inCycle = at % OFFER_EVERY;
  const n = Math.floor(at / OFFER_EVERY);
  const mode = n % 3; // 0 accept, 1 reject, 2 time out
  if (inCycle === 0) {
    try {
      demo.engine.createConversation({
        scenario: 'chat',
        channel: 'chat',
        customer: { name: NAMES[n % NAMES.length] },
        comment: `Order ${n} has not arrived`,
        agentId: 'me',
      });
      counts.offers++;
    } catch (e) {
      miss(`offer not raised: ${String(e)}`);
    }
  } else if (inCycle === ANSWER_AFTER && mode !== 2) {
    const alert = visible<HTMLElement>('omni-alert')[0];
    const b = alert && deepAll<HTMLButtonElement>(alert.shadowRoot!, mode === 0 ? '[part="accept"]' : '[part="reject"]')[0];
    if (b) {
      b.click();
      counts[mode === 0 ? 'accepted' : 'rejected']++;
    } else miss(`no alert to ${mode === 0 ? 'accept' : 'reject'}`);
  } else if (inCycle === RESET_AFTER && mode === 2) {
    const reset = !demo.banner.hidden && deepAll<HTMLButtonElement>(demo.banner.shadowRoot!, '[part="reset"]')[0];
    if (reset) {
      reset.click();
      counts.resets++;
    } else miss('no banner after a timeout');
  } else if (inCycle === TOAST_AT && at >= nextToast) {
    nextToast = at + TOAST_EVERY;
    lastToast = at;
    try {
      demo.engine.createConversation({ scenario: 'transfer', channel: 'chat', customer: { name: NAMES[(n + 3) % NAMES.length] }, comment: 'Transferred to you', agentId: 'me', from: 'Priya Patel' });
      counts.toasts++;
    } catch (e) {
      miss(`transfer not raised: ${String(e)}`);
    }
  } else if (at === lastToast + 2_000 && counts.toasts % 2 === 1) {
    // every other toast is opened 2 s after it arrives; the others go by themselves
    const toast = visible<HTMLElement>('omni-toast')[0];
    const body = toast && deepAll<HTMLButtonElement>(toast.shadowRoot!, '[part="body"]')[0];
    if (body) {
      body.click();
      counts.toastsOpened++;
    } else miss('no toast to open');
  } else if (inCycle === CLOSE_AT) {
    // One at a time: closing a tab re-renders the rest (Lit reuses their elements for other sessions).
    for (let close, i = 0; (close = root.querySelector<HTMLElement>('.od-tab-close')) && i < 20; i++) {
      close.click();
      counts.sessionsClosed++;
      await settle();
    }
    // A transfer whose toast went by itself is still the agent's (it holds capacity): they wrap it up elsewhere.
    for (const c of demo.engine.getState().conversations) {
      if (c.agentId === 'me' && c.status === 'active') {
        demo.engine.endConversation(c.id);
        counts.endedElsewhere++;
      }
    }
  }
}

/** The moments within [from, to) at which the agent acts. */
function moments(from: number, to: number): number[] {
  const out: number[] = [];
  const marks = [0, ANSWER_AFTER, TOAST_AT, TOAST_AT + 2_000, CLOSE_AT, RESET_AFTER].sort((a, b) => a - b);
  for (let c = Math.floor(from / OFFER_EVERY) * OFFER_EVERY; c < to; c += OFFER_EVERY) {
    for (const m of marks) if (c + m >= from && c + m < to) out.push(c + m);
  }
  return out;
}

let elapsed = 0;

const soak = {
  ready: false,
  async start(): Promise<void> {
    clock = sinon.useFakeTimers({ now: 1_700_000_000_000, toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'], shouldClearNativeTimers: true });
    start = Date.now();
    root = document.createElement('div');
    document.body.append(root);
    demo = createDemo(root, { settings: { templates: { chat: { timeoutSec: TIMEOUT_SEC } } } });
    for (const t of ['omni-offer', 'omni-accept', 'omni-reject', 'omni-timeout', 'omni-toast-open', 'omni-missed', 'omni-session-start', 'omni-error']) {
      root.addEventListener(t, () => (events[t] = (events[t] ?? 0) + 1));
    }
    await settle();
  },
  /** Runs the agent's day forward by `ms` of simulated time. */
  async advance(ms: number): Promise<void> {
    const to = elapsed + ms;
    for (const at of moments(elapsed, to)) {
      await clock.tickAsync(start + at - Date.now());
      await settle();
      await act(at);
      await settle();
    }
    await clock.tickAsync(start + to - Date.now());
    await settle();
    elapsed = to;
  },
  async drop(): Promise<void> {
    const t = demo.host.transport;
    if (!(t instanceof MemoryTransport)) throw new Error('the demo is not on the memory transport');
    t.drop();
    await settle();
  },
  async restore(): Promise<void> {
    (demo.host.transport as MemoryTransport).restore();
    counts.reconnects++;
    await settle();
  },
  /** Fallback when the browser cannot really hide the page: the properties the widget reads, and the event. */
  fakeVisibility(hidden: boolean): void {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (hidden ? 'hidden' : 'visible') });
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => hidden });
    document.dispatchEvent(new Event('visibilitychange'));
  },
  hidden(): boolean {
    return document.visibilityState === 'hidden';
  },
  noteHide(): void {
    counts.hides++;
  },
  /** Nodes in the live tree (shadow trees included) by where they are (the shadow host's tag, or the light DOM) and kind: where a growth of DOM nodes lives. */
  domBreakdown(): Record<string, number> {
    const out: Record<string, number> = {};
    const walk = (root: Node, where: string) => {
      const it = document.createNodeIterator(root, NodeFilter.SHOW_ALL);
      for (let n = it.nextNode(); n; n = it.nextNode()) {
        const kind = n.nodeType === Node.COMMENT_NODE ? 'comment' : n.nodeType === Node.TEXT_NODE ? 'text' : n.nodeType === Node.ELEMENT_NODE ? 'element' : 'other';
        const parent = n.parentNode instanceof Element ? n.parentNode.localName + (n.parentNode.className && typeof n.parentNode.className === 'string' ? '.' + n.parentNode.className.split(' ')[0] : '') : '#root';
        const key = `${where} ${kind} in ${parent}`;
        out[key] = (out[key] ?? 0) + 1;
        if (n instanceof Element && n.shadowRoot) walk(n.shadowRoot, `<${n.localName}>`);
      }
    };
    walk(document, 'light');
    return out;
  },
  counts() {
    return {
      ...counts,
      events: { ...events },
      schedulerSize: scheduler.size,
      fakeTimers: clock.countTimers(),
      simulatedMs: Date.now() - start,
      connection: demo.center.state.connection,
      presence: demo.center.state.presence,
      alerts: visible('omni-alert').length,
      toastsShown: visible('omni-toast').length,
      sessionTabs: root.querySelectorAll('.od-tab-close').length,
      center: { offers: demo.center.state.offers.length, notices: demo.center.state.notices.length, sessions: demo.center.state.sessions.length },
      elements: { all: document.body.querySelectorAll('*').length },
    };
  },
};

declare global {
  interface Window {
    omniSoak: typeof soak;
  }
}
window.omniSoak = soak;
soak.ready = true;
