/**
 * Desktop notifications: the OS notification an agent sees while the app is
 * in the background, with Accept and Reject on it where the browser has
 * notification actions.
 *
 * - Through the omni-notify service worker (`src/sw/omni-notify-sw.js`,
 *   served by the host from its own origin), registered on first need under
 *   its own scope so it never replaces a worker the host page has: it closes
 *   each notification at its deadline even if every tab is frozen, and turns
 *   a click on it into a message to the app's tabs. Without it (not served,
 *   refused by CSP, no service workers), a plain `Notification`: no actions,
 *   a click focuses the tab.
 * - One notification per offer: `tag` = offer id; `close(tag)` from any tab.
 * - Permission is asked only by `requestPermission()`, from a user gesture.
 *
 * No DOM at module level; everything is feature-detected when used.
 */
import { msg } from '@lit/localize';
import mitt from 'mitt';
import { trustedScriptURL } from './trusted.js';

/** `unsupported`: no Notification API; `unavailable`: not allowed here (another origin's frame, insecure page). */
export type DesktopPermission = 'default' | 'granted' | 'denied' | 'unsupported' | 'unavailable';

/** What the agent did on a notification: a button (`accept`, `reject`) or its body (`open`). */
export interface DesktopAction {
  action: 'accept' | 'reject' | 'open';
  tag: string;
  /** Reject: the index of the decline reason whose button was clicked (see DesktopContent.rejectReasons). */
  reason?: number;
}

export interface DesktopContent {
  tag: string;
  title: string;
  body: string;
  /** Button labels; empty for none. */
  accept: string;
  reject: string;
  /**
   * Decline reasons: one Reject button per reason (`reject:<index>`, titled
   * "<reject>: <reason>") where the browser has room for them beside Accept;
   * otherwise the one Reject button, without a reason.
   */
  rejectReasons?: string[];
  /** Local time the notification must be gone by. */
  expiresAt: number;
  /** Local time it is about (the offer's arrival). */
  timestamp: number;
  /** No OS sound: the ringer rings. */
  silent: boolean;
}

export interface DesktopNotifierOptions {
  /** URL of the omni-notify worker script ('' for none: plain notifications). */
  workerUrl?: string;
}

type Env = {
  Notification?: { permission: string; maxActions?: number; requestPermission(): Promise<string> } & (new (title: string, o?: object) => Notification);
};

const ACTIONS = ['accept', 'reject', 'open'];

/** The notification's buttons: Accept, then Reject, one per decline reason when they all fit. */
export function actionsFor(c: DesktopContent, maxActions: number): Array<{ action: string; title: string }> {
  const accept = { action: 'accept', title: c.accept };
  if (!c.reject) return [accept];
  const reasons = c.rejectReasons ?? [];
  if (reasons.length && reasons.length <= maxActions - 1) {
    return [accept, ...reasons.map((r, i) => ({ action: `reject:${i}`, title: `${c.reject}: ${r}` }))];
  }
  return [accept, { action: 'reject', title: c.reject }];
}

/** The worker's scope: a path no page lives under, beside the script. */
export function workerScope(workerUrl: string): string {
  return new URL('./omni-notify-sw/', new URL(workerUrl, globalThis.location?.href)).href;
}

export class DesktopNotifier {
  private readonly emitter = mitt<{ permission: DesktopPermission; action: DesktopAction; tick: void; dismissed: string }>();
  private p: DesktopPermission | null = null;
  private reg: Promise<ServiceWorkerRegistration | null> | null = null;
  private readonly plain = new Map<string, Notification>();
  private listening = false;
  private workerUrl: string;

  constructor(options: DesktopNotifierOptions = {}) {
    this.workerUrl = options.workerUrl ?? '';
  }

  /** Changes the worker script; a registration already made stays. */
  setWorkerUrl(url: string): void {
    if (url === this.workerUrl) return;
    this.workerUrl = url;
    this.reg = null;
  }

  /** The notification permission, as the agent can act on it. */
  get permission(): DesktopPermission {
    if (this.p === null) {
      this.p = detect();
      this.watch();
    }
    return this.p;
  }

  /** True when notifications carry Accept / Reject buttons here. */
  get actions(): boolean {
    return !!this.workerUrl && ((globalThis as Env).Notification?.maxActions ?? 0) >= 2;
  }

