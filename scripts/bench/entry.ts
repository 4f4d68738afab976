/**
 * Bench page entry, bundled by scripts/bench.mjs. It imports the host element
 * and the center directly (not src/index.ts) so it needs neither the memory
 * transport nor the routing engine: a scripted transport plays the server.
 *
 * Everything is exposed on `window.omniBench`; bench.mjs drives it with
 * page.evaluate and reads plain JSON back.
 */
import '../../src/components/notification-host/omni-notification-host.js';
import type { OmniNotificationHost } from '../../src/components/notification-host/omni-notification-host.component.js';
import { DEFAULT_SETTINGS } from '../../src/services/center.js';
import type { Notice, Offer, ServerMessage, TransportSink } from '../../src/services/protocol/types.js';
// The peers, measured in the same page: Notyf and Shoelace's alert used as a toast.
import { Notyf } from 'notyf';
import '@shoelace-style/shoelace/dist/components/alert/alert.js';
import type SlAlert from '@shoelace-style/shoelace/dist/components/alert/alert.component.js';

/** The smallest transport a CRM could write: it hands messages over and acks commands later. */
class ScriptedTransport {
  sink: TransportSink | null = null;
  sent = 0;
  connect(sink: TransportSink): void {
    this.sink = sink;
    sink.state('open');
  }
  send(command: object): Promise<void> {
    this.sent++;
    const { commandId } = command as { commandId: string };
    // A real server acks a few ms later, in another task; keep that out of the measured frames.
    setTimeout(() => this.deliver({ type: 'ack', commandId, ok: true }), 5);
    return Promise.resolve();
  }
  disconnect(): void {
    this.sink = null;
  }
  deliver(body: Record<string, unknown>): void {
    this.sink?.message({ v: 1, id: `m-${++seq}`, ts: Date.now(), ...body });
  }
}

let seq = 0;

const nextTask = () =>
  new Promise<void>((resolve) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => resolve();
    ch.port2.postMessage(null);
  });
/** The usual "next paint" approximation: a frame callback, then a task queued after that frame's paint. */
const nextPaint = () => new Promise<void>((resolve) => requestAnimationFrame(() => nextTask().then(resolve)));
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function hello(): Record<string, unknown> {
  const now = Date.now();
  return {
    type: 'hello',
    serverTime: now,
    agent: { id: 'agent-bench', name: 'Bench Agent' },
    presence: 'available',
    lastSystemPresence: 'available',
    settings: DEFAULT_SETTINGS,
    offers: [],
    notices: [],
    sessions: [],
    missed: null,
  } satisfies Omit<Extract<ServerMessage, { type: 'hello' }>, 'v' | 'id' | 'ts'>;
}

function offer(i: number): Offer {
  const now = Date.now();
  return {
    offerId: `offer-${i}`,
    conversationId: `conv-${i}`,
    scenario: 'chat',
    channel: 'chat',
    customer: { name: `Customer ${i}`, email: `customer${i}@example.com` },
    comment: 'Hi, my order has not arrived yet and the tracking page shows no update since Monday.',
    queue: 'Orders',
    queuedAt: now - 42_000,
    offeredAt: now,
    expiresAt: now + 120_000,
    templateId: 'chat',
  };
}

function notice(i: number): Notice {
  return {
    noticeId: `notice-${i}`,
    conversationId: `conv-n-${i}`,
    scenario: i % 3 === 0 ? 'transfer' : i % 3 === 1 ? 'assignment' : 'escalation',
    customer: { name: `Customer ${i}` },
    comment: 'Customer asked about a refund for order #' + (100000 + i),
    from: 'Alex Supervisor',
    createdAt: Date.now(),
    templateId: i % 3 === 0 ? 'transfer' : i % 3 === 1 ? 'assignment' : 'escalation',
  };
}

async function mount(): Promise<{ host: OmniNotificationHost; transport: ScriptedTransport }> {
  document.querySelectorAll('omni-notification-host').forEach((h) => h.remove());
  const host = document.createElement('omni-notification-host');
  // No ringing or desktop prompts in a bench.
  host.setAttribute('sound', 'off');
  host.setAttribute('desktop', 'never');
  const transport = new ScriptedTransport();
  host.transport = transport;
  document.body.append(host);
  await host.updateComplete;
  if (!transport.sink) throw new Error('the host did not connect its transport');
  transport.deliver(hello());
  await host.updateComplete;
  await nextPaint();
  return { host, transport };
}

