import type { ServerBody, ServerMessage, TransportSink, Offer, Notice, Settings } from '../src/services/protocol/types.js';
import { fixtureCleanup } from '@open-wc/testing';
import sinon from 'sinon';
import { useLocale } from '../src/services/i18n.js';
import { DEFAULT_SETTINGS } from '../src/services/center.js';

let seq = 0;

/** A scripted transport: the test plays the server. Commands are recorded and acked (ok) unless told otherwise. */
export class ScriptedTransport {
  sink: TransportSink | null = null;
  sent: Array<Record<string, unknown>> = [];
  autoAck = true;
  failSends = false;
  connect(sink: TransportSink): void {
    this.sink = sink;
    sink.state('open');
  }
  send(command: object): Promise<void> {
    if (this.failSends) return Promise.reject(new Error('network down'));
    const c = command as Record<string, unknown>;
    this.sent.push(c);
    if (this.autoAck) queueMicrotask(() => this.push({ type: 'ack', commandId: String(c.commandId), ok: true }));
    return Promise.resolve();
  }
  disconnect(): void {
    this.sink?.state('closed');
    this.sink = null;
  }
  /** Delivers a server message (envelope added). */
  push(body: ServerBody | Record<string, unknown>): void {
    const msg = { v: 1, id: `m-${++seq}`, ts: Date.now(), ...body } as ServerMessage;
    this.sink?.message(msg);
  }
  raw(frame: string | object): void {
    this.sink?.message(frame);
  }
  hello(patch: Partial<Record<string, unknown>> = {}): void {
    this.push({
      type: 'hello',
      serverTime: Date.now(),
      agent: { id: 'me', name: 'Alex' },
      presence: 'available',
      lastSystemPresence: 'available',
      settings: DEFAULT_SETTINGS,
      offers: [],
      notices: [],
      sessions: [],
      missed: null,
      ...patch,
    });
  }
  commands(type: string) {
    return this.sent.filter((c) => c.type === type);
  }
}

export function makeOffer(patch: Partial<Offer> = {}): Offer {
  const now = Date.now();
  const id = patch.offerId ?? `o-${++seq}`;
  return {
    offerId: id,
    conversationId: `conv-${id}`,
    scenario: 'chat',
    channel: 'chat',
    customer: { name: 'Dana Whitfield' },
    comment: 'My order has not arrived',
    queuedAt: now - 5000,
    offeredAt: now,
    expiresAt: now + 120_000,
    templateId: 'chat',
    ...patch,
  };
}

export function makeNotice(patch: Partial<Notice> = {}): Notice {
  const id = patch.noticeId ?? `n-${++seq}`;
  return {
    noticeId: id,
    conversationId: `conv-${id}`,
    scenario: 'transfer',
    customer: { name: 'Sam Ortiz' },
    comment: 'Needs a refund',
    from: 'Priya Patel',
    createdAt: Date.now(),
    templateId: 'transfer',
    ...patch,
  };
}

export function settingsWith(templates: Record<string, Partial<Settings['templates'][string]>>, patch: Partial<Settings> = {}): Settings {
  const t: Settings['templates'] = { ...DEFAULT_SETTINGS.templates };
  for (const [k, v] of Object.entries(templates)) t[k] = { ...t[k], ...v } as Settings['templates'][string];
  return { ...DEFAULT_SETTINGS, ...patch, templates: t };
}

/** Elements inside open shadow roots, depth-first. */
export function deepQueryAll<T extends Element = HTMLElement>(root: ParentNode, selector: string): T[] {
  const out: T[] = [];
  const walk = (node: ParentNode) => {
    node.querySelectorAll<T>(selector).forEach((e) => out.push(e));
    node.querySelectorAll('*').forEach((e) => {
      if (e.shadowRoot) walk(e.shadowRoot);
    });
  };
  if (root instanceof Element && root.shadowRoot) walk(root.shadowRoot);
  walk(root);
  return out;
}

/** Like deepQueryAll, and `a >>> b` finds b inside (the shadow roots of) the first a. */
export function deepQuery<T extends Element = HTMLElement>(root: ParentNode, selector: string): T | null {
  const [first, ...rest] = selector.split('>>>').map((s) => s.trim());
  const found = deepQueryAll<T>(root, first)[0] ?? null;
  return rest.length && found ? deepQuery<T>(found, rest.join(' >>> ')) : found;
}

/** The accessible-ish name of a button: aria-label, else its trimmed text. */
export function nameOf(el: Element): string {
  return (el.getAttribute('aria-label') ?? el.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** The button with that accessible name (exact, or starting with it when `prefix`), searched through shadow roots. */
export function button(root: ParentNode, name: string, prefix = false): HTMLButtonElement | null {
  return (
    deepQueryAll<HTMLButtonElement>(root, 'button').find((b) => (prefix ? nameOf(b).startsWith(name) : nameOf(b) === name)) ?? null
  );
}

/** Waits until every Lit element under `root` (through shadow roots) has finished updating. */
export async function settle(root: ParentNode = document.body): Promise<void> {
  for (let i = 0; i < 4; i++) {
    // The root itself too: a host may hold a render for the next frame (FrameGate), past these microtasks.
    const els = [root, ...deepQueryAll(root, '*')].filter((e): e is Element & { updateComplete: Promise<unknown> } => 'updateComplete' in e);
    await Promise.all(els.map((e) => e.updateComplete));
    await Promise.resolve();
  }
}

/**
 * Waits until every running CSS animation on the page, in shadow trees too,
 * has finished. Axe reads colours as painted, so a card still fading in (the
 * 160 ms entrance) measures as low contrast, and a slow engine (WebKitGTK
 * under load) can still be mid-fade when axe runs. `document.getAnimations()`
 * does not see into shadow roots (0 in all three engines), so each element is
 * asked for its own.
 */
export async function animationsFinished(root: ParentNode = document.body): Promise<void> {
  for (let i = 0; i < 3; i++) {
    const running = deepQueryAll(root, '*')
      .flatMap((el) => el.getAnimations())
      .filter((a) => a.playState === 'running' || a.pending);
    if (running.length === 0) return;
    await Promise.all(running.map((a) => a.finished.catch(() => undefined)));
  }
}

/** The next animation frame (the host's live region is written once per frame). */
export function nextFrame(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => resolve()));
}

/** Fake timers and Date (not microtasks, not animation frames), starting at `now`. */
export function fakeClock(now = 1_000_000): sinon.SinonFakeTimers {
  return sinon.useFakeTimers({
    now,
    toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
    shouldClearNativeTimers: true,
  });
}

/**
 * Inside a describe(): after each test, removes the fixtures and puts the
 * page's `lang`, `dir` and the widget's locale back as they were.
 */
export function restorePageLocaleAfterEach(): void {
  const { lang, dir } = document.documentElement;
  afterEach(async () => {
    fixtureCleanup();
    document.documentElement.lang = lang;
    document.documentElement.dir = dir;
    await useLocale(lang);
  });
}