  subscribe(fn: (p: DesktopPermission) => void): () => void {
    this.emitter.on('permission', fn);
    fn(this.permission);
    return () => this.emitter.off('permission', fn);
  }

  /** A button or the body of one of our notifications was clicked (validated). */
  onAction(fn: (a: DesktopAction) => void): () => void {
    this.listen();
    this.emitter.on('action', fn);
    return () => this.emitter.off('action', fn);
  }

  /** The agent closed the notification `tag` (its close button). */
  onDismiss(fn: (tag: string) => void): () => void {
    this.listen();
    this.emitter.on('dismissed', fn);
    return () => this.emitter.off('dismissed', fn);
  }

  /** The service worker reached a notification's deadline (tabs re-check theirs). */
  onTick(fn: () => void): () => void {
    this.listen();
    this.emitter.on('tick', fn);
    return () => this.emitter.off('tick', fn);
  }

  /** Asks for permission. Call it from a user gesture (a click): browsers ignore it otherwise. */
  async requestPermission(): Promise<DesktopPermission> {
    const N = (globalThis as Env).Notification;
    if (!N || this.permission === 'unavailable') return this.permission;
    try {
      await N.requestPermission();
    } catch {
      /* old callback-only API or refused: read the result below */
    }
    this.set(detect());
    if (this.p === 'granted') void this.registration();
    return this.permission;
  }

  /** Shows (or silently replaces) the notification `c.tag`; resolves true when shown. */
  async show(c: DesktopContent): Promise<boolean> {
    const N = (globalThis as Env).Notification;
    if (!N || this.permission !== 'granted') return false;
    const options: NotificationOptions & Record<string, unknown> = {
      tag: c.tag,
      body: c.body,
      requireInteraction: true,
      silent: c.silent,
      timestamp: c.timestamp,
      data: { omni: 1, expiresAt: c.expiresAt, url: globalThis.location?.href },
    };
    const reg = await this.registration();
    if (reg) {
      if (this.actions && c.accept) options.actions = actionsFor(c, (globalThis as Env).Notification?.maxActions ?? 0);
      try {
        // Chromium sometimes drops a notification it said it showed (headless
        // Chromium 156, about one in ten while the page rings): check, show again.
        for (let attempt = 0; attempt < 3; attempt++) {
          await reg.showNotification(c.title, options);
          if ((await reg.getNotifications({ tag: c.tag })).length) break;
        }
        // The worker closes it at the deadline, even if this tab is frozen by then.
        reg.active?.postMessage({ omni: 'watch', tag: c.tag, at: c.expiresAt });
        return true;
      } catch {
        /* fall through to a plain notification */
      }
    }
    delete options.actions; // a plain notification throws on actions
    try {
      const n = new N(c.title, options);
      this.plain.get(c.tag)?.close();
      this.plain.set(c.tag, n);
      n.onclick = () => {
        globalThis.focus?.();
        n.close();
        this.emitter.emit('action', { action: 'open', tag: c.tag });
      };
      n.onclose = () => {
        if (this.plain.get(c.tag) === n) this.plain.delete(c.tag);
      };
      return true;
    } catch {
      return false; // Chrome on Android allows only worker notifications
    }
  }

  /** Closes the notification for `tag`, whichever tab showed it. */
  async close(tag: string): Promise<void> {
    this.plain.get(tag)?.close();
    this.plain.delete(tag);
    if (this.permission !== 'granted' || !this.workerUrl) return;
    const reg = await this.registration(false);
    for (const n of (await reg?.getNotifications({ tag }).catch(() => [])) ?? []) n.close();
  }

  /** Tags of our notifications showing now (through the worker). */
  async showing(): Promise<string[]> {
    if (this.permission !== 'granted' || !this.workerUrl) return [...this.plain.keys()];
    const reg = await this.registration(false);
    const shown = (await reg?.getNotifications().catch(() => [])) ?? [];
    return [...this.plain.keys(), ...shown.filter((n) => (n.data as { omni?: number } | null)?.omni === 1).map((n) => n.tag)];
  }