function alertPainted(host: OmniNotificationHost, offerId: string): boolean {
  const el = host.shadowRoot?.querySelector(`omni-alert[data-offer-id="${offerId}"]`) ?? host.shadowRoot?.querySelector('omni-alert');
  const dialog = el?.shadowRoot?.querySelector('[role=alertdialog]');
  if (!el || !dialog) return false;
  const box = dialog.getBoundingClientRect();
  return !(el as HTMLElement).hidden && box.width > 0 && box.height > 0;
}

export interface AlertResult {
  /** t0 before sink.message → after the next paint, at a random phase of the frame. */
  latency: number[];
  /** Same, but delivered at the start of a frame (inside rAF): pipeline cost without vsync wait. */
  aligned: number[];
  /** Main-thread script + Lit render: t0 → host and alert updateComplete. */
  work: number[];
  failures: number;
}

async function alertBench(runs = 50): Promise<AlertResult> {
  const { host, transport } = await mount();
  const r: AlertResult = { latency: [], aligned: [], work: [], failures: 0 };
  let i = 0;
  let previous: string | null = null;

  const deliverOffer = () => {
    const o = offer(++i);
    if (previous) transport.deliver({ type: 'offer.revoked', offerId: previous, reason: 'cancelled' });
    previous = o.offerId;
    return o;
  };

  // Warm-up: first render of <omni-alert> compiles its template and adopts styles.
  for (let w = 0; w < 3; w++) {
    transport.deliver({ type: 'offer', offer: deliverOffer() });
    await nextPaint();
  }

  for (let run = 0; run < runs; run++) {
    // Revoke the previous alert and let that frame go by, so only the new offer is measured.
    const o = offer(++i);
    if (previous) transport.deliver({ type: 'offer.revoked', offerId: previous, reason: 'cancelled' });
    previous = o.offerId;
    await nextPaint();
    // Random phase within the frame, as a real message arrives whenever the network says.
    await sleep(Math.random() * 16);

    const t0 = performance.now();
    transport.deliver({ type: 'offer', offer: o });
    const tSync = performance.now();
    await host.updateComplete;
    const alert = host.shadowRoot?.querySelector<HTMLElement & { updateComplete: Promise<unknown> }>(
      `omni-alert[data-offer-id="${o.offerId}"]`,
    );
    if (alert) await alert.updateComplete;
    const tWork = performance.now();
    await nextPaint();
    const t1 = performance.now();
    if (!alertPainted(host, o.offerId)) {
      r.failures++;
      continue;
    }
    r.latency.push(t1 - t0);
    r.work.push(Math.max(tSync, tWork) - t0);
  }

  // Frame-aligned: deliver at the start of a frame; the same frame must paint it.
  for (let run = 0; run < Math.min(runs, 30); run++) {
    const o = offer(++i);
    if (previous) transport.deliver({ type: 'offer.revoked', offerId: previous, reason: 'cancelled' });
    previous = o.offerId;
    await nextPaint();
    const t = await new Promise<number>((resolve) =>
      requestAnimationFrame(() => {
        const t0 = performance.now();
        transport.deliver({ type: 'offer', offer: o });
        nextTask().then(() => resolve(performance.now() - t0));
      }),
    );
    if (alertPainted(host, o.offerId)) r.aligned.push(t);
    else r.failures++;
  }
  host.remove();
  return r;
}

export interface BurstResult {
  count: number;
  /** The loop of sink.message calls (synchronous, no rendering). */
  syncMs: number;
  /** t0 → the host and its toasts finished their Lit updates (same task: microtasks). */
  toUpdatedMs: number;
  /** t0 → after the next paint. */
  toPaintMs: number;
  /** Long tasks (> 50 ms) observed by PerformanceObserver during the burst. */
  longTasks: number[];
  /** Long animation frames (> 50 ms), when the browser supports them. */
  longFrames: { duration: number; blockingDuration: number; scripts: { invoker: string; duration: number }[] }[];
  toasts: number;
  visibleToasts: number;
  moreChip: string | null;
  hostShadowElements: number;
  hostLightElements: number;
  deepElements: number;
  liveRegionItems: number;
  centerNotices: number;
  errors: number;
}

function deepCount(root: ParentNode): number {
  let n = 0;
  for (const el of root.querySelectorAll('*')) {
    n++;
    if (el.shadowRoot) n += deepCount(el.shadowRoot);
  }
  return n;
}

async function burstBench(count = 1000, label = '0'): Promise<BurstResult> {
  const { host, transport } = await mount();
  let errors = 0;
  host.addEventListener('omni-error', () => errors++);

  const longTasks: number[] = [];
  const longFrames: BurstResult['longFrames'] = [];
  const observers: PerformanceObserver[] = [];
  const observe = (type: string, cb: (e: PerformanceEntry) => void) => {
    if (!PerformanceObserver.supportedEntryTypes?.includes(type)) return;
    const o = new PerformanceObserver((list) => list.getEntries().forEach(cb));
    o.observe({ type, buffered: true });
    observers.push(o);
  };
  // buffered: true also replays the setup's long tasks; keep only those that start at t0 or later.
  let t0 = Infinity;
  observe('longtask', (e) => {
    if (e.startTime >= t0 - 1) longTasks.push(e.duration);
  });
  observe('long-animation-frame', (e) => {
    if (e.startTime + e.duration < t0) return;
    const f = e as PerformanceEntry & {
      blockingDuration: number;
      scripts: { invoker: string; duration: number }[];
    };
    longFrames.push({
      duration: f.duration,
      blockingDuration: f.blockingDuration,
      scripts: (f.scripts ?? []).map((s) => ({ invoker: s.invoker, duration: s.duration })),
    });
  });

  const notices = Array.from({ length: count }, (_, k) => notice(k));
  // Run the burst in its own task so the long task is the burst and nothing else.
  const timing = await new Promise<{ t0: number; tSync: number; tUpdated: number }>((resolve) => {
    setTimeout(() => {
      performance.mark(`omni-burst-start-${label}`);
      t0 = performance.now();
      for (const n of notices) transport.deliver({ type: 'notice', notice: n });
      const tSync = performance.now();
      void host.updateComplete.then(async () => {
        const toasts = [...(host.shadowRoot?.querySelectorAll<HTMLElement & { updateComplete: Promise<unknown> }>('omni-toast') ?? [])];
        await Promise.all(toasts.map((t) => t.updateComplete));
        resolve({ t0, tSync, tUpdated: performance.now() });
      });
    }, 0);
  });
  await nextPaint();
  const tPaint = performance.now();
  performance.mark(`omni-burst-end-${label}`);
  // Let the observers deliver (they report after the task ends).
  await sleep(50);
  await nextPaint();
  observers.forEach((o) => o.disconnect());

  const sr = host.shadowRoot!;
  const toastEls = [...sr.querySelectorAll<HTMLElement>('omni-toast')];
  const result: BurstResult = {
    count,
    syncMs: timing.tSync - timing.t0,
    toUpdatedMs: timing.tUpdated - timing.t0,
    toPaintMs: tPaint - timing.t0,
    longTasks,
    longFrames,
    toasts: toastEls.length,
    visibleToasts: toastEls.filter((t) => !t.hidden).length,
    moreChip: [...sr.querySelectorAll('[part=more]')].map((p) => p.textContent?.trim()).join(', ') || null,
    hostShadowElements: sr.querySelectorAll('*').length,
    hostLightElements: host.querySelectorAll('*').length,
    deepElements: deepCount(sr) + deepCount(host),
    liveRegionItems: host.querySelector('[data-omni-live]')?.childElementCount ?? 0,
    centerNotices: host.center.state.notices.length,
    errors,
  };
  host.remove();
  return result;
}

/** Toast lifetime for all three, in ms: our notice templates' default (`toastDurationSec: 8`). */
const TOAST_MS = 8000;

export type Peer = 'omni' | 'notyf' | 'shoelace';

export interface PerTaskResult {
  lib: Peer;
  count: number;
  /** First message → the last one handled (each in its own task). */
  deliveredMs: number;
  /** First message → the last one rendered and the next frame painted: the burst is processed. */
  processedMs: number;
  /** Frames painted while the burst ran (rAF callbacks seen). */
  frames: number;
  /** Elements the library added to the page (through shadow roots) once the burst is processed. */
  elementsAdded: number;
  /** Toasts in the DOM then. */
  toasts: number;
  /** Uncaught errors in the page while it ran (the library's own). */
  errors?: number;
}

/** A text for each notice, as each library shows it. */
const noticeText = (n: Notice) => `${n.from ?? ''}: ${n.customer.name ?? ''} — ${n.comment ?? ''}`;