  /**
   * The worker's registration: registered on first need (`register` false:
   * only an existing one). Null without service workers or the script.
   */
  registration(register = true): Promise<ServiceWorkerRegistration | null> {
    const sw = globalThis.navigator?.serviceWorker;
    const url = this.workerUrl;
    if (!sw || !url || this.permission !== 'granted') return Promise.resolve(null);
    if (this.reg) return this.reg;
    const scope = workerScope(url);
    const found = sw.getRegistration(scope).then((r) => (r && r.scope === scope ? r : null), () => null);
    const made = found.then((r) => {
      if (r || !register) return r;
      return sw.register(trustedScriptURL(url) as string, { scope }).then(active, () => null);
    });
    if (register) this.reg = made.then((r) => r ?? (this.reg = null));
    this.listen();
    return made;
  }

  private listen(): void {
    const sw = globalThis.navigator?.serviceWorker;
    if (this.listening || !sw) return;
    this.listening = true;
    sw.addEventListener('message', (e: MessageEvent) => {
      const d = e.data as Record<string, unknown> | null;
      if (!d || typeof d !== 'object') return;
      if (d.omni === 'tick') this.emitter.emit('tick');
      if (d.omni === 'dismissed' && typeof d.tag === 'string' && d.tag.length <= 200) this.emitter.emit('dismissed', d.tag);
      if (d.omni === 'action' && ACTIONS.includes(d.action as string) && typeof d.tag === 'string' && d.tag.length <= 200) {
        const a: DesktopAction = { action: d.action as DesktopAction['action'], tag: d.tag };
        if (d.action === 'reject' && Number.isInteger(d.reason) && (d.reason as number) >= 0) a.reason = d.reason as number;
        this.emitter.emit('action', a);
      }
    });
    // Messages from a worker wait for this (the page may not be controlled by it).
    sw.startMessages?.();
  }

  private watch(): void {
    const perms = globalThis.navigator?.permissions;
    if (!perms || this.p === 'unsupported' || this.p === 'unavailable') return;
    perms
      .query({ name: 'notifications' as PermissionName })
      .then((status) => status.addEventListener('change', () => this.set(detect())))
      .catch(() => {});
  }

  private set(p: DesktopPermission): void {
    if (p === this.p) return;
    this.p = p;
    this.emitter.emit('permission', p);
  }
}

/** What a permission state means for the agent, and what to do about it (plain text). */
export function desktopStatusText(p: DesktopPermission): string {
  switch (p) {
    case 'granted':
      return msg('Desktop notifications are on.', { id: 'desktop.granted' });
    case 'default':
      return msg('Desktop notifications are off.', { id: 'desktop.default' });
    case 'denied':
      return msg(
        'Desktop notifications are blocked for this site. To allow them, open the site settings (the icon before the address), set Notifications to Allow, and reload.',
        { id: 'desktop.denied' },
      );
    case 'unavailable':
      return msg('Desktop notifications are not available here (an embedded frame or an insecure page). Alerts, sound and the tab title still tell you.', {
        id: 'desktop.unavailable',
      });
    default:
      return msg('This browser has no desktop notifications. Alerts, sound and the tab title still tell you.', { id: 'desktop.unsupported' });
  }
}

/** Waits for a fresh registration's worker to be active (showNotification needs it). */
function active(reg: ServiceWorkerRegistration): Promise<ServiceWorkerRegistration> {
  return new Promise((resolve) => {
    const w = reg.installing ?? reg.waiting;
    if (reg.active || !w) return resolve(reg);
    w.addEventListener('statechange', () => {
      if (w.state === 'activated' || w.state === 'redundant') resolve(reg);
    });
  });
}

function detect(): DesktopPermission {
  const g = globalThis as Env & { isSecureContext?: boolean; top?: unknown; self?: unknown };
  const N = g.Notification;
  if (!N) return 'unsupported';
  if (g.isSecureContext === false || crossOriginFrame()) return 'unavailable';
  const p = N.permission;
  return p === 'granted' || p === 'denied' ? p : 'default';
}

/** Notifications cannot be asked for in a frame of another origin (Chrome, Firefox, Safari). */
function crossOriginFrame(): boolean {
  try {
    const top = globalThis.top;
    if (!top || top === globalThis.self) return false;
    return top.location.origin !== globalThis.location.origin;
  } catch {
    return true;
  }
}