/**
 * The same burst for us and each peer: `count` notices, one per task (a
 * MessageChannel message each, as a socket delivers frames), then the next
 * paint. Each library starts from a fresh state and is torn down after.
 */
async function perTaskBurst(lib: Peer, count = 1000, label = '0'): Promise<PerTaskResult> {
  const before = deepCount(document.body);
  const notices = Array.from({ length: count }, (_, k) => notice(k));
  let deliver: (n: Notice) => void;
  let settled: () => Promise<unknown>;
  let teardown: () => void;
  let done = async () => {};
  let toasts: () => number;
  if (lib === 'omni') {
    const { host, transport } = await mount();
    deliver = (n) => transport.deliver({ type: 'notice', notice: n });
    settled = async () => {
      await host.updateComplete;
      const els = [...(host.shadowRoot?.querySelectorAll<HTMLElement & { updateComplete: Promise<unknown> }>('omni-toast') ?? [])];
      await Promise.all(els.map((t) => t.updateComplete));
    };
    toasts = () => host.shadowRoot?.querySelectorAll('omni-toast').length ?? 0;
    teardown = () => host.remove();
  } else if (lib === 'notyf') {
    const notyf = new Notyf({ duration: TOAST_MS, position: { x: 'right', y: 'top' } });
    deliver = (n) => void notyf.success(noticeText(n));
    settled = async () => {};
    toasts = () => document.querySelectorAll('.notyf__toast').length;
    teardown = () => notyf.dismissAll();
    // Notyf removes each toast at the end of its exit animation; its container then stays empty.
    done = async () => {
      for (let w = 0; w < 60 && document.querySelector('.notyf__toast'); w++) await sleep(50);
      document.querySelectorAll('.notyf, .notyf-announcer').forEach((e) => e.remove());
    };
  } else {
    let last: SlAlert | null = null;
    // Shoelace's documented toast: create an <sl-alert>, put it in the page, call toast().
    deliver = (n) => {
      const alert = Object.assign(document.createElement('sl-alert'), { variant: 'primary', duration: TOAST_MS });
      alert.textContent = noticeText(n);
      document.body.append(alert);
      void alert.toast();
      last = alert;
    };
    settled = async () => {
      await (last as SlAlert | null)?.updateComplete;
      await Promise.resolve();
    };
    toasts = () => document.querySelectorAll('sl-alert').length;
    // Hide them all now, as their timers would: each leaves the stack at the end of its exit animation
    // (removing them behind its back makes those exits throw), and no timer loads the next measurement.
    teardown = () => document.querySelectorAll('sl-alert').forEach((a) => void a.hide());
    done = async () => {
      for (let w = 0; w < 200 && document.querySelector('sl-alert'); w++) await sleep(50);
    };
  }
  await nextPaint();
  let errors = 0;
  const onError = () => errors++;
  window.addEventListener('error', onError);
  window.addEventListener('unhandledrejection', onError);

  let frames = 0;
  let counting = true;
  const countFrames = () => {
    frames++;
    if (counting) requestAnimationFrame(countFrames);
  };
  const ch = new MessageChannel();
  const t = await new Promise<{ t0: number; tDelivered: number }>((resolve) => {
    let i = 0;
    let t0 = 0;
    ch.port1.onmessage = () => {
      if (i === 0) {
        performance.mark(`omni-burst-start-${label}`);
        t0 = performance.now();
        requestAnimationFrame(countFrames);
      }
      deliver(notices[i]!);
      if (++i < count) ch.port2.postMessage(null);
      else resolve({ t0, tDelivered: performance.now() });
    };
    ch.port2.postMessage(null);
  });
  ch.port1.close();
  await settled();
  await nextPaint();
  const tPaint = performance.now();
  performance.mark(`omni-burst-end-${label}`);
  counting = false;
  const result: PerTaskResult = {
    lib,
    count,
    deliveredMs: t.tDelivered - t.t0,
    processedMs: tPaint - t.t0,
    frames,
    elementsAdded: deepCount(document.body) - before,
    toasts: toasts(),
  };
  teardown();
  await done();
  await sleep(50);
  window.removeEventListener('error', onError);
  window.removeEventListener('unhandledrejection', onError);
  result.errors = errors;
  return result;
}

declare global {
  interface Window {
    omniBench: { alertBench: typeof alertBench; burstBench: typeof burstBench; perTaskBurst: typeof perTaskBurst; ready: true };
  }
}

window.omniBench = { alertBench, burstBench, perTaskBurst, ready: true };
